import { bigserial, index, jsonb, pgTable, text } from "drizzle-orm/pg-core";
import { createdAt, installationId } from "./columns";
import { installations } from "./installations";

/**
 * Append-only record of everything the product did or refused: who, what, when, why.
 * A database trigger (see the migration) refuses UPDATE on this table.
 */
export const auditEvents = pgTable(
  "audit_events",
  {
    seq: bigserial("seq", { mode: "number" }).primaryKey(),
    installationId: installationId().references(() => installations.id, { onDelete: "cascade" }),
    ticketId: text("ticket_id"),
    /** `agent:<id>`, `system`, `webhook:zendesk`, `founder:<id>`… */
    actor: text("actor").notNull(),
    type: text("type").notNull(),
    data: jsonb("data").$type<Record<string, unknown>>().notNull().default({}),
    createdAt: createdAt(),
  },
  (table) => [
    index("audit_events_ticket_idx").on(table.installationId, table.ticketId),
    index("audit_events_time_idx").on(table.installationId, table.createdAt),
  ],
);

export type AuditEvent = typeof auditEvents.$inferSelect;
