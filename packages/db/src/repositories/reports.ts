import { and, asc, eq, gte, inArray, lt } from "drizzle-orm";
import type { Database } from "../client";
import { actions, briefs, draftEdits, drafts, tickets } from "../schema";

export interface Period {
  from: Date;
  to: Date;
}

/** Ready briefs prepared (by the product's clock) in [from, to), oldest first, with their ticket's creation time. */
export async function listBriefsInPeriod(db: Database, installationId: string, period: Period) {
  return db
    .select({
      id: briefs.id,
      ticketId: briefs.ticketId,
      content: briefs.content,
      preparedAt: briefs.preparedAt,
      createdAt: briefs.createdAt,
      ticketCreatedAt: tickets.createdAt,
    })
    .from(briefs)
    .innerJoin(tickets, eq(tickets.id, briefs.ticketId))
    .where(
      and(
        eq(briefs.installationId, installationId),
        eq(briefs.status, "ready"),
        gte(briefs.preparedAt, period.from),
        lt(briefs.preparedAt, period.to),
      ),
    )
    .orderBy(asc(briefs.preparedAt), asc(briefs.id));
}

/** Drafts of the given tickets with what was sent for each (null when nothing was sent). */
export async function listDraftsWithEdits(
  db: Database,
  installationId: string,
  ticketIds: string[],
) {
  if (ticketIds.length === 0) {
    return [];
  }
  return db
    .select({
      draftId: drafts.id,
      ticketId: drafts.ticketId,
      intent: drafts.intent,
      proposedText: drafts.proposedText,
      usage: drafts.usage,
      createdAt: drafts.createdAt,
      editText: draftEdits.text,
      editDistance: draftEdits.editDistance,
      editedBy: draftEdits.editedBy,
      editedAt: draftEdits.createdAt,
    })
    .from(drafts)
    .leftJoin(
      draftEdits,
      and(eq(draftEdits.draftId, drafts.id), eq(draftEdits.installationId, installationId)),
    )
    .where(and(eq(drafts.installationId, installationId), inArray(drafts.ticketId, ticketIds)))
    .orderBy(asc(drafts.createdAt), asc(drafts.id));
}

/** Actions taken on the given tickets, oldest first. */
export async function listActionsOfTickets(
  db: Database,
  installationId: string,
  ticketIds: string[],
) {
  if (ticketIds.length === 0) {
    return [];
  }
  return db
    .select()
    .from(actions)
    .where(and(eq(actions.installationId, installationId), inArray(actions.ticketId, ticketIds)))
    .orderBy(asc(actions.createdAt), asc(actions.id));
}

/** The helpdesk's ticket id of each of our ticket ids. */
export async function externalTicketIds(
  db: Database,
  installationId: string,
  ticketIds: string[],
): Promise<Map<string, string>> {
  if (ticketIds.length === 0) {
    return new Map();
  }
  const rows = await db
    .select({ id: tickets.id, externalId: tickets.externalId })
    .from(tickets)
    .where(and(eq(tickets.installationId, installationId), inArray(tickets.id, ticketIds)));
  return new Map(rows.map((row) => [row.id, row.externalId]));
}
