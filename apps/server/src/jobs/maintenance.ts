import type { Database } from "@countersign/db";
import { and, eq, lt } from "drizzle-orm";
import type { Logger } from "../logger";

/** A token is refused once its `exp` passed; its replay entry is useless a little after that. */
export const replayEntryLifetimeMs = 10 * 60 * 1000;

/** Deletes token replay entries recorded before `before`; returns how many went. */
export async function pruneTokenReplayCache(db: Database, before: Date): Promise<number> {
  const { webhookDeliveries } = db._.fullSchema;
  const deleted = await db
    .delete(webhookDeliveries)
    .where(and(eq(webhookDeliveries.source, "token"), lt(webhookDeliveries.createdAt, before)))
    .returning({ id: webhookDeliveries.id });
  return deleted.length;
}

export interface Maintenance {
  stop(): Promise<void>;
}

/** Housekeeping on a timer: today, pruning the token replay cache so it stays small. */
export function startMaintenance(
  input: { db: Database; logger: Logger; clock: () => Date },
  options: { everyMs?: number } = {},
): Maintenance {
  let running: Promise<unknown> | null = null;
  const timer = setInterval(() => {
    if (running) {
      return;
    }
    const before = new Date(input.clock().getTime() - replayEntryLifetimeMs);
    running = pruneTokenReplayCache(input.db, before)
      .then((pruned) => {
        if (pruned > 0) {
          input.logger.debug("token replay cache pruned", { pruned });
        }
      })
      .catch((error: unknown) => {
        input.logger.error("token replay cache prune failed", {
          error: error instanceof Error ? error.message : String(error),
        });
      })
      .finally(() => {
        running = null;
      });
  }, options.everyMs ?? replayEntryLifetimeMs);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
