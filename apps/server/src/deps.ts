import type { Classifier, Drafter } from "@countersign/assistant";
import type { DatabaseHandle, Installation } from "@countersign/db";
import type { HelpdeskClient, LocalHelpdesk } from "@countersign/helpdesk";
import type { CommerceClient, ShopifyAuth } from "@countersign/shopify";
import type { JobQueue } from "./jobs/queue";
import type { Logger } from "./logger";

/** Everything a route or use case may use; built once in main.ts (or by a test). */
export interface Deps {
  database: DatabaseHandle;
  logger: Logger;
  clock: () => Date;
  config: {
    publicUrl: string;
    /** Directory holding the built sidebar (index.html + assets). */
    sidebarDir: string;
    /** Directory holding the built local helpdesk script, when the local helpdesk is on. */
    localHelpdeskDir: string;
  };
  /** The helpdesk API of an installation (the local helpdesk, Zendesk REST, Gorgias REST). */
  helpdeskFor(installation: Installation): HelpdeskClient;
  /** The store connected to an installation (Shopify, or the demo store). */
  commerceFor(installation: Installation): CommerceClient;
  /** Reads tickets into intent, flags, sentiment, urgency (Claude, or offline). */
  classifier: Classifier;
  /** Words the reply around the decision (Claude, or templates). */
  drafter: Drafter;
  /** The signing secret of an installation, from where its `secretRef` points. */
  secretFor(installation: Installation): Promise<string | null>;
  /** Background jobs (prepare a brief, drain the outbox): pg-boss or the in-process queue. */
  queue: JobQueue;
  /** The signing secret of an installation's Zendesk webhook; null when none is configured. */
  webhookSecretFor(installation: Installation): Promise<string | null>;
  /** The Shopify app secret that signs the store's webhooks; null when not configured. */
  shopifyWebhookSecret: string | null;
  /** The Shopify OAuth install (`/auth/shopify`); absent unless SHOPIFY_AUTH_MODE is oauth. */
  shopifyAuth?: ShopifyAuth | null;
  /** Present when `npm start` runs the local helpdesk at `/`. */
  localHelpdesk: {
    helpdesk: LocalHelpdesk;
    /** The installation the local helpdesk's sidebar signs in as. */
    subdomain: string;
    secret: string;
  } | null;
}

/** The verified agent behind a sidebar request. */
export interface Agent {
  id: string;
  name: string | null;
}

export interface AppEnv {
  Variables: {
    requestId: string;
    deps: Deps;
    installation: Installation;
    agent: Agent;
  };
}
