import {
  createRuntime,
  type Env,
  formatEnvIssues,
  parseEnv,
  type Runtime,
  startMaintenance,
  startWorkers,
} from "@countersign/server";
import type { Command, CommandIo } from "../commands";

const USAGE = `Usage: countersign worker

Runs Countersign's background work on its own, with no HTTP server: prepares the briefs that
webhooks queue, posts replies, notes and tags still owed from the outbox, settles approvals
left mid-way by re-reading Shopify, and prunes the token replay cache. Run as many as the
queue needs: pg-boss hands each job to one of them.

It reads the same environment as the server (.env.example). DATABASE_URL is required: the jobs
live in PostgreSQL, where the web processes queue them (set WORKERS=off on those to leave all
the work to worker processes). SIGTERM or SIGINT stops it after the running jobs finish.

Options:
  -h, --help  Show this help.
`;

/** Runs the workers until `signal` aborts, then stops them and closes the runtime. */
export async function runWorker(
  env: Env,
  io: CommandIo,
  signal: AbortSignal,
  build: (env: Env) => Promise<Runtime> = createRuntime,
): Promise<number> {
  const runtime = await build(env);
  const { deps, logger } = runtime;
  await deps.queue.start();
  const workers = await startWorkers(deps);
  const maintenance = startMaintenance({ db: deps.database.db, logger, clock: deps.clock });
  logger.info("worker started", { database: deps.database.engine, ...runtime.summary });
  io.stderr.write("countersign worker: running (Ctrl+C stops it)\n");
  await new Promise<void>((resolve) => {
    if (signal.aborted) {
      resolve();
    }
    signal.addEventListener("abort", () => resolve(), { once: true });
  });
  await workers.stop();
  await maintenance.stop();
  await runtime.close();
  logger.info("worker stopped");
  return 0;
}

export const workerCommand: Command = {
  summary: "Run the background jobs without the HTTP server (needs DATABASE_URL)",
  async run(args, io) {
    if (args.includes("--help") || args.includes("-h")) {
      io.stdout.write(USAGE);
      return 0;
    }
    if (args.length > 0) {
      io.stderr.write(`countersign worker: unknown option ${args[0]}\n\n${USAGE}`);
      return 2;
    }
    const parsed = parseEnv(process.env);
    if (!parsed.ok) {
      io.stderr.write(formatEnvIssues(parsed.error));
      return 2;
    }
    if (!parsed.value.DATABASE_URL) {
      io.stderr.write(
        "countersign worker: DATABASE_URL is not set. Without PostgreSQL the jobs live in the web\n" +
          "process's memory, and `npm start` already runs them there.\n",
      );
      return 2;
    }
    const stop = new AbortController();
    const onSignal = () => stop.abort();
    process.once("SIGTERM", onSignal);
    process.once("SIGINT", onSignal);
    try {
      return await runWorker(parsed.value, io, stop.signal);
    } finally {
      process.off("SIGTERM", onSignal);
      process.off("SIGINT", onSignal);
    }
  },
};
