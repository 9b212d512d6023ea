// What the logs hold after real work — briefs, approvals, failures at every edge, webhooks —
// scanned for secrets (tokens, the helpdesk JWT, API keys, signing secrets) and for customer
// emails, street addresses and phone numbers: none may appear.
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { createClaudeClassifier, createClaudeDrafter } from "@countersign/assistant";
import type { HelpdeskClient } from "@countersign/helpdesk";
import { UpstreamError } from "@countersign/shared";
import { createShopifyCommerce, demoStoreFetch } from "@countersign/shopify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../src/app";
import { DEMO_STORE_TOKEN } from "../src/compose";
import { createInProcessQueue } from "../src/jobs/queue";
import { createLogger } from "../src/logger";
import { deliverOutbox } from "../src/use-cases/deliver-outbox";
import { signShopifyWebhook, signZendeskWebhook } from "../src/webhooks/signatures";
import {
  approveRequest,
  createHarness,
  type Harness,
  now,
  readyBrief,
  secret,
  signedRequest,
} from "./harness";

const anthropicKey = "sk-ant-api03-LOGSCANKEY0123456789abcdefghijklmnopqrstuvwxyz";
const webhookSecret = "logscan-zendesk-webhook-secret-0123456789";
const shopifySecret = "logscan-shopify-app-secret-0123456789abcd";

interface DemoData {
  store: {
    customers: { email: string | null; phone: string | null }[];
    orders: {
      email: string | null;
      shippingAddress: { address1: string | null; phone: string | null } | null;
    }[];
  };
  tickets: { requester: { email: string } }[];
}

const demo = JSON.parse(
  readFileSync(fileURLToPath(new URL("../../../demo/demo-data.json", import.meta.url)), "utf8"),
) as DemoData;

/** Every piece of customer contact data in the demo store and tickets. */
const customerData = [
  ...demo.store.customers.flatMap((customer) => [customer.email, customer.phone]),
  ...demo.store.orders.flatMap((order) => [
    order.email,
    order.shippingAddress?.address1,
    order.shippingAddress?.phone,
  ]),
  ...demo.tickets.map((ticket) => ticket.requester.email),
].filter((value): value is string => typeof value === "string" && value.length > 4);

let harness: Harness;
const lines: string[] = [];
const tokens: string[] = [];

beforeAll(async () => {
  harness = await createHarness(undefined, { demo: true });
  const logger = createLogger("debug", (line) => lines.push(line));
  harness.deps.logger = logger;
  harness.deps.queue = createInProcessQueue({ logger });
  const token = harness.token;
  harness.token = async (claims, options) => {
    const signed = await token(claims, options);
    tokens.push(signed);
    return signed;
  };
});

afterAll(async () => {
  await harness.deps.queue.stop();
  await harness.close();
});

describe("the logs", () => {
  it("hold the work that was done", async () => {
    const { deps } = harness;
    // The model fails with an authentication error that names the key it was given.
    const config = {
      apiKey: anthropicKey,
      maxRetries: 0,
      fetch: (async () =>
        new Response(
          JSON.stringify({
            type: "error",
            error: { type: "authentication_error", message: `invalid x-api-key ${anthropicKey}` },
          }),
          { status: 401, headers: { "content-type": "application/json" } },
        )) as typeof fetch,
    };
    deps.classifier = createClaudeClassifier(config);
    deps.drafter = createClaudeDrafter(config);
    for (const ticketId of [101, 103, 104, 105, 106, 107, 108, 109]) {
      await readyBrief(harness, ticketId);
    }

    // A refund, and a return whose reply the helpdesk refuses at first.
    const refund = await readyBrief(harness, 104);
    expect((await approveRequest(harness, 104, refund.draft.id, { text: "Done." })).status).toBe(
      200,
    );
    const local = harness.helpdesk;
    let refusals = 1;
    const flaky: HelpdeskClient = {
      getTicket: (id) => local.getTicket(id),
      getAgentRole: (id) => local.getAgentRole(id),
      postInternalNote: (id, body) => local.postInternalNote(id, body),
      addTags: (id, tags) => local.addTags(id, tags),
      async postReply(id, body) {
        if (refusals-- > 0) {
          throw new UpstreamError(
            "zendesk",
            503,
            `zendesk answered 503 to PUT /api/v2/tickets/${id}.json`,
          );
        }
        return local.postReply(id, body);
      },
    };
    deps.helpdeskFor = () => flaky;
    const ret = await readyBrief(harness, 103);
    expect(
      (await approveRequest(harness, 103, ret.draft.id, { text: "Return open." })).status,
    ).toBe(200);
    deps.clock = () => new Date(now.getTime() + 3_600_000);
    await deliverOutbox({ deps, input: { installation: harness.installation } });
    deps.clock = () => now;
    deps.helpdeskFor = () => local;

    // Shopify fails mid-approval with a 500 whose body quotes the customer.
    const failing = createShopifyCommerce({
      shop: "northwind-threads.myshopify.com",
      accessToken: DEMO_STORE_TOKEN,
      sleep: async () => {},
      fetch: async (input, init) => {
        const body = typeof init?.body === "string" ? init.body : "";
        if (body.includes("ReturnCreate") || body.includes("ReplacementDraft")) {
          return new Response(
            JSON.stringify({
              errors: `internal error for ${customerData[0]} at ${customerData.at(-1)}`,
            }),
            { status: 500 },
          );
        }
        return demoStoreFetch(harness.store)(input, init);
      },
    });
    deps.commerceFor = () => failing;
    const replace = await readyBrief(harness, 105);
    expect(
      (await approveRequest(harness, 105, replace.draft.id, { text: "New one." })).status,
    ).toBe(502);

    // Requests that fail authentication carry their tokens in headers, not in the logs.
    await harness.app.request("/api/tickets/101", {
      headers: {
        authorization: `Bearer ${await harness.token({ sub: "1" }, { secret: "wrong-secret-0123456789012345678901" })}`,
      },
    });
    await signedRequest(harness, "/api/tickets/999999/brief");

    // Webhooks: accepted, refused, and a privacy request that names the customer.
    const app = createApp(
      {
        ...deps,
        webhookSecretFor: async () => webhookSecret,
        shopifyWebhookSecret: shopifySecret,
      },
      { rateLimits: { api: null, webhooks: null } },
    );
    const timestamp = now.toISOString().replace(/\.\d{3}Z$/, "Z");
    const created = JSON.stringify({ type: "ticket.created", ticket_id: "110" });
    for (const signature of [signZendeskWebhook(webhookSecret, timestamp, created), "bad"]) {
      await app.request(`/webhooks/zendesk?subdomain=${harness.installation.subdomain}`, {
        method: "POST",
        headers: {
          "x-zendesk-webhook-signature": signature,
          "x-zendesk-webhook-signature-timestamp": timestamp,
          "x-zendesk-webhook-invocation-id": randomUUID(),
        },
        body: created,
      });
    }
    const redact = JSON.stringify({
      shop_id: 1,
      shop_domain: harness.installation.shopDomain,
      customer: { id: 7, email: customerData[0], phone: "+1 555 0100" },
      orders_to_redact: [1033],
    });
    await app.request("/webhooks/shopify/customers/redact", {
      method: "POST",
      headers: {
        "x-shopify-hmac-sha256": signShopifyWebhook(shopifySecret, redact),
        "x-shopify-webhook-id": randomUUID(),
      },
      body: redact,
    });
    await new Promise((resolve) => setTimeout(resolve, 200));

    expect(lines.length).toBeGreaterThan(20);
    expect(lines.some((line) => line.includes('"status":502'))).toBe(true);
    expect(lines.some((line) => line.includes("/webhooks/shopify/customers/redact"))).toBe(true);
  });

  it("are one JSON object per line", () => {
    for (const line of lines) {
      expect(() => JSON.parse(line)).not.toThrow();
    }
  });

  it("hold no secret: tokens, the helpdesk secret, API keys, signing secrets", () => {
    const text = lines.join("\n");
    expect(tokens.length).toBeGreaterThan(10);
    for (const token of tokens) {
      expect(text).not.toContain(token);
      expect(text).not.toContain(token.split(".")[2] ?? token);
    }
    for (const value of [secret, anthropicKey, webhookSecret, shopifySecret, DEMO_STORE_TOKEN]) {
      expect(text).not.toContain(value);
    }
    expect(text).not.toMatch(/eyJ[\w-]+\.[\w-]+\.[\w-]+/);
    expect(text).not.toMatch(/sk-ant-[\w-]{8,}/);
    expect(text).not.toMatch(/shpat_\w+/);
    expect(text).not.toMatch(/bearer\s+\S{20,}/i);
  });

  it("hold no customer email, street address or phone number", () => {
    const text = lines.join("\n");
    expect(customerData.length).toBeGreaterThan(10);
    for (const value of customerData) {
      expect(text, value).not.toContain(value);
    }
    expect(text).not.toMatch(/[\w.+-]+@[\w-]+\.[\w.]+/);
    expect(text).not.toContain("+1 555 0100");
  });
});
