import { and, asc, desc, eq, gte, inArray, lt } from "drizzle-orm";
import type { Database } from "../client";
import { actions, auditEvents, briefs, draftEdits, drafts, outbox, tickets } from "../schema";

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

/** Replies posted for the given actions, with when each was sent (null while pending). */
export async function listRepliesOfActions(
  db: Database,
  installationId: string,
  actionIds: string[],
) {
  if (actionIds.length === 0) {
    return [];
  }
  return db
    .select({ actionId: outbox.actionId, state: outbox.state, sentAt: outbox.sentAt })
    .from(outbox)
    .where(
      and(
        eq(outbox.installationId, installationId),
        eq(outbox.kind, "reply"),
        inArray(outbox.actionId, actionIds),
      ),
    );
}

/** Audit events of the given types on the given tickets, in the order they were appended. */
export async function listAuditEventsOfTickets(
  db: Database,
  installationId: string,
  ticketIds: string[],
  types: string[],
) {
  if (ticketIds.length === 0 || types.length === 0) {
    return [];
  }
  return db
    .select()
    .from(auditEvents)
    .where(
      and(
        eq(auditEvents.installationId, installationId),
        inArray(auditEvents.ticketId, ticketIds),
        inArray(auditEvents.type, types),
      ),
    )
    .orderBy(asc(auditEvents.seq));
}

/** The newest audit events of the given types, newest first. */
export async function listRecentAuditEventsOfTypes(
  db: Database,
  installationId: string,
  types: string[],
  limit = 200,
) {
  if (types.length === 0) {
    return [];
  }
  return db
    .select()
    .from(auditEvents)
    .where(and(eq(auditEvents.installationId, installationId), inArray(auditEvents.type, types)))
    .orderBy(desc(auditEvents.seq))
    .limit(limit);
}
