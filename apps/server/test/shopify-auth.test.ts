import { createHmac, randomBytes, randomUUID } from "node:crypto";
import { fileURLToPath } from "node:url";
import {
  ensureInstallation,
  type Installation,
  listAuditEvents,
  loadShopifySession,
  newId,
  saveShopifySession,
} from "@countersign/db";
import { NotFoundError } from "@countersign/shared";
import type { DemoStore } from "@countersign/shopify";
import { sql } from "drizzle-orm";
import { HttpResponse, http } from "msw";
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../src/app";
import { buildStore, type Store } from "../src/compose";
import { loadDemoData } from "../src/demo-data";
import { type Env, parseEnv } from "../src/env";
import { signShopifyWebhook } from "../src/webhooks/signatures";
import { createHarness, type Harness, now } from "./harness";

// The install over HTTP: the app's routes, the real @shopify/shopify-api and a real database;
// Shopify's token and Admin endpoints answered by msw.

const API_KEY = "countersign-client-id";
const API_SECRET = "countersign-client-secret-0123456789";
const APP_URL = "https://countersign.example.com";
const KEY = randomBytes(32);
const shop = `t${randomBytes(6).toString("hex")}.myshopify.com`;
const ORDER_ID = "gid://shopify/Order/1";

const server = setupServer();
let harness: Harness;
let owner: Installation;
let demoData: DemoStore;
let store: Store;
let app: ReturnType<typeof createApp>;

function env(overrides: Record<string, string> = {}): Env {
  const parsed = parseEnv({
    PUBLIC_URL: APP_URL,
    SHOPIFY_SHOP: shop,
    SHOPIFY_API_KEY: API_KEY,
    SHOPIFY_API_SECRET: API_SECRET,
    SHOPIFY_AUTH_MODE: "oauth",
    COUNTERSIGN_ENCRYPTION_KEY: KEY.toString("base64"),
    ...overrides,
  });
  if (!parsed.ok) {
    throw new Error(JSON.stringify(parsed.error));
  }
  return parsed.value;
}

beforeAll(async () => {
  server.listen({ onUnhandledFrame: "error" });
  harness = await createHarness();
  owner = await ensureInstallation(harness.deps.database.db, {
    helpdesk: "local",
    subdomain: newId("shopauth"),
    shopDomain: shop,
    secretRef: "env:TEST",
  });
  const demoPath = fileURLToPath(new URL("../../../demo/demo-data.json", import.meta.url));
  demoData = (await loadDemoData(demoPath, now)).store;
  store = buildStore(env(), demoData, { db: harness.deps.database.db });
  app = createApp({ ...harness.deps, shopifyAuth: store.auth ?? null });
});

afterEach(() => server.resetHandlers());

afterAll(async () => {
  server.close();
  await harness.close();
});

interface Recorded {
  tokenRequests: Array<Record<string, unknown>>;
  adminTokens: Array<string | null>;
}

/** Shopify for one shop: the token endpoint answers `answer`, the Admin API finds no order. */
function shopify(answer: (body: Record<string, unknown>) => Response): Recorded {
  const recorded: Recorded = { tokenRequests: [], adminTokens: [] };
  server.use(
    http.post(`https://${shop}/admin/oauth/access_token`, async ({ request }) => {
      const body = (await request.json()) as Record<string, unknown>;
      recorded.tokenRequests.push(body);
      return answer(body);
    }),
    http.post(`https://${shop}/admin/api/2026-10/graphql.json`, ({ request }) => {
      recorded.adminTokens.push(request.headers.get("x-shopify-access-token"));
      return HttpResponse.json({ data: { order: null } });
    }),
  );
  return recorded;
}

const pair = (access: string, refresh: string) =>
  HttpResponse.json({
    access_token: access,
    scope: "write_orders,read_customers,write_returns,write_draft_orders",
    expires_in: 3600,
    refresh_token: refresh,
    refresh_token_expires_in: 7_776_000,
  });

function signed(params: Record<string, string>): string {
  const message = Object.keys(params)
    .sort((a, b) => a.localeCompare(b))
    .map((key) => `${encodeURIComponent(key)}=${encodeURIComponent(params[key] ?? "")}`)
    .join("&");
  const hmac = createHmac("sha256", API_SECRET).update(message).digest("hex");
  return new URLSearchParams({ ...params, hmac }).toString();
}

async function begin(target = shop) {
  const response = await app.request(`/auth/shopify?shop=${encodeURIComponent(target)}`);
  const location = new URL(response.headers.get("location") ?? "http://missing/");
  const cookie = response.headers
    .getSetCookie()
    .map((value) => value.split(";")[0])
    .join("; ");
  return { response, location, cookie, state: location.searchParams.get("state") ?? "" };
}

function callback(state: string, cookie: string, hmac?: string) {
  const params = {
    code: "code-from-shopify",
    shop,
    state,
    timestamp: String(Math.trunc(Date.now() / 1000)),
  };
  const query = hmac ? new URLSearchParams({ ...params, hmac }).toString() : signed(params);
  return app.request(`/auth/shopify/callback?${query}`, { headers: { cookie } });
}

async function expectProblem(response: Response, status: number) {
  expect(response.status).toBe(status);
  expect(response.headers.get("content-type")).toMatch(/^application\/problem\+json/);
  return (await response.json()) as { errors?: Array<{ path: string }>; detail: string };
}

describe("GET /auth/shopify", () => {
  it("answers 400 naming `shop` when it is not a myshopify domain", async () => {
    for (const bad of ["", "evil.example.com", "https://x.myshopify.com.evil.com"]) {
      const problem = await expectProblem(
        await app.request(`/auth/shopify?shop=${encodeURIComponent(bad)}`),
        400,
      );
      expect(problem.errors?.map((issue) => issue.path)).toEqual(["shop"]);
    }
  });

  it("answers 404 for a store no installation uses", async () => {
    const problem = await expectProblem(
      await app.request("/auth/shopify?shop=someone-else.myshopify.com"),
      404,
    );
    expect(problem.detail).toContain("someone-else.myshopify.com");
  });

  it("answers 404 when the server is not configured for the OAuth install", async () => {
    await expectProblem(await harness.app.request(`/auth/shopify?shop=${shop}`), 404);
  });

  it("redirects to Shopify's authorize page with the scopes and our callback", async () => {
    const { response, location, cookie, state } = await begin();
    expect(response.status).toBe(302);
    expect(location.host).toBe(shop);
    expect(location.pathname).toBe("/admin/oauth/authorize");
    expect(location.searchParams.get("client_id")).toBe(API_KEY);
    expect(location.searchParams.get("redirect_uri")).toBe(`${APP_URL}/auth/shopify/callback`);
    expect(location.searchParams.get("scope")?.split(",")).toEqual(
      expect.arrayContaining(["write_orders", "read_customers"]),
    );
    expect(cookie).toContain(`shopify_app_state=${state}`);
  });
});

describe("GET /auth/shopify/callback", () => {
  it("refuses a forged callback with 401 and stores nothing", async () => {
    const recorded = shopify(() => pair("shpat_forged", "shprt_forged"));
    const { cookie, state } = await begin();
    await expectProblem(await callback(state, cookie, "f".repeat(64)), 401);
    await expectProblem(await callback(state, ""), 401);
    expect(recorded.tokenRequests).toEqual([]);
    expect(await loadShopifySession(harness.deps.database.db, KEY, owner.id, shop)).toBeNull();
  });

  it("connects the store, keeps the tokens encrypted, audits it, and the adapter uses them", async () => {
    const recorded = shopify(() => pair("shpat_installed", "shprt_installed"));
    const { cookie, state } = await begin();

    const response = await callback(state, cookie);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^text\/html/);
    const page = await response.text();
    expect(page).toContain("Your store is connected");
    expect(page).toContain(shop);
    expect(recorded.tokenRequests).toEqual([
      expect.objectContaining({ code: "code-from-shopify", expiring: "1", client_id: API_KEY }),
    ]);

    const db = harness.deps.database.db;
    const session = await loadShopifySession(db, KEY, owner.id, shop);
    expect(session).toMatchObject({
      accessToken: "shpat_installed",
      refreshToken: "shprt_installed",
    });
    const rows = await db.execute(
      sql`select * from shopify_sessions where installation_id = ${owner.id}`,
    );
    expect(JSON.stringify(rows)).toContain(shop);
    expect(JSON.stringify(rows)).not.toContain("shpat_installed");
    expect(JSON.stringify(rows)).not.toContain("shprt_installed");
    const events = await listAuditEvents(db, owner.id);
    expect(events.map((event) => event.type)).toContain("store.connected");
    expect(JSON.stringify(events)).not.toContain("shpat_installed");

    // The store adapter now calls Shopify with the stored token.
    await expect(store.commerce.getOrder(ORDER_ID)).rejects.toBeInstanceOf(NotFoundError);
    expect(recorded.adminTokens).toEqual(["shpat_installed"]);

    // Close to expiry, the next call refreshes first and stores the rotated pair.
    if (!session) {
      throw new Error("no session stored");
    }
    await saveShopifySession(db, KEY, {
      ...session,
      accessTokenExpiresAt: new Date(Date.now() + 60_000),
    });
    const refreshed = shopify(() => pair("shpat_refreshed", "shprt_refreshed"));
    await expect(store.commerce.getOrder(ORDER_ID)).rejects.toBeInstanceOf(NotFoundError);
    expect(refreshed.tokenRequests).toEqual([
      expect.objectContaining({ grant_type: "refresh_token", refresh_token: "shprt_installed" }),
    ]);
    expect(refreshed.adminTokens).toEqual(["shpat_refreshed"]);
    expect(await loadShopifySession(db, KEY, owner.id, shop)).toMatchObject({
      accessToken: "shpat_refreshed",
      refreshToken: "shprt_refreshed",
    });
  });
});

describe("store credentials from configuration", () => {
  it("uses the client credentials grant when the app's key and secret are set without a token", async () => {
    const grant = buildStore(
      env({ SHOPIFY_AUTH_MODE: "client_credentials", COUNTERSIGN_ENCRYPTION_KEY: "" }),
      demoData,
    );
    expect(grant.auth).toBeNull();
    const recorded = shopify(() =>
      HttpResponse.json({
        access_token: "shpat_granted",
        scope: "write_orders",
        expires_in: 86_399,
      }),
    );
    await expect(grant.commerce.getOrder(ORDER_ID)).rejects.toBeInstanceOf(NotFoundError);
    await expect(grant.commerce.getOrder(ORDER_ID)).rejects.toBeInstanceOf(NotFoundError);
    expect(recorded.tokenRequests).toEqual([
      { client_id: API_KEY, client_secret: API_SECRET, grant_type: "client_credentials" },
    ]);
    expect(recorded.adminTokens).toEqual(["shpat_granted", "shpat_granted"]);
  });

  it("keeps the static token path", async () => {
    const fixed = buildStore(env({ SHOPIFY_ACCESS_TOKEN: "shpat_static" }), demoData);
    const recorded = shopify(() => pair("unused", "unused"));
    await expect(fixed.commerce.getOrder(ORDER_ID)).rejects.toBeInstanceOf(NotFoundError);
    expect(recorded.adminTokens).toEqual(["shpat_static"]);
    expect(recorded.tokenRequests).toEqual([]);
  });

  it("refuses to start the OAuth mode without an encryption key, or with a bad one", () => {
    const missing = parseEnv({
      SHOPIFY_SHOP: shop,
      SHOPIFY_API_KEY: API_KEY,
      SHOPIFY_API_SECRET: API_SECRET,
      SHOPIFY_AUTH_MODE: "oauth",
    });
    expect(missing.ok).toBe(false);
    if (!missing.ok) {
      expect(missing.error.map((issue) => issue.path)).toEqual(["COUNTERSIGN_ENCRYPTION_KEY"]);
    }
    const short = parseEnv({
      SHOPIFY_AUTH_MODE: "oauth",
      SHOPIFY_SHOP: shop,
      SHOPIFY_API_KEY: API_KEY,
      SHOPIFY_API_SECRET: API_SECRET,
      COUNTERSIGN_ENCRYPTION_KEY: randomBytes(16).toString("base64"),
    });
    expect(short.ok).toBe(false);
    if (!short.ok) {
      expect(short.error.map((issue) => issue.path)).toContain("COUNTERSIGN_ENCRYPTION_KEY");
    }
    // The other modes store no tokens and need no key.
    expect(
      parseEnv({ SHOPIFY_SHOP: shop, SHOPIFY_API_KEY: API_KEY, SHOPIFY_API_SECRET: API_SECRET }).ok,
    ).toBe(true);
  });
});

describe("POST /webhooks/shopify/app/uninstalled", () => {
  function uninstalled(
    webhookApp: ReturnType<typeof createApp>,
    deliveryId: string,
    hmac?: string,
  ) {
    const body = JSON.stringify({ id: 1, myshopify_domain: shop, domain: "brand.example.com" });
    return webhookApp.request("/webhooks/shopify/app/uninstalled", {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "x-shopify-hmac-sha256": hmac ?? signShopifyWebhook(API_SECRET, body),
        "x-shopify-webhook-id": deliveryId,
        "x-shopify-shop-domain": shop,
      },
      body,
    });
  }

  it("forgets the store's tokens and audits it; the store then reads as not connected", async () => {
    const db = harness.deps.database.db;
    await saveShopifySession(db, KEY, {
      installationId: owner.id,
      shop,
      scope: "write_orders",
      accessToken: "shpat_before_uninstall",
      accessTokenExpiresAt: new Date(Date.now() + 3_600_000),
      refreshToken: "shprt_before_uninstall",
      refreshTokenExpiresAt: null,
    });
    const webhookApp = createApp({
      ...harness.deps,
      shopifyAuth: store.auth ?? null,
      shopifyWebhookSecret: API_SECRET,
    });

    const forged = await uninstalled(webhookApp, randomUUID(), "bm90IHRoZSBzaWduYXR1cmU=");
    expect(forged.status).toBe(401);
    expect(await loadShopifySession(db, KEY, owner.id, shop)).not.toBeNull();

    const deliveryId = randomUUID();
    const response = await uninstalled(webhookApp, deliveryId);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: "disconnected", sessionForgotten: true });
    expect(await loadShopifySession(db, KEY, owner.id, shop)).toBeNull();
    const events = await listAuditEvents(db, owner.id);
    expect(events.filter((event) => event.type === "store.disconnected")).toMatchObject([
      { actor: `shopify:${shop}`, data: { shop, sessionForgotten: true } },
    ]);

    // No Admin API call with a dead token: the adapter says the store must be installed again.
    const recorded = shopify(() => pair("shpat_unused", "shprt_unused"));
    await expect(store.commerce.getOrder(ORDER_ID)).rejects.toThrow(/is not connected yet/);
    expect(recorded.adminTokens).toEqual([]);
    expect(recorded.tokenRequests).toEqual([]);

    // Shopify delivers at least once: the repeat changes nothing.
    const again = await uninstalled(webhookApp, deliveryId);
    expect(await again.json()).toEqual({ status: "duplicate" });
    expect(
      (await listAuditEvents(db, owner.id)).filter((event) => event.type === "store.disconnected"),
    ).toHaveLength(1);
  });
});
