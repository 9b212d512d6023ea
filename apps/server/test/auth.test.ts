import { createSign, generateKeyPairSync, randomUUID } from "node:crypto";
import { ensureInstallation, type Installation, newId } from "@countersign/db";
import { createLocalHelpdesk, type HelpdeskTicket } from "@countersign/helpdesk";
import { sign } from "hono/jwt";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../src/app";
import { parseEnv } from "../src/env";
import { isReplayProtected } from "../src/middleware/helpdesk-auth";
import { createHarness, type Harness, now, secret, tickets } from "./harness";

const otherSecret = "the-other-tenants-secret-0123456789abcdef";
const otherTickets: HelpdeskTicket[] = [
  {
    id: 5001,
    subject: "Refund for order #2001",
    status: "open",
    tags: [],
    createdAt: "2026-11-19T10:00:00Z",
    requester: { name: "Sam Lee", email: "sam@example.com" },
    comments: [],
  },
];

let harness: Harness;
let app: ReturnType<typeof createApp>;
let other: Installation;

beforeAll(async () => {
  harness = await createHarness();
  other = await ensureInstallation(harness.deps.database.db, {
    helpdesk: "zendesk",
    subdomain: `acme-${newId("t").slice(2)}`,
    shopDomain: "acme.myshopify.com",
    secretRef: "env:ZENDESK_SHARED_SECRET",
  });
  const mine = createLocalHelpdesk(tickets, { now: () => now });
  const theirs = createLocalHelpdesk(otherTickets, { now: () => now });
  app = createApp({
    ...harness.deps,
    helpdeskFor: (installation) => (installation.id === other.id ? theirs : mine),
    secretFor: async (installation) => {
      if (installation.id === harness.installation.id) {
        return secret;
      }
      return installation.id === other.id ? otherSecret : null;
    },
  });
});

afterAll(async () => {
  await harness.close();
});

const nowSeconds = Math.floor(now.getTime() / 1000);

function claims(extra: Record<string, unknown> = {}) {
  return {
    iss: harness.installation.subdomain,
    sub: "agent-7",
    iat: nowSeconds,
    exp: nowSeconds + 60,
    jti: randomUUID(),
    ...extra,
  };
}

function base64url(value: string | Buffer): string {
  return Buffer.from(value).toString("base64url");
}

function get(path: string, token: string) {
  return app.request(path, { headers: { authorization: `Bearer ${token}` } });
}

function post(path: string, token: string) {
  return app.request(path, {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    body: "{}",
  });
}

async function expectRefused(response: Response) {
  expect(response.status).toBe(401);
  expect(response.headers.get("content-type")).toMatch(/^application\/problem\+json/);
  expect(await response.json()).toMatchObject({ code: "UNAUTHORIZED", status: 401 });
}

describe("helpdesk token", () => {
  it("accepts an HS256 token signed with the installation's secret", async () => {
    const response = await get("/api/tickets/1001", await sign(claims(), secret, "HS256"));
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ id: 1001 });
  });

  it("refuses a token signed with another secret", async () => {
    await expectRefused(await get("/api/tickets/1001", await sign(claims(), otherSecret, "HS256")));
  });

  it("refuses an unsigned token (alg none)", async () => {
    const token = `${base64url(JSON.stringify({ alg: "none", typ: "JWT" }))}.${base64url(
      JSON.stringify(claims()),
    )}.`;
    await expectRefused(await get("/api/tickets/1001", token));
  });

  it("refuses an RS256 token, even one that is validly signed", async () => {
    const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
    const head = `${base64url(JSON.stringify({ alg: "RS256", typ: "JWT" }))}.${base64url(
      JSON.stringify(claims()),
    )}`;
    const signature = createSign("RSA-SHA256").update(head).sign(privateKey);
    await expectRefused(await get("/api/tickets/1001", `${head}.${base64url(signature)}`));
  });

  it("refuses an HS256 token whose header claims another algorithm's family", async () => {
    const head = `${base64url(JSON.stringify({ alg: "HS512", typ: "JWT" }))}.${base64url(
      JSON.stringify(claims()),
    )}`;
    const token = await sign(claims(), secret, "HS512");
    await expectRefused(await get("/api/tickets/1001", token));
    await expectRefused(await get("/api/tickets/1001", `${head}.x`));
  });

  it("refuses an expired token and one that lives too long", async () => {
    const expired = claims({ iat: nowSeconds - 400, exp: nowSeconds - 60 });
    await expectRefused(await get("/api/tickets/1001", await sign(expired, secret, "HS256")));
    const longLived = claims({ exp: nowSeconds + 3600 });
    await expectRefused(await get("/api/tickets/1001", await sign(longLived, secret, "HS256")));
  });

  it("refuses a token naming another account than the one whose secret signed it", async () => {
    const forged = claims({ iss: other.subdomain });
    await expectRefused(await get("/api/tickets/5001", await sign(forged, secret, "HS256")));
    const unknown = claims({ iss: "no-such-account" });
    await expectRefused(await get("/api/tickets/1001", await sign(unknown, secret, "HS256")));
  });

  it("refuses a token without a bearer header or without an agent", async () => {
    await expectRefused(await app.request("/api/tickets/1001"));
    const anonymous = claims({ sub: undefined });
    await expectRefused(await get("/api/tickets/1001", await sign(anonymous, secret, "HS256")));
  });
});

describe("tenants", () => {
  it("never show one tenant another tenant's ticket", async () => {
    const theirToken = await sign(claims({ iss: other.subdomain }), otherSecret, "HS256");
    expect((await get("/api/tickets/5001", theirToken)).status).toBe(200);
    const response = await get("/api/tickets/1001", theirToken);
    expect(response.status).toBe(404);
    expect(JSON.stringify(await response.json())).not.toContain("Maya");
    const myToken = await sign(claims(), secret, "HS256");
    expect((await get("/api/tickets/5001", myToken)).status).toBe(404);
  });
});

describe("replay of money actions", () => {
  it("protects actions and approvals, not reads", () => {
    expect(isReplayProtected("POST", "/api/actions/refund")).toBe(true);
    expect(isReplayProtected("POST", "/api/tickets/1001/approve")).toBe(true);
    expect(isReplayProtected("GET", "/api/tickets/1001/brief")).toBe(false);
    expect(isReplayProtected("GET", "/api/actions/act_1")).toBe(false);
  });

  it("accepts a token once for an action and refuses it the second time", async () => {
    const token = await sign(claims(), secret, "HS256");
    const first = await post("/api/actions/refund", token);
    expect(first.status).not.toBe(401);
    await expectRefused(await post("/api/actions/refund", token));
    await expectRefused(await post("/api/tickets/1001/approve", token));
  });

  it("refuses an action token without a jti", async () => {
    const token = await sign(claims({ jti: undefined }), secret, "HS256");
    await expectRefused(await post("/api/tickets/1001/approve", token));
  });

  it("lets a read reuse its token", async () => {
    const token = await sign(claims(), secret, "HS256");
    expect((await get("/api/tickets/1001", token)).status).toBe(200);
    expect((await get("/api/tickets/1001", token)).status).toBe(200);
  });

  it("does not let a refused token burn its jti", async () => {
    const jti = randomUUID();
    const wrong = await sign(claims({ jti }), otherSecret, "HS256");
    await expectRefused(await post("/api/actions/refund", wrong));
    const right = await sign(claims({ jti }), secret, "HS256");
    expect((await post("/api/actions/refund", right)).status).not.toBe(401);
  });
});

describe("configuration of a real account", () => {
  const zendesk = {
    ZENDESK_SUBDOMAIN: "acme",
    ZENDESK_EMAIL: "admin@acme.test",
    ZENDESK_API_TOKEN: "token",
  };

  it("needs the shared secret the proxy signs with when a Zendesk account is configured", () => {
    const missing = parseEnv(zendesk);
    expect(missing.ok).toBe(false);
    expect(missing.ok ? [] : missing.error.map((issue) => issue.path)).toContain(
      "ZENDESK_SHARED_SECRET",
    );
    const short = parseEnv({ ...zendesk, ZENDESK_SHARED_SECRET: "too-short" });
    expect(short.ok).toBe(false);
    const complete = parseEnv({ ...zendesk, ZENDESK_SHARED_SECRET: "s".repeat(32) });
    expect(complete.ok).toBe(true);
  });

  it("takes the Gorgias settings together or not at all", () => {
    const partial = parseEnv({ GORGIAS_DOMAIN: "acme" });
    expect(partial.ok ? [] : partial.error.map((issue) => issue.path).sort()).toEqual([
      "GORGIAS_API_KEY",
      "GORGIAS_EMAIL",
      "GORGIAS_INTEGRATION_SECRET",
    ]);
    const complete = parseEnv({
      GORGIAS_DOMAIN: "acme",
      GORGIAS_EMAIL: "bot@acme.test",
      GORGIAS_API_KEY: "key",
      GORGIAS_INTEGRATION_SECRET: "k".repeat(32),
    });
    expect(complete.ok).toBe(true);
  });
});
