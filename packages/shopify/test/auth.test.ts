import { createHmac } from "node:crypto";
import {
  NotFoundError,
  UnauthorizedError,
  UpstreamError,
  ValidationError,
} from "@countersign/shared";
import { HttpResponse, http } from "msw";
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createAdminClient } from "../src/admin-client";
import {
  createClientCredentialsAuth,
  createMemorySessionStore,
  createShopifyAuth,
  type OfflineSession,
} from "../src/auth";

// Shopify's token endpoint answered over msw, in front of the real @shopify/shopify-api.

const SHOP = "brand.myshopify.com";
const TOKEN_URL = `https://${SHOP}/admin/oauth/access_token`;
const API_KEY = "client-id-123";
const API_SECRET = "client-secret-abcdef";
const APP_URL = "https://countersign.example.com";

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledFrame: "error" }));
afterEach(() => server.resetHandlers());
afterAll(() => {
  server.close();
});

interface TokenRequest {
  [key: string]: unknown;
}

/** Answers the token endpoint with `answer(body)` and records every request body. */
function tokenEndpoint(answer: (body: TokenRequest) => Response): TokenRequest[] {
  const seen: TokenRequest[] = [];
  server.use(
    http.post(TOKEN_URL, async ({ request }) => {
      const body = (await request.json()) as TokenRequest;
      seen.push(body);
      return answer(body);
    }),
  );
  return seen;
}

const tokenPair = (access: string, refresh: string) =>
  HttpResponse.json({
    access_token: access,
    scope: "write_orders,read_customers",
    expires_in: 3600,
    refresh_token: refresh,
    refresh_token_expires_in: 7_776_000,
  });

function sign(params: Record<string, string>): string {
  const message = Object.keys(params)
    .sort((a, b) => a.localeCompare(b))
    .map((key) => `${encodeURIComponent(key)}=${encodeURIComponent(params[key] ?? "")}`)
    .join("&");
  return createHmac("sha256", API_SECRET).update(message).digest("hex");
}

function auth(sessions = createMemorySessionStore(), clock = () => new Date()) {
  const failures: unknown[] = [];
  const instance = createShopifyAuth({
    apiKey: API_KEY,
    apiSecretKey: API_SECRET,
    appUrl: APP_URL,
    scopes: ["write_orders", "read_customers"],
    sessions,
    clock,
    onRefreshFailure: (_shop, error) => failures.push(error),
  });
  return { auth: instance, sessions, failures };
}

/** Starts an install and returns what a browser would carry back to the callback. */
async function beginInstall(instance: ReturnType<typeof auth>["auth"]) {
  const response = await instance.begin(SHOP, new Request(`${APP_URL}/auth/shopify?shop=${SHOP}`));
  const location = new URL(response.headers.get("location") ?? "");
  const cookies = response.headers
    .getSetCookie()
    .map((cookie) => cookie.split(";")[0])
    .join("; ");
  return { response, location, cookies, state: location.searchParams.get("state") ?? "" };
}

function callbackRequest(params: Record<string, string>, cookies: string, hmac?: string) {
  const query = new URLSearchParams({ ...params, hmac: hmac ?? sign(params) });
  return new Request(`${APP_URL}/auth/shopify/callback?${query}`, {
    headers: { cookie: cookies },
  });
}

function callbackParams(state: string): Record<string, string> {
  return {
    code: "authorization-code-1",
    shop: SHOP,
    state,
    timestamp: String(Math.trunc(Date.now() / 1000)),
  };
}

function stored(expiresInMs: number, overrides: Partial<OfflineSession> = {}): OfflineSession {
  return {
    shop: SHOP,
    scope: "write_orders,read_customers",
    accessToken: "shpat_old",
    accessTokenExpiresAt: new Date(Date.now() + expiresInMs),
    refreshToken: "shprt_old",
    refreshTokenExpiresAt: new Date(Date.now() + 80 * 24 * 3600 * 1000),
    ...overrides,
  };
}

describe("the OAuth install", () => {
  it("begins with a redirect to Shopify's authorize page and a signed state cookie", async () => {
    const { auth: instance } = auth();
    const { response, location, cookies, state } = await beginInstall(instance);

    expect(response.status).toBe(302);
    expect(location.origin).toBe(`https://${SHOP}`);
    expect(location.pathname).toBe("/admin/oauth/authorize");
    expect(location.searchParams.get("client_id")).toBe(API_KEY);
    expect(location.searchParams.get("redirect_uri")).toBe(`${APP_URL}/auth/shopify/callback`);
    expect(location.searchParams.get("scope")).toContain("write_orders");
    expect(state.length).toBeGreaterThan(10);
    expect(cookies).toContain(`shopify_app_state=${state}`);
  });

  it("refuses a shop that is not a myshopify domain, naming the field", async () => {
    const { auth: instance } = auth();
    const attempt = instance.begin("evil.example.com", new Request(`${APP_URL}/auth/shopify`));
    await expect(attempt).rejects.toBeInstanceOf(ValidationError);
    await expect(attempt).rejects.toMatchObject({ issues: [{ path: "shop" }] });
    expect(instance.sanitizeShop("brand")).toBeNull();
    expect(instance.sanitizeShop(SHOP)).toBe(SHOP);
  });

  it("exchanges the code for an expiring offline token and stores the session", async () => {
    const { auth: instance, sessions } = auth();
    const seen = tokenEndpoint(() => tokenPair("shpat_new", "shprt_new"));
    const { cookies, state } = await beginInstall(instance);

    const before = Date.now();
    const { session, headers } = await instance.callback(
      callbackRequest(callbackParams(state), cookies),
    );

    expect(seen).toEqual([
      {
        client_id: API_KEY,
        client_secret: API_SECRET,
        code: "authorization-code-1",
        expiring: "1",
      },
    ]);
    expect(session).toMatchObject({
      shop: SHOP,
      accessToken: "shpat_new",
      refreshToken: "shprt_new",
      scope: "write_orders,read_customers",
    });
    expect(session.accessTokenExpiresAt?.getTime()).toBeGreaterThanOrEqual(before + 3_599_000);
    expect(await sessions.load(SHOP)).toEqual(session);
    // The state cookie is cleared.
    expect(headers.getSetCookie().some((cookie) => cookie.startsWith("shopify_app_state="))).toBe(
      true,
    );
  });

  it("refuses a callback with a forged signature before asking Shopify for a token", async () => {
    const { auth: instance, sessions } = auth();
    const seen = tokenEndpoint(() => tokenPair("shpat_new", "shprt_new"));
    const { cookies, state } = await beginInstall(instance);

    await expect(
      instance.callback(callbackRequest(callbackParams(state), cookies, "0".repeat(64))),
    ).rejects.toBeInstanceOf(UnauthorizedError);
    expect(seen).toEqual([]);
    expect(await sessions.load(SHOP)).toBeNull();
  });

  it("refuses a callback whose state does not match the cookie, or has no cookie", async () => {
    const { auth: instance } = auth();
    tokenEndpoint(() => tokenPair("shpat_new", "shprt_new"));
    const { cookies } = await beginInstall(instance);

    await expect(
      instance.callback(callbackRequest(callbackParams("another-state"), cookies)),
    ).rejects.toBeInstanceOf(UnauthorizedError);
    await expect(
      instance.callback(callbackRequest(callbackParams("another-state"), "")),
    ).rejects.toThrow(/state cookie/);
  });

  it("reports Shopify refusing the code as an upstream failure and stores nothing", async () => {
    const { auth: instance, sessions } = auth();
    tokenEndpoint(() => HttpResponse.json({ error: "invalid_request" }, { status: 400 }));
    const { cookies, state } = await beginInstall(instance);

    await expect(
      instance.callback(callbackRequest(callbackParams(state), cookies)),
    ).rejects.toBeInstanceOf(UpstreamError);
    expect(await sessions.load(SHOP)).toBeNull();
  });
});

describe("access tokens from the stored session", () => {
  it("hands out the stored token while it has more than five minutes left", async () => {
    const { auth: instance } = auth(createMemorySessionStore([stored(10 * 60 * 1000)]));
    const seen = tokenEndpoint(() => tokenPair("shpat_new", "shprt_new"));
    expect(await instance.accessTokenFor(SHOP)).toBe("shpat_old");
    expect(seen).toEqual([]);
  });

  it("refreshes once for concurrent callers and stores the rotated pair", async () => {
    const { auth: instance, sessions } = auth(createMemorySessionStore([stored(4 * 60 * 1000)]));
    const seen = tokenEndpoint(() => tokenPair("shpat_new", "shprt_new"));

    const tokens = await Promise.all([
      instance.accessTokenFor(SHOP),
      instance.accessTokenFor(SHOP),
      instance.accessTokenFor(SHOP),
    ]);

    expect(tokens).toEqual(["shpat_new", "shpat_new", "shpat_new"]);
    expect(seen).toEqual([
      {
        client_id: API_KEY,
        client_secret: API_SECRET,
        refresh_token: "shprt_old",
        grant_type: "refresh_token",
      },
    ]);
    expect(await sessions.load(SHOP)).toMatchObject({
      accessToken: "shpat_new",
      refreshToken: "shprt_new",
    });
    // The next refresh spends the rotated refresh token, not the old one.
    const later = auth(sessions, () => new Date(Date.now() + 58 * 60 * 1000));
    const seenLater = tokenEndpoint(() => tokenPair("shpat_third", "shprt_third"));
    expect(await later.auth.accessTokenFor(SHOP)).toBe("shpat_third");
    expect(seenLater).toEqual([expect.objectContaining({ refresh_token: "shprt_new" })]);
  });

  it("keeps the old pair and says so when Shopify refuses the refresh of an expired token", async () => {
    const sessions = createMemorySessionStore([stored(-60 * 1000)]);
    const { auth: instance, failures } = auth(sessions);
    tokenEndpoint(() => HttpResponse.json({ error: "invalid_grant" }, { status: 400 }));

    const attempt = instance.accessTokenFor(SHOP);
    await expect(attempt).rejects.toBeInstanceOf(UpstreamError);
    await expect(attempt).rejects.toThrow(/stored token is kept/);
    expect(await sessions.load(SHOP)).toMatchObject({
      accessToken: "shpat_old",
      refreshToken: "shprt_old",
    });
    expect(failures).toEqual([]);
  });

  it("uses the old token while it still lives when a refresh fails, and reports the failure", async () => {
    const sessions = createMemorySessionStore([stored(2 * 60 * 1000)]);
    const { auth: instance, failures } = auth(sessions);
    tokenEndpoint(() => HttpResponse.json({ errors: "unavailable" }, { status: 503 }));

    expect(await instance.accessTokenFor(SHOP)).toBe("shpat_old");
    expect(failures).toHaveLength(1);
    expect(failures[0]).toBeInstanceOf(UpstreamError);
    expect(await sessions.load(SHOP)).toMatchObject({ refreshToken: "shprt_old" });
  });

  it("asks for a reinstall when the refresh token itself has expired", async () => {
    const sessions = createMemorySessionStore([
      stored(-60 * 1000, { refreshTokenExpiresAt: new Date(Date.now() - 1000) }),
    ]);
    const seen = tokenEndpoint(() => tokenPair("shpat_new", "shprt_new"));
    await expect(auth(sessions).auth.accessTokenFor(SHOP)).rejects.toThrow(/reinstall/);
    expect(seen).toEqual([]);
  });

  it("says the store is not connected when no session is stored", async () => {
    await expect(auth().auth.accessTokenFor(SHOP)).rejects.toBeInstanceOf(NotFoundError);
  });
});

describe("the client credentials grant", () => {
  it("fetches a token once, reuses it, and fetches a new one shortly before 24 hours", async () => {
    let now = new Date();
    const credentials = createClientCredentialsAuth({
      apiKey: API_KEY,
      apiSecretKey: API_SECRET,
      clock: () => now,
    });
    let issued = 0;
    const seen = tokenEndpoint(() => {
      issued += 1;
      return HttpResponse.json({
        access_token: `shpat_cc_${issued}`,
        scope: "write_orders",
        expires_in: 86_399,
      });
    });

    const first = await Promise.all([
      credentials.accessTokenFor(SHOP),
      credentials.accessTokenFor(SHOP),
    ]);
    expect(first).toEqual(["shpat_cc_1", "shpat_cc_1"]);
    expect(seen).toEqual([
      { client_id: API_KEY, client_secret: API_SECRET, grant_type: "client_credentials" },
    ]);
    now = new Date(now.getTime() + 23 * 3600 * 1000);
    expect(await credentials.accessTokenFor(SHOP)).toBe("shpat_cc_1");
    now = new Date(now.getTime() + 57 * 60 * 1000);
    expect(await credentials.accessTokenFor(SHOP)).toBe("shpat_cc_2");
    expect(seen).toHaveLength(2);
  });

  it("explains a refused grant", async () => {
    const credentials = createClientCredentialsAuth({ apiKey: API_KEY, apiSecretKey: API_SECRET });
    tokenEndpoint(() => HttpResponse.json({ error: "unauthorized_client" }, { status: 400 }));
    await expect(credentials.accessTokenFor(SHOP)).rejects.toThrow(
      /same organization|own organization/,
    );
    await expect(credentials.accessTokenFor("not a shop")).rejects.toBeInstanceOf(ValidationError);
  });
});

describe("the Admin client over a token source", () => {
  it("sends the token the source hands out before each call", async () => {
    const tokens = ["shpat_first", "shpat_second"];
    let call = 0;
    const sent: Array<string | null> = [];
    server.use(
      http.post(`https://${SHOP}/admin/api/2026-10/graphql.json`, ({ request }) => {
        sent.push(request.headers.get("x-shopify-access-token"));
        return HttpResponse.json({ data: { shop: { name: "Brand" } } });
      }),
    );
    const client = createAdminClient({
      shop: SHOP,
      accessToken: async () => tokens[Math.min(call++, tokens.length - 1)] ?? "",
    });

    await client.request("Shop", "query Shop { shop { name } }", {});
    await client.request("Shop", "query Shop { shop { name } }", {});
    await client.request("Shop", "query Shop { shop { name } }", {});
    expect(sent).toEqual(["shpat_first", "shpat_second", "shpat_second"]);
  });

  it("passes the source's own error through without calling Shopify", async () => {
    const client = createAdminClient({
      shop: SHOP,
      accessToken: async () => {
        throw new NotFoundError("not connected");
      },
    });
    await expect(client.request("Shop", "query Shop { shop { name } }", {})).rejects.toBeInstanceOf(
      NotFoundError,
    );
  });
});
