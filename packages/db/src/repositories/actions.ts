import { and, asc, eq, inArray, lt } from "drizzle-orm";
import type { Database } from "../client";
import { type Action, actions, type NewAction } from "../schema";

export type ActionRecord = Omit<
  NewAction,
  "id" | "installationId" | "state" | "createdAt" | "updatedAt"
>;

/**
 * Records an action before it runs. Returns `{created: true}` for the caller that must run it,
 * and the existing row with `{created: false}` for a retry, double click or concurrent click.
 */
export async function recordAction(
  db: Database,
  installationId: string,
  record: ActionRecord,
): Promise<{ action: Action; created: boolean }> {
  const inserted = await db
    .insert(actions)
    .values({ installationId, state: "recorded", ...record })
    .onConflictDoNothing({ target: [actions.installationId, actions.idempotencyKey] })
    .returning();
  const created = inserted[0];
  if (created) {
    return { action: created, created: true };
  }
  const existing = await findActionByKey(db, installationId, record.idempotencyKey);
  if (!existing) {
    throw new Error("action vanished between insert and read");
  }
  return { action: existing, created: false };
}

export async function findActionByKey(
  db: Database,
  installationId: string,
  idempotencyKey: string,
): Promise<Action | null> {
  const rows = await db
    .select()
    .from(actions)
    .where(
      and(eq(actions.installationId, installationId), eq(actions.idempotencyKey, idempotencyKey)),
    )
    .limit(1);
  return rows[0] ?? null;
}

/** Moves an action to its next state, recording the outcome. */
export async function updateActionState(
  db: Database,
  installationId: string,
  actionId: string,
  change: Pick<Action, "state"> & Partial<Pick<Action, "result" | "error">>,
): Promise<Action | null> {
  const rows = await db
    .update(actions)
    .set({ ...change, updatedAt: new Date() })
    .where(and(eq(actions.installationId, installationId), eq(actions.id, actionId)))
    .returning();
  return rows[0] ?? null;
}

/** A ticket's actions, oldest first: what was already approved on it. */
export async function listActionsOfTicket(
  db: Database,
  installationId: string,
  ticketId: string,
): Promise<Action[]> {
  return db
    .select()
    .from(actions)
    .where(and(eq(actions.installationId, installationId), eq(actions.ticketId, ticketId)))
    .orderBy(asc(actions.createdAt), asc(actions.id));
}

/**
 * Actions of every installation left in one of `states` (of one of `kinds`, when given) since
 * before `before`: an approval whose process stopped mid-way, or whose outcome is unknown.
 */
export async function listStaleActions(
  db: Database,
  filter: { states: Action["state"][]; kinds?: string[]; installationId?: string },
  before: Date,
  limit = 100,
): Promise<Action[]> {
  const conditions = [inArray(actions.state, filter.states), lt(actions.updatedAt, before)];
  if (filter.kinds) {
    conditions.push(inArray(actions.kind, filter.kinds));
  }
  if (filter.installationId) {
    conditions.push(eq(actions.installationId, filter.installationId));
  }
  return db
    .select()
    .from(actions)
    .where(and(...conditions))
    .orderBy(asc(actions.updatedAt), asc(actions.id))
    .limit(limit);
}

/**
 * Moves an action on only if it is still in `from` (compare and set): of two workers settling
 * the same action, exactly one gets the row back.
 */
export async function transitionAction(
  db: Database,
  installationId: string,
  actionId: string,
  from: Action["state"],
  change: Pick<Action, "state"> & Partial<Pick<Action, "result" | "error">>,
): Promise<Action | null> {
  const rows = await db
    .update(actions)
    .set({ ...change, updatedAt: new Date() })
    .where(
      and(
        eq(actions.installationId, installationId),
        eq(actions.id, actionId),
        eq(actions.state, from),
      ),
    )
    .returning();
  return rows[0] ?? null;
}
