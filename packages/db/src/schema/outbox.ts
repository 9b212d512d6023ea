import { index, integer, jsonb, pgTable, text, timestamp } from "drizzle-orm/pg-core";
import { actions } from "./actions";
import { createdAt, id, installationId } from "./columns";
import { installations } from "./installations";

/**
 * Helpdesk writes (public reply, internal note, tags, group) owed after an action ran. They are retried
 * from here until they land, so a failed reply never causes the action to run again.
 */
export const outbox = pgTable(
  "outbox",
  {
    id: id("obx"),
    installationId: installationId().references(() => installations.id, { onDelete: "cascade" }),
    actionId: text("action_id").references(() => actions.id, { onDelete: "set null" }),
    /** The helpdesk's ticket id. */
    externalTicketId: text("external_ticket_id").notNull(),
    kind: text("kind", { enum: ["reply", "note", "tags", "group"] }).notNull(),
    payload: jsonb("payload").$type<Record<string, unknown>>().notNull(),
    state: text("state", { enum: ["pending", "sent", "dead"] })
      .notNull()
      .default("pending"),
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: timestamp("next_attempt_at", { withTimezone: true }).notNull().defaultNow(),
    lastError: text("last_error"),
    sentAt: timestamp("sent_at", { withTimezone: true }),
    createdAt: createdAt(),
  },
  (table) => [index("outbox_due_idx").on(table.state, table.nextAttemptAt)],
);

export type OutboxMessage = typeof outbox.$inferSelect;
