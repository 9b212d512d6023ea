import { and, eq, sql } from "drizzle-orm";
import type { Database } from "../client";
import {
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
