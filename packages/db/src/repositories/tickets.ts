import { and, desc, eq } from "drizzle-orm";
import type { Database } from "../client";
import { type Brief, briefs, type Ticket, tickets } from "../schema";

export interface TicketSnapshot {
  externalId: string;
  subject: string;
  requesterEmail: string | null;
  requesterName: string | null;
  customerMessages: number;
  lastCustomerMessageAt: Date | null;
}

/** Records what the helpdesk says about a ticket now; creates the row the first time. */
export async function upsertTicket(
  db: Database,
  installationId: string,
  snapshot: TicketSnapshot,
): Promise<Ticket> {
  const rows = await db
    .insert(tickets)
    .values({ installationId, ...snapshot })
    .onConflictDoUpdate({
      target: [tickets.installationId, tickets.externalId],
      set: {
        subject: snapshot.subject,
        requesterEmail: snapshot.requesterEmail,
        requesterName: snapshot.requesterName,
        customerMessages: snapshot.customerMessages,
        lastCustomerMessageAt: snapshot.lastCustomerMessageAt,
        updatedAt: new Date(),
      },
    })
    .returning();
  const row = rows[0];
  if (!row) {
    throw new Error("ticket upsert returned no row");
  }
  return row;
}

export async function findTicketByExternalId(
  db: Database,
  installationId: string,
  externalId: string,
): Promise<Ticket | null> {
  const rows = await db
    .select()
    .from(tickets)
    .where(and(eq(tickets.installationId, installationId), eq(tickets.externalId, externalId)))
    .limit(1);
  return rows[0] ?? null;
}

/**
 * A ticket by the helpdesk's id with its newest brief, in one round trip: what every read of
 * the sidebar needs. Null when the ticket is unknown; `brief` null when it has none yet.
 */
export async function findTicketWithLatestBrief(
  db: Database,
  installationId: string,
  externalId: string,
): Promise<{ ticket: Ticket; brief: Brief | null } | null> {
  const rows = await db
    .select({ ticket: tickets, brief: briefs })
    .from(tickets)
    .leftJoin(
      briefs,
      and(eq(briefs.ticketId, tickets.id), eq(briefs.installationId, tickets.installationId)),
    )
    .where(and(eq(tickets.installationId, installationId), eq(tickets.externalId, externalId)))
    .orderBy(desc(briefs.createdAt))
    .limit(1);
  const row = rows[0];
  return row ? { ticket: row.ticket, brief: row.brief } : null;
}

/** The newest brief of a ticket, whatever its status. */
export async function findLatestBrief(
  db: Database,
  installationId: string,
  ticketId: string,
): Promise<Brief | null> {
  const rows = await db
    .select()
    .from(briefs)
    .where(and(eq(briefs.installationId, installationId), eq(briefs.ticketId, ticketId)))
    .orderBy(desc(briefs.createdAt))
    .limit(1);
  return rows[0] ?? null;
}
