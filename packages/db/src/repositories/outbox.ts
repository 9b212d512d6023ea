import { and, asc, eq, inArray, lte } from "drizzle-orm";
import type { Database } from "../client";
import { type OutboxMessage, outbox } from "../schema";

export interface OutboxRecord {
  actionId: string | null;
  externalTicketId: string;
  kind: OutboxMessage["kind"];
  payload: Record<string, unknown>;
}

/** Queues messages, due at `now` (the caller's clock, so tests and replays agree on time). */
export async function enqueueOutbox(
  db: Database,
  installationId: string,
  records: OutboxRecord[],
  now: Date,
): Promise<OutboxMessage[]> {
  if (records.length === 0) {
    return [];
  }
  // Distinct creation times keep a ticket's reply, note and tags in the order they were queued.
  return db
    .insert(outbox)
    .values(
      records.map((record, index) => ({
        installationId,
        ...record,
        nextAttemptAt: now,
        createdAt: new Date(now.getTime() + index),
      })),
    )
    .returning();
}

/**
 * Claims pending messages whose next attempt is due, oldest first, by pushing their next attempt
 * a lease into the future in the same statement: two workers (or two approvals) never claim the
 * same message, so nothing is posted twice. A claimed message not marked sent or failed before
 * the lease ends is due again.
 */
export async function claimDueOutbox(
  db: Database,
  installationId: string | null,
  now: Date,
  options: { actionId?: string; limit?: number; leaseMs?: number } = {},
): Promise<OutboxMessage[]> {
  const conditions = [eq(outbox.state, "pending"), lte(outbox.nextAttemptAt, now)];
  if (installationId !== null) {
    conditions.push(eq(outbox.installationId, installationId));
  }
  if (options.actionId !== undefined) {
    conditions.push(eq(outbox.actionId, options.actionId));
  }
  const due = db
    .select({ id: outbox.id })
    .from(outbox)
    .where(and(...conditions))
    .orderBy(asc(outbox.createdAt), asc(outbox.id))
    .limit(options.limit ?? 50)
    .for("update", { skipLocked: true });
  const claimed = await db
    .update(outbox)
    .set({ nextAttemptAt: new Date(now.getTime() + (options.leaseMs ?? 60_000)) })
    .where(inArray(outbox.id, due))
    .returning();
  return claimed.sort(
    (a, b) => a.createdAt.getTime() - b.createdAt.getTime() || a.id.localeCompare(b.id),
  );
}

export async function listOutboxOfAction(
  db: Database,
  installationId: string,
  actionId: string,
): Promise<OutboxMessage[]> {
  return db
    .select()
    .from(outbox)
    .where(and(eq(outbox.installationId, installationId), eq(outbox.actionId, actionId)))
    .orderBy(asc(outbox.createdAt), asc(outbox.id));
}

export async function markOutboxSent(
  db: Database,
  installationId: string,
  id: string,
  now: Date,
): Promise<void> {
  await db
    .update(outbox)
    .set({ state: "sent", sentAt: now, lastError: null })
    .where(and(eq(outbox.installationId, installationId), eq(outbox.id, id)));
}

/** Schedules another attempt with backoff; after `maxAttempts` the message is dead-lettered. */
export async function markOutboxFailed(
  db: Database,
  installationId: string,
  message: OutboxMessage,
  error: string,
  now: Date,
  maxAttempts = 8,
): Promise<void> {
  const attempts = message.attempts + 1;
  const backoffMs = Math.min(15 * 60_000, 2_000 * 2 ** (attempts - 1));
  await db
    .update(outbox)
    .set({
      attempts,
      lastError: error.slice(0, 500),
      state: attempts >= maxAttempts ? "dead" : "pending",
      nextAttemptAt: new Date(now.getTime() + backoffMs),
    })
    .where(and(eq(outbox.installationId, installationId), eq(outbox.id, message.id)));
}
