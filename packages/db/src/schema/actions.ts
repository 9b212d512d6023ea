import { index, jsonb, pgTable, text, uniqueIndex } from "drizzle-orm/pg-core";
import { createdAt, id, installationId, updatedAt } from "./columns";
import { drafts } from "./drafts";
import { installations } from "./installations";
import { tickets } from "./tickets";

/**
 * A money- or goods-moving action, recorded before it runs. The unique idempotency key makes
 * retries, double clicks and concurrent clicks find this row instead of acting again.
 */
export const actions = pgTable(
  "actions",
  {
    id: id("act"),
    installationId: installationId().references(() => installations.id, { onDelete: "cascade" }),
    ticketId: text("ticket_id")
      .notNull()
      .references(() => tickets.id, { onDelete: "cascade" }),
    draftId: text("draft_id").references(() => drafts.id, { onDelete: "set null" }),
    idempotencyKey: text("idempotency_key").notNull(),
    kind: text("kind").notNull(),
    state: text("state", {
      enum: ["recorded", "running", "succeeded", "failed", "needs_reconcile"],
    }).notNull(),
    request: jsonb("request").$type<Record<string, unknown>>().notNull(),
    result: jsonb("result").$type<Record<string, unknown>>(),
    error: text("error"),
    actor: text("actor").notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (table) => [
    uniqueIndex("actions_idempotency_key").on(table.installationId, table.idempotencyKey),
    index("actions_ticket_idx").on(table.installationId, table.ticketId),
  ],
);

export type Action = typeof actions.$inferSelect;
export type NewAction = typeof actions.$inferInsert;
