import { withAdvisoryLock } from "@countersign/db";
import type { Deps } from "../deps";

const chains = new WeakMap<object, Map<string, Promise<unknown>>>();

/**
 * Runs `work` only after every earlier `work` under the same key has settled: in memory per
 * database handle (one process), and under an advisory lock across the processes sharing a
 * PostgreSQL server. A failure does not block the next in line.
 */
export function exclusively<T>(deps: Deps, key: string, work: () => Promise<T>): Promise<T> {
  let byKey = chains.get(deps.database);
  if (!byKey) {
    byKey = new Map();
    chains.set(deps.database, byKey);
  }
  const locked = () => withAdvisoryLock(deps.database, key, work);
  const previous = byKey.get(key) ?? Promise.resolve();
  const next = previous.then(locked, locked);
  const settled = next.catch(() => undefined);
  byKey.set(key, settled);
  void settled.then(() => {
    if (byKey.get(key) === settled) {
      byKey.delete(key);
    }
  });
  return next;
}
