// Tenant isolation: a token for tenant B never reads or acts on tenant A's tickets, drafts,
// settings or audit trail, on any /api route (answering 404 where it names A's data); and one
// tenant's flood spends its own request budget, not another's.
import { randomUUID } from "node:crypto";
import { type DatabaseHandle, type Installation, listAuditEvents } from "@countersign/db";
import { openTestDatabase } from "@countersign/db/testing";
import { sign } from "hono/jwt";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../src/app";
import type { Deps } from "../src/deps";
import { createMemoryRateLimitStore } from "../src/middleware/rate-limit";
import { createHarness, type Harness, now, type ReadyBriefView, readyBrief } from "./harness";

let database: DatabaseHandle;
let tenantA: Harness;
let tenantB: Harness;
let app: ReturnType<typeof createApp>;
let briefA: ReadyBriefView;
let secretsOf: Map<string, string>;

const secretB = "tenant-b-secret-0123456789abcdefghijklmnop";

/** One server that knows both tenants, as production does. */
function sharedDeps(): Deps {
  const byInstallation = new Map<string, Harness>([
    [tenantA.installation.id, tenantA],
    [tenantB.installation.id, tenantB],
  ]);
  const of = (installation: Installation) => {
    const owner = byInstallation.get(installation.id);
    if (!owner) {
      throw new Error(`unknown installation ${installation.id}`);
    }
    return owner;
  };
  return {
    ...tenantA.deps,
    helpdeskFor: (installation) => of(installation).helpdesk,
    commerceFor: (installation) => of(installation).commerce,
    secretFor: async (installation) => secretsOf.get(installation.id) ?? null,
  };
}

async function tokenFor(
  installation: Installation,
  secret: string,
  claims: Record<string, unknown> = {},
) {
  const issuedAt = Math.floor(now.getTime() / 1000);
  return sign(
    {
      iss: installation.subdomain,
      sub: "1",
      iat: issuedAt,
      exp: issuedAt + 60,
      jti: randomUUID(),
      ...claims,
    },
    secret,
    "HS256",
  );
}

async function asB(path: string, init: RequestInit = {}) {
  const token = await tokenFor(tenantB.installation, secretB);
  return app.request(path, {
    ...init,
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
  });
}

async function asA(path: string, init: RequestInit = {}) {
  const token = await tokenFor(tenantA.installation, secretsOf.get(tenantA.installation.id) ?? "");
  return app.request(path, {
    ...init,
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
  });
}

/** Everything that would show A's data leaking into B's answer. */
function tenantAMarks(): string[] {
  return [
    tenantA.installation.id,
    tenantA.installation.subdomain,
    briefA.draft.id,
    briefA.order?.id ?? "",
    briefA.order?.name ?? "",
    "Refund for order #1033",
  ].filter((mark) => mark !== "");
}

async function expectNothingOfA(response: Response, what: string) {
  expect(response.status, what).toBeLessThan(500);
  const text = await response.text();
  for (const mark of tenantAMarks()) {
    expect(text, `${what} shows ${mark}`).not.toContain(mark);
  }
  return text;
}

beforeAll(async () => {
  database = await openTestDatabase();
  tenantA = await createHarness(database, { demo: true });
  tenantB = await createHarness(database);
  secretsOf = new Map([
    [tenantA.installation.id, "tenant-a-secret-0123456789abcdefghijklmnop"],
    [tenantB.installation.id, secretB],
  ]);
  app = createApp(sharedDeps(), { rateLimits: { api: null, webhooks: null } });
  tenantA.app = app;
  const token = await tokenFor(tenantA.installation, secretsOf.get(tenantA.installation.id) ?? "");
  expect(
    (await app.request("/api/tickets/104", { headers: { authorization: `Bearer ${token}` } }))
      .status,
  ).toBe(200);
  tenantA.token = (claims = {}) =>
    tokenFor(tenantA.installation, secretsOf.get(tenantA.installation.id) ?? "", claims);
  briefA = await readyBrief(tenantA, 104);
});

afterAll(async () => {
  await tenantA.close();
  await tenantB.close();
  await database.close();
});

describe("a token for tenant B", () => {
  it("cannot read A's ticket or brief: 404", async () => {
    for (const path of [
      "/api/tickets/104",
      "/api/tickets/104/brief",
      "/api/tickets/104/brief?refresh=1",
    ]) {
      const response = await asB(path);
      expect(response.status, path).toBe(404);
      await expectNothingOfA(response, path);
    }
  });

  it("cannot approve or escalate with A's draft, on A's ticket id or on its own ticket: 404", async () => {
    const approveBody = JSON.stringify({
      draftId: briefA.draft.id,
      text: "B tries to send this",
      idempotencyKey: "cross-tenant-attempt",
    });
    for (const ticket of [104, 1001]) {
      const approve = await asB(`/api/tickets/${ticket}/approve`, {
        method: "POST",
        body: approveBody,
      });
      expect(approve.status, `approve ${ticket}`).toBe(404);
      await expectNothingOfA(approve, `approve ${ticket}`);
    }
    const escalate = await asB("/api/tickets/104/escalate", { method: "POST", body: "{}" });
    expect(escalate.status).toBe(404);
    await expectNothingOfA(escalate, "escalate");
  });

  it("sees none of A's audit trail, settings or replay", async () => {
    for (const path of [
      "/api/audit?ticketId=104",
      "/api/audit",
      "/api/audit?format=csv",
      "/api/settings",
    ]) {
      const response = await asB(path);
      expect(response.status, path).toBe(200);
      await expectNothingOfA(response, path);
    }
    const replay = await asB("/api/settings/replay", {
      method: "POST",
      body: JSON.stringify({ policy: {} }),
    });
    await expectNothingOfA(replay, "replay");
  });

  it("changes only its own settings", async () => {
    const before = (await (await asA("/api/settings")).json()) as { version: number };
    const mine = (await (await asB("/api/settings")).json()) as Record<string, unknown>;
    const saved = await asB("/api/settings", {
      method: "PUT",
      body: JSON.stringify({
        expectedVersion: mine.version ?? 0,
        policy: {},
        leadRoles: ["admin"],
        reason: "tenant B's own change",
      }),
    });
    await expectNothingOfA(saved, "PUT settings");
    const after = (await (await asA("/api/settings")).json()) as { version: number };
    expect(after.version).toBe(before.version);
    const deleted = await asB(`/api/settings/voice-examples/${randomUUID()}`, { method: "DELETE" });
    await expectNothingOfA(deleted, "DELETE voice example");
  });

  it("gets a 404 or nothing of A's from every /api operation, whatever its path names", async () => {
    const document = (await (await app.request("/openapi.json")).json()) as {
      paths: Record<string, Record<string, unknown>>;
    };
    const operations = Object.entries(document.paths).flatMap(([path, methods]) =>
      Object.keys(methods).map((method) => ({ method: method.toUpperCase(), path })),
    );
    expect(operations.length).toBeGreaterThanOrEqual(5);
    for (const { method, path } of operations) {
      const url = path
        .replace("{ticketId}", "104")
        .replace(/\{[^}]+\}/g, encodeURIComponent(briefA.draft.id));
      const init: RequestInit = { method };
      if (method !== "GET" && method !== "DELETE") {
        init.body = JSON.stringify({
          draftId: briefA.draft.id,
          text: "x",
          idempotencyKey: "cross-tenant-2",
        });
      }
      await expectNothingOfA(await asB(`${url}?ticketId=104`, init), `${method} ${path}`);
    }
  });

  it("left A's ticket, store and records untouched", async () => {
    const ticket = await tenantA.helpdesk.getTicket(104);
    expect(ticket.comments.filter((comment) => comment.author === "agent")).toEqual([]);
    const events = await listAuditEvents(database.db, tenantA.installation.id);
    expect(events.map((event) => event.type)).not.toContain("action.approved");
    const bEvents = await listAuditEvents(database.db, tenantB.installation.id);
    expect(JSON.stringify(bEvents)).not.toContain(briefA.draft.id);
  });

  it("signed with A's secret, or naming A but signed with B's, is refused: 401", async () => {
    const wrongSecret = await tokenFor(
      tenantB.installation,
      secretsOf.get(tenantA.installation.id) ?? "",
    );
    const wrongIssuer = await tokenFor(tenantA.installation, secretB);
    for (const token of [wrongSecret, wrongIssuer]) {
      const response = await app.request("/api/tickets/104", {
        headers: { authorization: `Bearer ${token}` },
      });
      expect(response.status).toBe(401);
    }
  });
});

describe("request budgets", () => {
  it("are per installation on /api: A's flood gets 429 with Retry-After, B is served", async () => {
    const limited = createApp(sharedDeps(), {
      rateLimits: { api: createMemoryRateLimitStore({ perSecond: 1, burst: 5 }), webhooks: null },
    });
    const get = async (installation: Installation, secret: string) =>
      limited.request("/api/tickets/1001", {
        headers: { authorization: `Bearer ${await tokenFor(installation, secret)}` },
      });
    const secretA = secretsOf.get(tenantA.installation.id) ?? "";
    const flood = [];
    for (let index = 0; index < 8; index++) {
      flood.push((await get(tenantA.installation, secretA)).status);
    }
    expect(flood.filter((status) => status === 429)).toHaveLength(3);
    const refused = await get(tenantA.installation, secretA);
    expect(refused.status).toBe(429);
    expect(refused.headers.get("content-type")).toMatch(/^application\/problem\+json/);
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    expect(((await refused.json()) as { code: string }).code).toBe("RATE_LIMITED");
    expect((await get(tenantB.installation, secretB)).status).toBe(200);
  });

  it("are per source address on /webhooks", async () => {
    const limited = createApp(sharedDeps(), {
      rateLimits: { api: null, webhooks: createMemoryRateLimitStore({ perSecond: 1, burst: 3 }) },
    });
    const from = (address: string) =>
      limited.request(
        `/webhooks/zendesk?subdomain=${tenantA.installation.subdomain}`,
        { method: "POST", body: "{}" },
        { incoming: { socket: { remoteAddress: address } } },
      );
    const statuses = [];
    for (let index = 0; index < 5; index++) {
      statuses.push((await from("203.0.113.7")).status);
    }
    expect(statuses).toEqual([401, 401, 401, 429, 429]);
    const refused = await from("203.0.113.7");
    expect(refused.headers.get("retry-after")).not.toBeNull();
    expect((await from("198.51.100.9")).status).toBe(401);
  });

  it("refill over time", async () => {
    let clock = 0;
    const store = createMemoryRateLimitStore({ perSecond: 2, burst: 2 });
    expect((await store.take("k", clock)).allowed).toBe(true);
    expect((await store.take("k", clock)).allowed).toBe(true);
    const refused = await store.take("k", clock);
    expect(refused).toEqual({ allowed: false, retryAfterMs: 500 });
    clock += 500;
    expect((await store.take("k", clock)).allowed).toBe(true);
    expect((await store.take("other", clock)).allowed).toBe(true);
  });
});
