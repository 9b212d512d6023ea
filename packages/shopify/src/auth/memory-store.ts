import type { OfflineSession, OfflineSessionStore } from "./types";

/**
 * Offline sessions in process memory, for tests and tools: nothing survives a restart and the
 * tokens are held in clear text. Rotations of one shop run one after another.
 */
export function createMemorySessionStore(initial: OfflineSession[] = []): OfflineSessionStore {
  const sessions = new Map(initial.map((session) => [session.shop, { ...session }]));
  const locks = new Map<string, Promise<unknown>>();

  return {
    async load(shop) {
      const session = sessions.get(shop);
      return session ? { ...session } : null;
    },
    async save(session) {
      sessions.set(session.shop, { ...session });
    },
    async remove(shop) {
      return sessions.delete(shop);
    },
    rotate(shop, refresh) {
      const previous = locks.get(shop) ?? Promise.resolve();
      const run = previous.then(async () => {
        const current = sessions.get(shop);
        if (!current) {
          return null;
        }
        const next = await refresh({ ...current });
        if (next === null) {
          return { ...current };
        }
        sessions.set(shop, { ...next, shop });
        return { ...next, shop };
      });
      const settled = run.catch(() => undefined);
      locks.set(shop, settled);
      void settled.then(() => {
        if (locks.get(shop) === settled) {
          locks.delete(shop);
        }
      });
      return run;
    },
  };
}
