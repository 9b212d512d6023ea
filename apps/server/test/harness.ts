import { randomUUID } from "node:crypto";
import { fileURLToPath } from "node:url";
import { createOfflineClassifier, createTemplateDrafter } from "@countersign/assistant";
import type { DatabaseHandle, Installation } from "@countersign/db";
import { createTestInstallation, openTestDatabase } from "@countersign/db/testing";
import {
  createLocalHelpdesk,
  type HelpdeskTicket,
  type LocalHelpdesk,
} from "@countersign/helpdesk";
import {
  type CommerceClient,
  createDemoStore,
  createShopifyCommerce,
  type DemoShopifyStore,
  demoStoreFetch,
} from "@countersign/shopify";
import { sign } from "hono/jwt";
import { createApp } from "../src/app";
import { DEMO_STORE_TOKEN } from "../src/compose";
import { loadDemoData } from "../src/demo-data";
import type { Deps } from "../src/deps";
import { createInProcessQueue } from "../src/jobs/queue";
import { createLogger } from "../src/logger";

export const now = new Date("2026-11-20T12:00:00Z");
export const secret = "test-secret-for-the-local-helpdesk-0123456789";

export const tickets: HelpdeskTicket[] = [
  {
    id: 1001,
    subject: "Where is my order #1042?",
    status: "new",
    tags: [],
    createdAt: "2026-11-19T09:00:00Z",
    requester: { name: "Maya Chen", email: "maya@example.com" },
    comments: [
      {
        id: 1,
        author: "customer",
        body: "Hi, my order #1042 hasn't arrived yet. Can you check?",
        public: true,
        createdAt: "2026-11-19T09:00:00Z",
      },
    ],
  },
];

export interface Harness {
  helpdesk: LocalHelpdesk;
  store: DemoShopifyStore;
  commerce: CommerceClient;
  app: ReturnType<typeof createApp>;
  deps: Deps;
  installation: Installation;
  logs: string[];
  token(
    claims?: Record<string, unknown>,
    options?: { secret?: string; lifetime?: number },
  ): Promise<string>;
  close(): Promise<void>;
}

export interface HarnessOptions {
  /** Use the bundled demo data: its store behind the real Shopify adapter, and its tickets. */
  demo?: boolean;
}

const demoDataPath = fileURLToPath(new URL("../../../demo/demo-data.json", import.meta.url));

/** The real app on a real (PGlite or DATABASE_URL) database, with the local helpdesk. */
export async function createHarness(
  database?: DatabaseHandle,
  options: HarnessOptions = {},
): Promise<Harness> {
  const handle = database ?? (await openTestDatabase());
  const installation = await createTestInstallation(handle);
  const world = options.demo ? await loadDemoData(demoDataPath, now) : null;
  const helpdesk = createLocalHelpdesk(world?.tickets ?? tickets, { now: () => now });
  const store = createDemoStore(world?.store ?? (await loadDemoData(demoDataPath, now)).store, {
    accessToken: DEMO_STORE_TOKEN,
    now: () => now,
  });
  const commerce = createShopifyCommerce({
    shop: "northwind-threads.myshopify.com",
    accessToken: DEMO_STORE_TOKEN,
    fetch: demoStoreFetch(store),
    sleep: async () => {},
  });
  const logs: string[] = [];
  const deps: Deps = {
    database: handle,
    logger: createLogger("info", (line) => logs.push(line)),
    clock: () => now,
    config: {
      publicUrl: "http://localhost:3000",
      sidebarDir: "/nonexistent",
      localHelpdeskDir: "/nonexistent",
    },
    helpdeskFor: () => helpdesk,
    commerceFor: () => commerce,
    classifier: createOfflineClassifier(),
    drafter: createTemplateDrafter(),
    secretFor: async (candidate) => (candidate.id === installation.id ? secret : null),
    localHelpdesk: { helpdesk, subdomain: installation.subdomain, secret },
    queue: createInProcessQueue({ logger: createLogger("silent") }),
    webhookSecretFor: async () => null,
    shopifyWebhookSecret: null,
  };
  return {
    helpdesk,
    store,
    commerce,
    // No request budgets: tests and benches send bursts; test/isolation.test.ts tests them.
    app: createApp(deps, { rateLimits: { api: null, webhooks: null } }),
    deps,
    installation,
    logs,
    async token(claims = {}, options = {}) {
      const issuedAt = Math.floor(now.getTime() / 1000);
      return sign(
        {
          iss: installation.subdomain,
          sub: "agent-7",
          iat: issuedAt,
          exp: issuedAt + (options.lifetime ?? 60),
          jti: randomUUID(),
          ...claims,
        },
        options.secret ?? secret,
        "HS256",
      );
    },
    async close() {
      if (!database) {
        await handle.close();
      }
    },
  };
}

/** A request to the harness's app signed as `agent` (a lead is "1", a plain agent "2"). */
export async function signedRequest(
  harness: Harness,
  path: string,
  init: RequestInit = {},
  agent = "1",
): Promise<Response> {
  const token = await harness.token({ sub: agent, jti: randomUUID() });
  return harness.app.request(path, {
    ...init,
    headers: {
      authorization: `Bearer ${token}`,
      "content-type": "application/json",
      ...init.headers,
    },
  });
}

/** What the tests read of a ready brief. */
export interface ReadyBriefView {
  order: { id: string; name: string } | null;
  decision: { action: string; approval: string; amount: number | null };
  draft: { id: string; text: string; source: string };
  classification: { source: string; intent: string };
}

/** Asks for the brief until it is ready (the first ask starts its preparation). */
export async function readyBrief(harness: Harness, ticketId: number): Promise<ReadyBriefView> {
  for (let attempt = 0; attempt < 400; attempt++) {
    const response = await signedRequest(harness, `/api/tickets/${ticketId}/brief`);
    const view = (await response.json()) as { status: string; brief?: ReadyBriefView };
    if (view.status === "ready" && view.brief) {
      return view.brief;
    }
    if (view.status === "failed") {
      throw new Error(`brief for ${ticketId} failed: ${JSON.stringify(view)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`brief for ${ticketId} never became ready`);
}

/** Approves a draft as `agent`, with the draft's own text unless another is given. */
export function approveRequest(
  harness: Harness,
  ticketId: number,
  draftId: string,
  options: { agent?: string; text?: string; idempotencyKey?: string } = {},
): Promise<Response> {
  return signedRequest(
    harness,
    `/api/tickets/${ticketId}/approve`,
    {
      method: "POST",
      body: JSON.stringify({
        draftId,
        text: options.text ?? "Thanks for your patience: it is done.",
        idempotencyKey: options.idempotencyKey ?? `key-${draftId}`,
      }),
    },
    options.agent ?? "1",
  );
}
