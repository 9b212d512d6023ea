// Composition root: reads the environment once, builds every client and starts the server.
import { serve } from "@hono/node-server";
import { createApp } from "./app";
import { formatEnvIssues, parseEnv } from "./env";
import { startMaintenance } from "./jobs/maintenance";
import { announceLocalHelpdeskEvents } from "./local-helpdesk/webhooks";
import { defaultRateLimits } from "./middleware/rate-limit";
import { createRuntime } from "./runtime";
import { requeueAwaitedBriefs } from "./use-cases/recover-briefs";
import { startWorkers } from "./workers";

async function start(): Promise<void> {
  const startedAt = performance.now();
  const parsed = parseEnv(process.env);
  if (!parsed.ok) {
    process.stderr.write(formatEnvIssues(parsed.error));
    process.exit(1);
  }
  const env = parsed.value;
  const runtime = await createRuntime(env);
  const { deps, logger } = runtime;
  const { database, queue } = deps;

  const app = createApp(deps, {
    rateLimits: defaultRateLimits({
      apiPerSecond: env.RATE_LIMIT_API_PER_SECOND,
      webhooksPerSecond: env.RATE_LIMIT_WEBHOOKS_PER_SECOND,
    }),
  });
  await queue.start();
  // The local helpdesk tells the server of replies and solved tickets as Zendesk's webhook does.
  const localWebhooks = announceLocalHelpdeskEvents(deps, app);
  // WORKERS=off leaves the background work to `countersign worker` processes (pg-boss only).
  const workers = env.WORKERS === "on" ? await startWorkers(deps) : null;
  if (!env.DATABASE_URL) {
    // The in-process queue lost its jobs with the last process: queue the briefs owed again.
    await requeueAwaitedBriefs({ deps });
  }
  const maintenance = startMaintenance({ db: database.db, logger, clock: deps.clock });
  const server = serve({ fetch: app.fetch, port: env.PORT, hostname: env.HOST }, (info) => {
    logger.info("listening", {
      url: env.PUBLIC_URL,
      port: info.port,
      database: database.engine,
      ...runtime.summary,
      workers: env.WORKERS,
      startupMs: Math.round(performance.now() - startedAt),
    });
  });
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) {
      return;
    }
    stopping = true;
    logger.info("stopping", { signal });
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    server.close(async () => {
      await localWebhooks.stop();
      await workers?.stop();
      await maintenance.stop();
      await runtime.close();
      logger.info("stopped");
      process.exit(0);
    });
  };
  process.on("SIGINT", () => stop("SIGINT"));
  process.on("SIGTERM", () => stop("SIGTERM"));
}

start().catch((error: unknown) => {
  process.stderr.write(
    `Countersign failed to start: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
