import { index, integer, jsonb, pgTable, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { createdAt, id, installationId, updatedAt } from "./columns";
import { installations } from "./installations";

/** A helpdesk ticket as far as the product knows it; the helpdesk stays the source of truth. */
export const tickets = pgTable(
  "tickets",
  {
    id: id("tkt"),
    installationId: installationId().references(() => installations.id, { onDelete: "cascade" }),
    /** The helpdesk's own ticket id. */
    externalId: text("external_id").notNull(),
    subject: text("subject").notNull().default(""),
    requesterEmail: text("requester_email"),
    requesterName: text("requester_name"),
    /** Customer messages seen so far; a new one makes the prepared brief stale. */
    customerMessages: integer("customer_messages").notNull().default(0),
    lastCustomerMessageAt: timestamp("last_customer_message_at", { withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (table) => [
    uniqueIndex("tickets_installation_external_key").on(table.installationId, table.externalId),
  ],
);

/**
 * The prepared brief for a ticket: classification, store context, decision and draft, stored
 * whole so an open sidebar is served from here in milliseconds.
 */
export const briefs = pgTable(
  "briefs",
  {
    id: id("brf"),
    installationId: installationId().references(() => installations.id, { onDelete: "cascade" }),
    ticketId: text("ticket_id")
      .notNull()
      .references(() => tickets.id, { onDelete: "cascade" }),
    status: text("status", { enum: ["preparing", "ready", "failed"] }).notNull(),
    /** What the brief was prepared from (message count, order updatedAt…); a change means stale. */
    inputsKey: text("inputs_key").notNull(),
    content: jsonb("content").$type<Record<string, unknown>>(),
    error: text("error"),
    preparedAt: timestamp("prepared_at", { withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (table) => [index("briefs_ticket_idx").on(table.installationId, table.ticketId, table.createdAt)],
);

export type Ticket = typeof tickets.$inferSelect;
export type NewTicket = typeof tickets.$inferInsert;
export type Brief = typeof briefs.$inferSelect;
