// The composition root's parts that the web server and the stand-alone worker share: reads
// nothing but the parsed environment, builds every client once and hands them over as Deps.
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { createDatabase, ensureInstallation, type Installation } from "@countersign/db";
import {
  createGorgiasHelpdesk,
  createLocalHelpdesk,
  createZendeskHelpdesk,
} from "@countersign/helpdesk";
import { buildAssistant, buildStore } from "./compose";
import { loadDemoData } from "./demo-data";
import type { Deps } from "./deps";
import type { Env } from "./env";
import { createInProcessQueue, createPgBossQueue } from "./jobs/queue";
import type { Logger } from "./logger";
import { createLogger } from "./logger";

const repoRoot = fileURLToPath(new URL("../../../", import.meta.url));
const localSubdomain = "local";

export interface Runtime {
  deps: Deps;
  logger: Logger;
  /** What the start-up log line reports. */
  summary: { demoTickets: number; store: string; assistant: string };
  /** Stops the queue and closes the database (after the server and workers stopped). */
  close(): Promise<void>;
}

/** Opens the database (migrated), the queue and every client the environment configures. */
export async function createRuntime(env: Env): Promise<Runtime> {
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
    // The local helpdesk signs its Zendesk-shaped deliveries with its own secret.
    webhookSecretFor: async (installation: Installation) => {
      if (installation.id === localInstallation.id) {
        return env.LOCAL_HELPDESK_SECRET;
      }
      return zendesk && installation.id === zendesk.installation.id
        ? (env.ZENDESK_WEBHOOK_SECRET ?? null)
        : null;
    },
    shopifyWebhookSecret: env.SHOPIFY_API_SECRET ?? null,
    shopifyAuth: store.auth ?? null,
  };

  return {
    deps,
    logger,
    summary: {
      demoTickets: demo.tickets.length,
      store: store.demo ? "demo" : store.shopDomain,
      assistant: assistant.mode,
    },
    async close() {
      await queue.stop();
      await database.close();
    },
  };
}
