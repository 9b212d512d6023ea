import { randomUUID } from "node:crypto";
import type { DatabaseHandle, Installation } from "@countersign/db";
import { createTestInstallation, openTestDatabase } from "@countersign/db/testing";
import { createLocalHelpdesk, type HelpdeskTicket } from "@countersign/helpdesk";
import { sign } from "hono/jwt";
import { createApp } from "../src/app";
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

/** The real app on a real (PGlite or DATABASE_URL) database, with the local helpdesk. */
export async function createHarness(database?: DatabaseHandle): Promise<Harness> {
  const handle = database ?? (await openTestDatabase());
  const installation = await createTestInstallation(handle);
  const helpdesk = createLocalHelpdesk(tickets, { now: () => now });
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
    secretFor: async (candidate) => (candidate.id === installation.id ? secret : null),
    localHelpdesk: { helpdesk, subdomain: installation.subdomain, secret },
    queue: createInProcessQueue({ logger: createLogger("silent") }),
    webhookSecretFor: async () => null,
    shopifyWebhookSecret: null,
  };
  return {
    app: createApp(deps),
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
