import { pgTable, text, uniqueIndex } from "drizzle-orm/pg-core";
import { createdAt, id } from "./columns";

/**
 * Every webhook delivery we accepted, keyed by its sender's delivery id: helpdesks and stores
 * deliver at least once, and a repeat must not queue the work again.
 */
export const webhookDeliveries = pgTable(
  "webhook_deliveries",
  {
    id: id("whd"),
    /** `zendesk`, `shopify`, `gorgias`. */
    source: text("source").notNull(),
    deliveryId: text("delivery_id").notNull(),
    installationId: text("installation_id"),
    topic: text("topic").notNull(),
    createdAt: createdAt(),
  },
  (table) => [
    uniqueIndex("webhook_deliveries_source_delivery_key").on(table.source, table.deliveryId),
  ],
);

export type WebhookDelivery = typeof webhookDeliveries.$inferSelect;
