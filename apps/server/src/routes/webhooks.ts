import {
  appendAuditEvent,
  findInstallationBySubdomain,
  recordWebhookDelivery,
} from "@countersign/db";
import { AppError, UnauthorizedError, ValidationError } from "@countersign/shared";
import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import type { AppEnv } from "../deps";
import { queueShadowComparison } from "../use-cases/compare-shadow";
import { disconnectShopifyStore } from "../use-cases/connect-shopify-store";
import { forgetWebhookDelivery } from "../webhooks/deliveries";
import { isOrderTopic, refreshBriefsForOrder } from "../webhooks/shopify-orders";
import { handlePrivacyRequest, isPrivacyTopic } from "../webhooks/shopify-privacy";
import { verifyShopifyHmac, verifyZendeskSignature } from "../webhooks/signatures";
import { queueBriefPreparation, readZendeskEvent } from "../webhooks/zendesk-events";

/** Largest webhook body we read; ticket and compliance payloads are a few kilobytes. */
const webhookBodyLimitBytes = 64 * 1024;

const subdomainPattern = /^[a-z0-9][a-z0-9_-]{0,99}$/i;
const shopifyTopicPattern = /^[a-z_]+\/[a-z_]+$/;

function parseJson(raw: Uint8Array): unknown {
  try {
    return JSON.parse(new TextDecoder().decode(raw));
  } catch {
    throw new ValidationError("The body is not JSON.", [{ path: "body", message: "not JSON" }]);
  }
}

/** The store an `app/uninstalled` payload (the Shop resource) names. */
function shopOf(body: unknown): string | null {
  const domain = (body as { myshopify_domain?: unknown } | null)?.myshopify_domain;
  return typeof domain === "string" && domain !== "" ? domain : null;
}

function rejected(reason: string): UnauthorizedError {
  return new UnauthorizedError(`webhook signature is ${reason}`);
}

/**
 * Signed deliveries from Zendesk and Shopify. Each is verified over the raw body before
 * anything in it is believed, and recorded by its delivery id so a redelivery does no work.
 */
export const webhookRoutes = new Hono<AppEnv>()
  .use(
    "*",
    bodyLimit({
      maxSize: webhookBodyLimitBytes,
      onError: () => {
        throw new AppError(
          "PAYLOAD_TOO_LARGE",
          `webhook bodies are limited to ${webhookBodyLimitBytes} bytes`,
        );
      },
    }),
  )
  .post("/zendesk", async (c) => {
    const deps = c.get("deps");
    const raw = new Uint8Array(await c.req.arrayBuffer());
    // The endpoint registered in Zendesk names its account: `/webhooks/zendesk?subdomain=acme`.
    const subdomain = c.req.query("subdomain") ?? "";
    if (!subdomainPattern.test(subdomain)) {
      throw rejected("missing or not valid");
    }
    const installation =
      (await findInstallationBySubdomain(deps.database.db, "zendesk", subdomain)) ??
      (await findInstallationBySubdomain(deps.database.db, "local", subdomain));
    const secret = installation ? await deps.webhookSecretFor(installation) : null;
    if (!installation || !secret) {
      throw rejected("missing or not valid");
    }
    const check = verifyZendeskSignature({
      secret,
      body: raw,
      signature: c.req.header("x-zendesk-webhook-signature"),
      timestamp: c.req.header("x-zendesk-webhook-signature-timestamp"),
      now: deps.clock(),
    });
    if (!check.ok) {
      throw rejected(check.reason === "stale" ? "outside the accepted time window" : "not valid");
    }
    const event = readZendeskEvent(parseJson(raw));
    if (!event) {
      throw new ValidationError("The webhook body is not a ticket event we know.", [
        { path: "body.type", message: "expected a ticket event" },
      ]);
    }
    const deliveryId = event.eventId ?? c.req.header("x-zendesk-webhook-invocation-id");
    if (!deliveryId) {
      throw new ValidationError("The delivery has no event id or invocation id.", [
        { path: "header.x-zendesk-webhook-invocation-id", message: "required" },
      ]);
    }
    const first = await recordWebhookDelivery(deps.database.db, {
      source: "zendesk",
      deliveryId,
      topic: event.topic,
      installationId: installation.id,
    });
    if (!first) {
      return c.json({ status: "duplicate" }, 200);
    }
    await appendAuditEvent(deps.database.db, installation.id, {
      actor: "webhook:zendesk",
      type: "webhook.received",
      data: {
        deliveryId,
        topic: event.topic,
        kind: event.kind,
        externalTicketId: event.kind === "ignore" ? null : String(event.ticketId),
      },
    });
    if (event.kind === "ignore") {
      return c.json({ status: "ignored" }, 200);
    }
    let status: "queued" | "already-queued" | "no-shadow-mode";
    try {
      if (event.kind === "compare") {
        // The agent answered: measure their reply against the shadow draft, prepare nothing.
        status = await queueShadowComparison(deps, installation, event.ticketId);
      } else {
        const queued = await queueBriefPreparation(deps, installation.id, event.ticketId);
        status = queued ? "queued" : "already-queued";
      }
    } catch (error) {
      // Not queued: forget the delivery so Zendesk's retry (after our 500) is taken.
      await forgetWebhookDelivery(deps.database.db, "zendesk", deliveryId);
      throw error;
    }
    if (status === "no-shadow-mode") {
      return c.json({ status: "ignored" }, 200);
    }
    return c.json({ status }, 202);
  })
  .post("/shopify/*", async (c) => {
    const deps = c.get("deps");
    const raw = new Uint8Array(await c.req.arrayBuffer());
    const topic = c.req.path.replace(/^.*\/webhooks\/shopify\//, "");
    const secret = deps.shopifyWebhookSecret;
    if (!secret) {
      throw rejected("missing or not valid");
    }
    const check = verifyShopifyHmac({
      secret,
      body: raw,
      hmac: c.req.header("x-shopify-hmac-sha256"),
    });
    if (!check.ok) {
      throw rejected("not valid");
    }
    if (!shopifyTopicPattern.test(topic)) {
      throw new ValidationError("Unknown webhook topic.", [{ path: "path", message: "topic" }]);
    }
    const body = parseJson(raw);
    const deliveryId = c.req.header("x-shopify-webhook-id") ?? c.req.header("x-shopify-event-id");
    if (deliveryId) {
      const first = await recordWebhookDelivery(deps.database.db, {
        source: "shopify",
        deliveryId,
        topic,
      });
      if (!first) {
        return c.json({ status: "duplicate" }, 200);
      }
    }
    if (topic === "app/uninstalled") {
      const shop = c.req.header("x-shopify-shop-domain") ?? shopOf(body);
      if (!shop) {
        throw new ValidationError("The uninstall webhook does not say which store.", [
          { path: "x-shopify-shop-domain", message: "expected the store's myshopify domain" },
        ]);
      }
      return c.json(await disconnectShopifyStore({ deps, input: { shop } }), 200);
    }
    if (isOrderTopic(topic)) {
      const queued = await refreshBriefsForOrder(deps, c.req.header("x-shopify-shop-domain"), body);
      return c.json({ status: "refreshing", briefs: queued }, 200);
    }
    if (!isPrivacyTopic(topic)) {
      return c.json({ status: "ignored" }, 200);
    }
    const outcome = await handlePrivacyRequest(deps.database.db, topic, body);
    if (!outcome) {
      throw new ValidationError("The compliance request is missing its shop or customer.", [
        { path: "body", message: "expected shop_domain and customer" },
      ]);
    }
    deps.logger.info("privacy request handled", { topic, ...outcome });
    return c.json({ status: "done", ...outcome }, 200);
  });
