import { appendAuditEvent, type Database } from "@countersign/db";
import { and, eq, inArray, sql } from "drizzle-orm";
import { z } from "zod";

/** The three topics every Shopify app must answer (Shopify's mandatory compliance webhooks). */
export const privacyTopics = ["customers/data_request", "customers/redact", "shop/redact"] as const;
export type PrivacyTopic = (typeof privacyTopics)[number];

export function isPrivacyTopic(topic: string): topic is PrivacyTopic {
  return (privacyTopics as readonly string[]).includes(topic);
}

const Customer = z
  .object({
    id: z.union([z.number(), z.string()]).transform(String).optional(),
    email: z.string().optional().nullable(),
  })
  .loose();

const DataRequest = z
  .object({
    shop_domain: z.string().min(1),
    customer: Customer,
    orders_requested: z.array(z.union([z.number(), z.string()])).optional(),
    data_request: z.object({ id: z.union([z.number(), z.string()]).transform(String) }).optional(),
  })
  .loose();

const CustomerRedact = z
  .object({
    shop_domain: z.string().min(1),
    customer: Customer,
    orders_to_redact: z.array(z.union([z.number(), z.string()])).optional(),
  })
  .loose();

const ShopRedact = z.object({ shop_domain: z.string().min(1) }).loose();

export interface PrivacyOutcome {
  installations: number;
  ticketsErased: number;
  /** For a data request: the tickets we hold for the customer, over every installation. */
  ticketsHeld?: number;
}

function tablesOf(db: Database) {
  return db._.fullSchema;
}

async function installationsOfShop(db: Database, shopDomain: string): Promise<string[]> {
  const { installations } = tablesOf(db);
  const rows = await db
    .select({ id: installations.id })
    .from(installations)
    .where(eq(installations.shopDomain, shopDomain));
  return rows.map((row) => row.id);
}

/**
 * Carries out a compliance request for every installation connected to the shop: a data
 * request is recorded for the merchant to answer; a redaction erases the customer's tickets
 * (their briefs, drafts and actions go with them) and records that it did, without the email.
 */
export async function handlePrivacyRequest(
  db: Database,
  topic: PrivacyTopic,
  body: unknown,
): Promise<PrivacyOutcome | null> {
  const { tickets } = tablesOf(db);
  if (topic === "customers/data_request") {
    const parsed = DataRequest.safeParse(body);
    if (!parsed.success) {
      return null;
    }
    const ids = await installationsOfShop(db, parsed.data.shop_domain);
    const email = parsed.data.customer.email?.toLowerCase() ?? null;
    let held = 0;
    for (const installationId of ids) {
      const rows = email
        ? await db
            .select({ id: tickets.id })
            .from(tickets)
            .where(
              and(
                eq(tickets.installationId, installationId),
                eq(sql`lower(${tickets.requesterEmail})`, email),
              ),
            )
        : [];
      held += rows.length;
      await appendAuditEvent(db, installationId, {
        actor: "webhook:shopify",
        type: "privacy.customer_data_requested",
        data: {
          customerId: parsed.data.customer.id ?? null,
          dataRequestId: parsed.data.data_request?.id ?? null,
          ordersRequested: parsed.data.orders_requested?.map(String) ?? [],
          ticketsHeld: rows.map((row) => row.id),
        },
      });
    }
    return { installations: ids.length, ticketsErased: 0, ticketsHeld: held };
  }
  if (topic === "customers/redact") {
    const parsed = CustomerRedact.safeParse(body);
    if (!parsed.success) {
      return null;
    }
    const ids = await installationsOfShop(db, parsed.data.shop_domain);
    const email = parsed.data.customer.email?.toLowerCase() ?? null;
    let erased = 0;
    for (const installationId of ids) {
      const deleted = email
        ? await db
            .delete(tickets)
            .where(
              and(
                eq(tickets.installationId, installationId),
                eq(sql`lower(${tickets.requesterEmail})`, email),
              ),
            )
            .returning({ id: tickets.id })
        : [];
      erased += deleted.length;
      await appendAuditEvent(db, installationId, {
        actor: "webhook:shopify",
        type: "privacy.customer_redacted",
        data: {
          customerId: parsed.data.customer.id ?? null,
          ordersToRedact: parsed.data.orders_to_redact?.map(String) ?? [],
          ticketsErased: deleted.length,
        },
      });
    }
    return { installations: ids.length, ticketsErased: erased };
  }
  const parsed = ShopRedact.safeParse(body);
  if (!parsed.success) {
    return null;
  }
  const ids = await installationsOfShop(db, parsed.data.shop_domain);
  const deleted =
    ids.length > 0
      ? await db
          .delete(tickets)
          .where(inArray(tickets.installationId, ids))
          .returning({ id: tickets.id, installationId: tickets.installationId })
      : [];
  for (const installationId of ids) {
    await appendAuditEvent(db, installationId, {
      actor: "webhook:shopify",
      type: "privacy.shop_redacted",
      data: {
        ticketsErased: deleted.filter((row) => row.installationId === installationId).length,
      },
    });
  }
  return { installations: ids.length, ticketsErased: deleted.length };
}
