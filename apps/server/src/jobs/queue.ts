import { randomUUID } from "node:crypto";
import { type Db, PgBoss } from "pg-boss";
import type { Logger } from "../logger";

export type JobData = Record<string, unknown>;
export type JobHandler = (data: JobData) => Promise<void>;

/** Background work (prepare a brief, drain the outbox), in process or on PostgreSQL. */
export interface JobQueue {
  /** Queues a job; null when a job with the same `singletonKey` is already queued or running. */
  send(name: string, data: JobData, options?: { singletonKey?: string }): Promise<string | null>;
  /** Registers the one handler of a job name; a handler that throws gets the job retried. */
  work(name: string, handler: JobHandler): Promise<void>;
  /** Starts handing jobs to handlers. */
  start(): Promise<void>;
  /** Stops taking jobs and waits for the running ones to finish. */
  stop(): Promise<void>;
}

export interface RetryOptions {
  /**
   * Attempts after the first one before a job is given up (and logged). The in-process queue
   * retries without limit by default; pg-boss defaults to 5 and keeps failed jobs in its table.
   */
  retryLimit?: number;
  /** Delay before the first retry; it doubles with each further attempt. */
  retryDelayMs?: number;
  /** Upper bound of the delay between attempts. */
  maxRetryDelayMs?: number;
}

export interface InProcessQueueOptions extends RetryOptions {
  logger: Logger;
  /** Jobs run at the same time, over every job name. */
  concurrency?: number;
}

interface PendingJob {
  id: string;
  name: string;
  data: JobData;
  singletonKey: string | null;
  attempt: number;
  notBefore: number;
}

/**
 * The queue of the embedded default: jobs live in this process's memory, run with bounded
 * concurrency and are retried with exponential backoff. A job sent before its handler is
 * registered, or before `start`, waits; nothing is dropped while the process lives.
 */
export function createInProcessQueue(options: InProcessQueueOptions): JobQueue {
  const concurrency = Math.max(1, options.concurrency ?? 2);
  // Nothing else holds the job: keep retrying (backoff capped at maxRetryDelayMs) unless told not to.
  const retryLimit = options.retryLimit ?? Number.POSITIVE_INFINITY;
  const retryDelayMs = options.retryDelayMs ?? 1000;
  const maxRetryDelayMs = options.maxRetryDelayMs ?? 60_000;
  const { logger } = options;

  const handlers = new Map<string, JobHandler>();
  const pending: PendingJob[] = [];
  /** `name\u0000key` of every job queued, waiting for a retry, or running. */
  const heldKeys = new Set<string>();
  const running = new Set<Promise<void>>();
  let wakeTimer: ReturnType<typeof setTimeout> | null = null;
  let wakeAtMs = Number.POSITIVE_INFINITY;
  let started = false;

  const keyOf = (name: string, singletonKey: string) => `${name}\u0000${singletonKey}`;

  /** Arms one timer for the earliest job waiting out its backoff; pump re-arms it as needed. */
  function armWake(): void {
    const now = Date.now();
    let earliest = Number.POSITIVE_INFINITY;
    for (const job of pending) {
      if (handlers.has(job.name) && job.notBefore > now && job.notBefore < earliest) {
        earliest = job.notBefore;
      }
    }
    if (earliest === Number.POSITIVE_INFINITY || (wakeTimer && wakeAtMs <= earliest)) {
      return;
    }
    if (wakeTimer) {
      clearTimeout(wakeTimer);
    }
    wakeAtMs = earliest;
    wakeTimer = setTimeout(
      () => {
        wakeTimer = null;
        wakeAtMs = Number.POSITIVE_INFINITY;
        pump();
      },
      Math.max(1, earliest - now),
    );
  }

  function nextRunnable(now: number): PendingJob | null {
    const index = pending.findIndex((job) => handlers.has(job.name) && job.notBefore <= now);
    if (index === -1) {
      return null;
    }
    const [job] = pending.splice(index, 1);
    return job ?? null;
  }

  function release(job: PendingJob): void {
    if (job.singletonKey !== null) {
      heldKeys.delete(keyOf(job.name, job.singletonKey));
    }
  }

  async function run(job: PendingJob, handler: JobHandler): Promise<void> {
    try {
      await handler(job.data);
      release(job);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (job.attempt >= retryLimit) {
        release(job);
        logger.error("job failed for good", {
          job: job.name,
          jobId: job.id,
          attempts: job.attempt + 1,
          error: message,
        });
        return;
      }
      const delay = Math.min(maxRetryDelayMs, retryDelayMs * 2 ** job.attempt);
      logger.warn("job failed; retrying", {
        job: job.name,
        jobId: job.id,
        attempt: job.attempt + 1,
        retryInMs: delay,
        error: message,
      });
      pending.push({ ...job, attempt: job.attempt + 1, notBefore: Date.now() + delay });
    }
  }

  function pump(): void {
    if (!started) {
      return;
    }
    while (running.size < concurrency) {
      const job = nextRunnable(Date.now());
      const handler = job ? handlers.get(job.name) : undefined;
      if (!job || !handler) {
        armWake();
        return;
      }
      const task: Promise<void> = run(job, handler).finally(() => {
        running.delete(task);
        pump();
      });
      running.add(task);
    }
  }

  return {
    async send(name, data, sendOptions = {}) {
      const singletonKey = sendOptions.singletonKey ?? null;
      if (singletonKey !== null) {
        const key = keyOf(name, singletonKey);
        if (heldKeys.has(key)) {
          return null;
        }
        heldKeys.add(key);
      }
      const id = randomUUID();
      pending.push({
        id,
        name,
        data: structuredClone(data),
        singletonKey,
        attempt: 0,
        notBefore: 0,
      });
      queueMicrotask(pump);
      return id;
    },
    async work(name, handler) {
      handlers.set(name, handler);
      queueMicrotask(pump);
    },
    async start() {
      started = true;
      pump();
    },
    async stop() {
      started = false;
      if (wakeTimer) {
        clearTimeout(wakeTimer);
        wakeTimer = null;
        wakeAtMs = Number.POSITIVE_INFINITY;
      }
      await Promise.allSettled([...running]);
    },
  };
}

export type PgBossQueueOptions = RetryOptions & {
  logger: Logger;
  /** Jobs each worker fetches and runs at once. */
  concurrency?: number;
  /** Seconds between polls of an idle worker. */
  pollingIntervalSeconds?: number;
  /** PostgreSQL schema pg-boss keeps its tables in. */
  schema?: string;
} & (
    | { connectionString: string }
    /** A database pg-boss drives through one of its adapters (e.g. `fromPglite`). */
    | { db: Db }
  );

/**
 * The production queue: pg-boss on the same PostgreSQL. Each job name gets an `exclusive` queue,
 * so one job per singleton key is queued or active at a time across every replica.
 */
export function createPgBossQueue(options: PgBossQueueOptions): JobQueue {
  const schema = options.schema ?? "pgboss";
  const boss = new PgBoss(
    "db" in options
      ? { db: options.db, schema }
      : { connectionString: options.connectionString, schema },
  );
  const { logger } = options;
  boss.on("error", (error: unknown) => {
    logger.error("job queue error", {
      error: error instanceof Error ? error.message : String(error),
    });
  });
  const retryDelaySeconds = Math.max(1, Math.round((options.retryDelayMs ?? 1000) / 1000));
  const maxRetryDelaySeconds = Math.max(
    retryDelaySeconds,
    Math.round((options.maxRetryDelayMs ?? 60_000) / 1000),
  );
  let starting: Promise<unknown> | null = null;
  const queues = new Map<string, Promise<void>>();

  function ensureStarted(): Promise<unknown> {
    starting ??= boss.start();
    return starting;
  }

  function ensureQueue(name: string): Promise<void> {
    let created = queues.get(name);
    if (!created) {
      created = ensureStarted().then(async () => {
        if (!(await boss.getQueue(name))) {
          await boss.createQueue(name, {
            policy: "exclusive",
            retryLimit: options.retryLimit ?? 5,
            retryDelay: retryDelaySeconds,
            retryBackoff: true,
            retryDelayMax: maxRetryDelaySeconds,
          });
        }
      });
      queues.set(name, created);
    }
    return created;
  }

  return {
    async send(name, data, sendOptions = {}) {
      await ensureQueue(name);
      // An exclusive queue treats every keyless job as one key: give each its own.
      return boss.send(name, data, {
        singletonKey: sendOptions.singletonKey ?? `job:${randomUUID()}`,
      });
    },
    async work(name, handler) {
      await ensureQueue(name);
      await boss.work<JobData>(
        name,
        {
          batchSize: 1,
          localConcurrency: options.concurrency ?? 2,
          pollingIntervalSeconds: options.pollingIntervalSeconds ?? 2,
        },
        async (jobs) => {
          for (const job of jobs) {
            await handler(job.data);
          }
        },
      );
    },
    async start() {
      await ensureStarted();
    },
    async stop() {
      if (starting) {
        await boss.stop({ graceful: true, close: true });
      }
    },
  };
}
