import { and, asc, eq, gte, lt } from "drizzle-orm";
import type { Database } from "../client";
import { type AuditEvent, auditEvents } from "../schema";

export interface AuditEntry {
  ticketId?: string | null;
  actor: string;
  type: string;
  data?: Record<string, unknown>;
}

/** Appends one event; the table refuses updates, so this is the only way in. */
export async function appendAuditEvent(
  db: Database,
  installationId: string,
  entry: AuditEntry,
): Promise<AuditEvent> {
  const rows = await db
    .insert(auditEvents)
    .values({
      installationId,
      ticketId: entry.ticketId ?? null,
      actor: entry.actor,
      type: entry.type,
      data: entry.data ?? {},
    })
    .returning();
  const row = rows[0];
  if (!row) {
    throw new Error("audit insert returned no row");
  }
  return row;
}

export interface AuditQuery {
  ticketId?: string;
  from?: Date;
  to?: Date;
  limit?: number;
}

/** Events of one installation in the order they happened, optionally for a ticket or period. */
export async function listAuditEvents(
  db: Database,
  installationId: string,
  query: AuditQuery = {},
): Promise<AuditEvent[]> {
  const conditions = [eq(auditEvents.installationId, installationId)];
  if (query.ticketId !== undefined) {
    conditions.push(eq(auditEvents.ticketId, query.ticketId));
  }
  if (query.from !== undefined) {
    conditions.push(gte(auditEvents.createdAt, query.from));
  }
  if (query.to !== undefined) {
    conditions.push(lt(auditEvents.createdAt, query.to));
  }
  return db
    .select()
    .from(auditEvents)
    .where(and(...conditions))
    .orderBy(asc(auditEvents.seq))
    .limit(query.limit ?? 1000);
}
