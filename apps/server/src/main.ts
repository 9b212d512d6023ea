// Composition root: reads the environment once, builds every client and starts the server.
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { createDatabase, ensureInstallation, type Installation } from "@countersign/db";
import {
  createGorgiasHelpdesk,
  createLocalHelpdesk,
  createZendeskHelpdesk,
} from "@countersign/helpdesk";
import { serve } from "@hono/node-server";
import { createApp } from "./app";
import { buildAssistant, buildStore } from "./compose";
import { loadDemoData } from "./demo-data";
import type { Deps } from "./deps";
import { formatEnvIssues, parseEnv } from "./env";
import { startMaintenance } from "./jobs/maintenance";
import { createInProcessQueue, createPgBossQueue } from "./jobs/queue";
import { createLogger } from "./logger";
import { startWorkers } from "./workers";

const repoRoot = fileURLToPath(new URL("../../../", import.meta.url));
const localSubdomain = "local";

async function start(): Promise<void> {
  const startedAt = performance.now();
  const parsed = parseEnv(process.env);
  if (!parsed.ok) {
    process.stderr.write(formatEnvIssues(parsed.error));
    process.exit(1);
  }
  const env = parsed.value;
  const logger = createLogger(env.LOG_LEVEL);

  const database = createDatabase({
    url: env.DATABASE_URL,
    dataDir: env.DATABASE_URL ? undefined : join(env.DATA_DIR, "pglite"),
  });
  await database.migrate();
  const queue = env.DATABASE_URL
    ? createPgBossQueue({ connectionString: env.DATABASE_URL, logger })
    : createInProcessQueue({ logger });

  const demoPath = env.COUNTERSIGN_DEMO_DATA ?? join(repoRoot, "demo", "demo-data.json");
  const demo = await loadDemoData(demoPath, new Date());
  const store = buildStore(env, demo.store, {
    db: database.db,
    onRefreshFailure: (shop, error) =>
      logger.warn("shopify token refresh failed; using the stored token while it lasts", {
        shop,
        error: error instanceof Error ? error.message : String(error),
      }),
  });
  const assistant = buildAssistant(env);
  const localHelpdesk = createLocalHelpdesk(demo.tickets, { agentName: "Countersign" });
  const localInstallation = await ensureInstallation(database.db, {
    helpdesk: "local",
    subdomain: localSubdomain,
    shopDomain: store.shopDomain,
    secretRef: "env:LOCAL_HELPDESK_SECRET",
  });
  // A single-account deployment: the Zendesk account named by ZENDESK_SUBDOMAIN, its secrets
  // from configuration (the installation row stores where they live, never the secret).
  const zendesk =
    env.ZENDESK_SUBDOMAIN && env.ZENDESK_EMAIL && env.ZENDESK_API_TOKEN
      ? {
          installation: await ensureInstallation(database.db, {
            helpdesk: "zendesk",
            subdomain: env.ZENDESK_SUBDOMAIN,
            shopDomain: env.SHOPIFY_SHOP ?? localInstallation.shopDomain,
            secretRef: "env:ZENDESK_SHARED_SECRET",
          }),
          helpdesk: createZendeskHelpdesk({
            subdomain: env.ZENDESK_SUBDOMAIN,
            email: env.ZENDESK_EMAIL,
            apiToken: env.ZENDESK_API_TOKEN,
          }),
        }
      : null;
  // A Gorgias account: its REST API for replies and notes, and the key its HTTP integration sends.
  const gorgias =
    env.GORGIAS_DOMAIN && env.GORGIAS_EMAIL && env.GORGIAS_API_KEY
      ? {
          installation: await ensureInstallation(database.db, {
            helpdesk: "gorgias",
            subdomain: env.GORGIAS_DOMAIN,
            shopDomain: env.SHOPIFY_SHOP ?? localInstallation.shopDomain,
            secretRef: "env:GORGIAS_INTEGRATION_SECRET",
          }),
          helpdesk: createGorgiasHelpdesk({
            domain: env.GORGIAS_DOMAIN,
            email: env.GORGIAS_EMAIL,
            apiKey: env.GORGIAS_API_KEY,
          }),
        }
      : null;
  const configuredSecrets: Record<string, string | undefined> = {
    "env:GORGIAS_INTEGRATION_SECRET": env.GORGIAS_INTEGRATION_SECRET,
    "env:LOCAL_HELPDESK_SECRET": env.LOCAL_HELPDESK_SECRET,
    "env:ZENDESK_SHARED_SECRET": env.ZENDESK_SHARED_SECRET,
  };

  const deps: Deps = {
    database,
    logger,
    clock: () => new Date(),
    config: {
      publicUrl: env.PUBLIC_URL,
      sidebarDir: join(repoRoot, "apps", "sidebar", "dist"),
      localHelpdeskDir: join(repoRoot, "apps", "local-helpdesk", "dist"),
    },
    helpdeskFor: (installation: Installation) => {
      if (installation.id === localInstallation.id) {
        return localHelpdesk;
      }
      if (zendesk && installation.id === zendesk.installation.id) {
        return zendesk.helpdesk;
      }
      if (gorgias && installation.id === gorgias.installation.id) {
        return gorgias.helpdesk;
      }
      throw new Error(`no helpdesk client for ${installation.helpdesk}/${installation.subdomain}`);
    },
    commerceFor: () => store.commerce,
    classifier: assistant.classifier,
    drafter: assistant.drafter,
    secretFor: async (installation: Installation) =>
      configuredSecrets[installation.secretRef] ?? null,
    localHelpdesk: {
      helpdesk: localHelpdesk,
      subdomain: localSubdomain,
      secret: env.LOCAL_HELPDESK_SECRET,
    },
    queue,
    webhookSecretFor: async (installation: Installation) =>
      zendesk && installation.id === zendesk.installation.id
        ? (env.ZENDESK_WEBHOOK_SECRET ?? null)
        : null,
    shopifyWebhookSecret: env.SHOPIFY_API_SECRET ?? null,
    shopifyAuth: store.auth ?? null,
  };

  const app = createApp(deps);
  await queue.start();
  const workers = await startWorkers(deps);
  const maintenance = startMaintenance({ db: database.db, logger, clock: deps.clock });
  const server = serve({ fetch: app.fetch, port: env.PORT, hostname: env.HOST }, (info) => {
    logger.info("listening", {
      url: env.PUBLIC_URL,
      port: info.port,
      database: database.engine,
      demoTickets: demo.tickets.length,
      store: store.demo ? "demo" : store.shopDomain,
      assistant: assistant.mode,
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
      await workers.stop();
      await maintenance.stop();
      await queue.stop();
      await database.close();
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
