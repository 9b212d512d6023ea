import { and, eq, gte, notExists, sql } from "drizzle-orm";
import type { Database } from "../client";
import {
  auditEvents,
  type Brief,
  briefs,
  type Draft,
  draftEdits,
  drafts,
  installations,
  tickets,
} from "../schema";

export interface BriefRecord {
  ticketId: string;
  inputsKey: string;
  content: Record<string, unknown>;
  preparedAt: Date;
}

/** Stores a prepared brief; the newest brief of a ticket is the one in force. */
export async function saveReadyBrief(
  db: Database,
  installationId: string,
  record: BriefRecord,
): Promise<Brief> {
  const rows = await db
    .insert(briefs)
    .values({ installationId, status: "ready", ...record })
    .returning();
  const row = rows[0];
  if (!row) {
    throw new Error("brief insert returned no row");
  }
  return row;
}

export interface DraftRecord {
  ticketId: string;
  briefId?: string | null;
  intent: string | null;
  proposedText: string;
  source: "claude" | "offline";
  factCheck: Record<string, unknown> | null;
  usage: Record<string, unknown> | null;
}

export async function insertDraft(
  db: Database,
  installationId: string,
  record: DraftRecord,
): Promise<Draft> {
  const rows = await db
    .insert(drafts)
    .values({ installationId, ...record })
    .returning();
  const row = rows[0];
  if (!row) {
    throw new Error("draft insert returned no row");
  }
  return row;
}

/** Points a draft at the brief it belongs to (the draft is written first to get its id). */
export async function attachDraftToBrief(
  db: Database,
  installationId: string,
  draftId: string,
  briefId: string,
): Promise<void> {
  await db
    .update(drafts)
    .set({ briefId })
    .where(and(eq(drafts.installationId, installationId), eq(drafts.id, draftId)));
}

export async function findDraft(
  db: Database,
  installationId: string,
  draftId: string,
): Promise<Draft | null> {
  const rows = await db
    .select()
    .from(drafts)
    .where(and(eq(drafts.installationId, installationId), eq(drafts.id, draftId)))
    .limit(1);
  return rows[0] ?? null;
}

/**
 * The brief a draft was proposed in: what the store looked like when the decision was made
 * (newer briefs of the ticket may show the order after the action).
 */
export async function findBriefOfDraft(
  db: Database,
  installationId: string,
  draftId: string,
): Promise<Brief | null> {
  const rows = await db
    .select({ brief: briefs })
    .from(drafts)
    .innerJoin(
      briefs,
      and(eq(briefs.id, drafts.briefId), eq(briefs.installationId, drafts.installationId)),
    )
    .where(and(eq(drafts.installationId, installationId), eq(drafts.id, draftId)))
    .limit(1);
  return rows[0]?.brief ?? null;
}

/** Keeps what the agent sent beside what was proposed, with the edit distance between them. */
export async function recordDraftEdit(
  db: Database,
  installationId: string,
  edit: { draftId: string; text: string; editDistance: number; editedBy: string },
): Promise<void> {
  await db.insert(draftEdits).values({ installationId, ...edit });
}

/**
 * The tickets (helpdesk ids, per installation) whose briefs were prepared from this order of
 * this shop: when the order changes in the store, their briefs are stale.
 */
export async function findTicketsBriefedOnOrder(
  db: Database,
  shopDomain: string,
  orderId: string,
): Promise<{ installationId: string; externalId: string }[]> {
  const rows = await db
    .selectDistinct({ installationId: tickets.installationId, externalId: tickets.externalId })
    .from(briefs)
    .innerJoin(tickets, eq(tickets.id, briefs.ticketId))
    .innerJoin(installations, eq(installations.id, briefs.installationId))
    .where(
      and(
        eq(installations.shopDomain, shopDomain),
        sql`${briefs.content} -> 'order' ->> 'id' = ${orderId}`,
      ),
    );
  return rows;
}

/** A ticket a webhook asked to brief, with no brief prepared since it asked. */
export interface TicketAwaitingBrief {
  installationId: string;
  externalTicketId: string;
}

/**
 * Tickets whose `webhook.received` audit event (a new ticket, a customer's message) since
 * `since` has no brief prepared after it: the work the in-process queue held when its process
 * stopped. Read from the audit log, which the webhook writes before it queues anything.
 */
export async function listTicketsAwaitingBrief(
  db: Database,
  since: Date,
  options: { installationId?: string; limit?: number } = {},
): Promise<TicketAwaitingBrief[]> {
  const externalId = sql<string>`${auditEvents.data} ->> 'externalTicketId'`;
  const asked = db.$with("asked").as(
    db
      .select({
        installationId: auditEvents.installationId,
        externalTicketId: externalId.as("external_ticket_id"),
        askedAt: sql<Date>`max(${auditEvents.createdAt})`.as("asked_at"),
      })
      .from(auditEvents)
      .where(
        and(
          eq(auditEvents.type, "webhook.received"),
          sql`${auditEvents.data} ->> 'kind' = 'prepare'`,
          gte(auditEvents.createdAt, since),
          options.installationId
            ? eq(auditEvents.installationId, options.installationId)
            : undefined,
        ),
      )
      .groupBy(auditEvents.installationId, externalId),
  );
  const answered = db
    .select({ one: sql`1` })
    .from(briefs)
    .innerJoin(tickets, eq(tickets.id, briefs.ticketId))
    .where(
      and(
        eq(tickets.installationId, asked.installationId),
        eq(tickets.externalId, asked.externalTicketId),
        gte(briefs.createdAt, asked.askedAt),
      ),
    );
  return db
    .with(asked)
    .select({ installationId: asked.installationId, externalTicketId: asked.externalTicketId })
    .from(asked)
    .where(notExists(answered))
    .limit(options.limit ?? 500);
}
