import { sql } from "drizzle-orm";
import type { DatabaseHandle } from "../client";

/**
 * Runs `fn` while holding a lock named `key` that every process on the same PostgreSQL server
 * respects (a transaction-scoped advisory lock, released when `fn` settles). PGlite lives in one
 * process, where callers serialise in memory, so there it just runs `fn`.
 */
export async function withAdvisoryLock<T>(
  handle: DatabaseHandle,
  key: string,
  fn: () => Promise<T>,
): Promise<T> {
  if (handle.engine === "pglite") {
    return fn();
  }
  return handle.db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${key}))`);
    return fn();
  });
}
