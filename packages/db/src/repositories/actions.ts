import { and, eq } from "drizzle-orm";
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
