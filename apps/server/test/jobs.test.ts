import { randomUUID } from "node:crypto";
import { recordWebhookDelivery } from "@countersign/db";
import { openTestDatabase } from "@countersign/db/testing";
import { PGlite } from "@electric-sql/pglite";
import { fromPglite } from "pg-boss";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { pruneTokenReplayCache } from "../src/jobs/maintenance";
import {
  createInProcessQueue,
  createPgBossQueue,
  type JobData,
  type JobQueue,
} from "../src/jobs/queue";
import { createLogger } from "../src/logger";

interface Deferred<T> {
  promise: Promise<T>;
  resolve(value: T): void;
}

function deferred<T = void>(): Deferred<T> {
  let resolve: (value: T) => void = () => {};
  const promise = new Promise<T>((done) => {
    resolve = done;
  });
  return { promise, resolve };
}

/** Resolves once `count` jobs reached the handler, with what each received. */
function recorder(count: number) {
  const seen: JobData[] = [];
  const done = deferred<JobData[]>();
  return {
    seen,
    done: done.promise,
    record(data: JobData) {
      seen.push(data);
      if (seen.length === count) {
        done.resolve([...seen]);
      }
    },
  };
}

const factories: [string, (logs: string[]) => JobQueue][] = [
  [
    "in-process queue",
    (logs) =>
      createInProcessQueue({
        logger: createLogger("debug", (line) => logs.push(line)),
        retryDelayMs: 1,
        maxRetryDelayMs: 5,
      }),
  ],
];
// pg-boss runs on an embedded PGlite always, and on the PostgreSQL server when CI names one.
let embedded: PGlite | null = null;
factories.push([
  "pg-boss queue on PGlite",
  (logs) => {
    embedded ??= new PGlite();
    return createPgBossQueue({
      db: fromPglite(embedded),
      logger: createLogger("debug", (line) => logs.push(line)),
      retryDelayMs: 1000,
      maxRetryDelayMs: 1000,
      pollingIntervalSeconds: 0.5,
    });
  },
]);
const databaseUrl = process.env.DATABASE_URL;
if (databaseUrl) {
  factories.push([
    "pg-boss queue on PostgreSQL",
    (logs) =>
      createPgBossQueue({
        connectionString: databaseUrl,
        logger: createLogger("debug", (line) => logs.push(line)),
        retryDelayMs: 1000,
        maxRetryDelayMs: 1000,
        pollingIntervalSeconds: 0.5,
      }),
  ]);
}

// Installing pg-boss's schema takes seconds on PGlite: do it once, outside any test's time.
beforeAll(async () => {
  embedded ??= new PGlite();
  const warm = createPgBossQueue({ db: fromPglite(embedded), logger: createLogger("silent") });
  await warm.start();
  await warm.stop();
});

afterAll(async () => {
  await embedded?.close();
});

describe.each(factories)("%s", (_label, create) => {
  let queue: JobQueue;
  let logs: string[];
  const name = () => `test-${randomUUID().slice(0, 8)}`;

  async function open(): Promise<JobQueue> {
    logs = [];
    queue = create(logs);
    await queue.start();
    return queue;
  }

  afterEach(async () => {
    await queue.stop();
  });

  it("hands a sent job's data to the handler", async () => {
    const jobs = await open();
    const job = name();
    const seen = recorder(1);
    await jobs.work(job, async (data) => seen.record(data));
    const id = await jobs.send(job, { installationId: "ins_1", ticketId: 1001 });
    expect(typeof id).toBe("string");
    expect(await seen.done).toEqual([{ installationId: "ins_1", ticketId: 1001 }]);
  });

  it("refuses a second job with the same singleton key while the first is queued or running", async () => {
    const jobs = await open();
    const job = name();
    const release = deferred();
    const entered = deferred();
    const seen = recorder(2);
    await jobs.work(job, async (data) => {
      seen.record(data);
      if (data.n === 1) {
        entered.resolve();
        await release.promise;
      }
    });
    expect(await jobs.send(job, { n: 1 }, { singletonKey: "brief:ins_1:1001" })).not.toBeNull();
    await entered.promise;
    expect(await jobs.send(job, { n: 2 }, { singletonKey: "brief:ins_1:1001" })).toBeNull();
    const other = await jobs.send(job, { n: 3 }, { singletonKey: "brief:ins_1:1002" });
    expect(other).not.toBeNull();
    release.resolve();
    expect((await seen.done).map((data) => data.n).sort()).toEqual([1, 3]);
  });

  it("runs every job sent without a singleton key", async () => {
    const jobs = await open();
    const job = name();
    const release = deferred();
    const seen = recorder(3);
    await jobs.work(job, async (data) => {
      seen.record(data);
      await release.promise;
    });
    const ids = [await jobs.send(job, { n: 1 }), await jobs.send(job, { n: 2 })];
    ids.push(await jobs.send(job, { n: 3 }));
    expect(ids.every((id) => typeof id === "string")).toBe(true);
    release.resolve();
    expect((await seen.done).map((data) => data.n).sort()).toEqual([1, 2, 3]);
  });

  it("takes the same singleton key again once the job has finished", async () => {
    const jobs = await open();
    const job = name();
    let finished = deferred();
    await jobs.work(job, async () => {
      queueMicrotask(() => finished.resolve());
    });
    const key = "brief:ins_1:7";
    const first = await jobs.send(job, {}, { singletonKey: key });
    await finished.promise;
    finished = deferred();
    let second: string | null = null;
    // pg-boss marks the job completed just after the handler returns: ask until it has.
    while (second === null) {
      second = await jobs.send(job, {}, { singletonKey: key });
    }
    expect(second).not.toBe(first);
    await finished.promise;
  });

  it("retries a job whose handler throws, until it succeeds", async () => {
    const jobs = await open();
    const job = name();
    let attempts = 0;
    const succeeded = deferred<number>();
    await jobs.work(job, async () => {
      attempts += 1;
      if (attempts < 3) {
        throw new Error(`attempt ${attempts} failed`);
      }
      succeeded.resolve(attempts);
    });
    await jobs.send(job, { ticketId: 5 });
    expect(await succeeded.promise).toBe(3);
  });

  it("keeps a job sent before any handler and runs it once one is registered", async () => {
    const jobs = await open();
    const job = name();
    await jobs.send(job, { early: true });
    const seen = recorder(1);
    await jobs.work(job, async (data) => seen.record(data));
    expect(await seen.done).toEqual([{ early: true }]);
  });
});

describe("in-process queue specifics", () => {
  it("waits for running jobs on stop and runs nothing before start", async () => {
    const queue = createInProcessQueue({ logger: createLogger("silent") });
    const release = deferred();
    const entered = deferred();
    let finished = false;
    await queue.work("slow", async () => {
      entered.resolve();
      await release.promise;
      finished = true;
    });
    await queue.send("slow", {});
    await Promise.resolve();
    let startedEarly = false;
    void entered.promise.then(() => {
      startedEarly = true;
    });
    await new Promise((resolve) => setImmediate(resolve));
    expect(startedEarly).toBe(false);
    await queue.start();
    await entered.promise;
    const stopping = queue.stop();
    release.resolve();
    await stopping;
    expect(finished).toBe(true);
  });

  it("keeps retrying by default, with the backoff capped, until the job succeeds", async () => {
    const queue = createInProcessQueue({
      logger: createLogger("silent"),
      retryDelayMs: 1,
      maxRetryDelayMs: 2,
    });
    let attempts = 0;
    const succeeded = deferred<number>();
    await queue.work("stubborn", async () => {
      attempts += 1;
      if (attempts <= 12) {
        throw new Error("still down");
      }
      succeeded.resolve(attempts);
    });
    await queue.start();
    await queue.send("stubborn", {});
    expect(await succeeded.promise).toBe(13);
    await queue.stop();
  });

  it("gives up after the retry limit and logs the failure without the job data", async () => {
    const logs: string[] = [];
    const gaveUp = deferred();
    const queue = createInProcessQueue({
      logger: createLogger("debug", (line) => {
        logs.push(line);
        if (line.includes('"job failed for good"')) {
          gaveUp.resolve();
        }
      }),
      retryLimit: 2,
      retryDelayMs: 1,
    });
    let attempts = 0;
    await queue.work("doomed", async () => {
      attempts += 1;
      throw new Error("always fails");
    });
    await queue.start();
    await queue.send("doomed", { email: "maya@example.com" }, { singletonKey: "k" });
    await gaveUp.promise;
    await queue.stop();
    expect(attempts).toBe(3);
    const failed = logs.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(failed.filter((line) => line.msg === "job failed; retrying")).toHaveLength(2);
    expect(failed.filter((line) => line.msg === "job failed for good")).toHaveLength(1);
    expect(logs.join("\n")).not.toContain("maya@example.com");
    expect(await queue.send("doomed", {}, { singletonKey: "k" })).not.toBeNull();
  });
});

describe("token replay cache housekeeping", () => {
  it("prunes expired token entries, and only those", async () => {
    const database = await openTestDatabase();
    try {
      const jti = randomUUID();
      const delivery = `zendesk-${randomUUID()}`;
      const record = (source: string, deliveryId: string) =>
        recordWebhookDelivery(database.db, { source, deliveryId, topic: "test" });
      expect(await record("token", jti)).toBe(true);
      expect(await record("zendesk", delivery)).toBe(true);
      expect(await pruneTokenReplayCache(database.db, new Date(Date.now() - 60_000))).toBe(0);
      expect(await record("token", jti)).toBe(false);
      // Other tests' tokens may share this database: at least this one goes, and only tokens go.
      expect(
        await pruneTokenReplayCache(database.db, new Date(Date.now() + 60_000)),
      ).toBeGreaterThanOrEqual(1);
      expect(await record("token", jti)).toBe(true);
      expect(await record("zendesk", delivery)).toBe(false);
    } finally {
      await database.close();
    }
  });
});
