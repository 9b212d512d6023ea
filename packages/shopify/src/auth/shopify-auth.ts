import "@shopify/shopify-api/adapters/web-api";
import {
  AppError,
  ForbiddenError,
  NotFoundError,
  UnauthorizedError,
  UpstreamError,
  ValidationError,
} from "@countersign/shared";
import {
  ApiVersion,
  BotActivityDetected,
  CookieNotFound,
  HttpResponseError,
  InvalidHmacError,
  InvalidOAuthError,
  InvalidShopError,
  LogSeverity,
  type Session,
  type Shopify,
  shopifyApi,
} from "@shopify/shopify-api";
import { withFetch } from "./fetch-scope";
import type {
  AccessTokenSource,
  AppCredentials,
  OfflineSession,
  OfflineSessionStore,
} from "./types";

const SERVICE = "shopify";
const DEFAULT_MARGIN_MS = 5 * 60 * 1000;
export const DEFAULT_CALLBACK_PATH = "/auth/shopify/callback";

export interface ShopifyAuthConfig extends AppCredentials {
  /** Where people and Shopify reach this server, e.g. `https://countersign.example.com`. */
  appUrl: string;
  /** The access scopes to ask for, e.g. `["write_orders", "read_customers"]`. */
  scopes: string[];
  /** Path of the callback on `appUrl` (default `/auth/shopify/callback`). */
  callbackPath?: string;
  /** Where the offline sessions live. */
  sessions: OfflineSessionStore;
  /** Called when a refresh failed but the stored token was still good enough to use. */
  onRefreshFailure?: (shop: string, error: unknown) => void;
}

/** The OAuth install of a public (or custom-distribution) app, with expiring offline tokens. */
export interface ShopifyAuth extends AccessTokenSource {
  /** The shop's myshopify domain, or null when the value is not one. */
  sanitizeShop(shop: string): string | null;
  /** A 302 to Shopify's authorize page for `shop`, with the signed state cookie. */
  begin(shop: string, request: Request): Promise<Response>;
  /**
   * Verifies the callback (HMAC, timestamp, state cookie), exchanges the code for an expiring
   * offline token and stores the session. `headers` are the cookies to send back.
   */
  callback(request: Request): Promise<{ session: OfflineSession; headers: Headers }>;
  /**
   * Forgets the shop's tokens once Shopify says the app was uninstalled (they no longer work);
   * the store's calls then say it is not connected until it is installed again.
   */
  forget(shop: string): Promise<boolean>;
}

function quietLogger() {
  return { level: LogSeverity.Error, log: async () => undefined };
}

function hostOf(appUrl: string): { hostName: string; hostScheme: "http" | "https" } {
  const url = new URL(appUrl);
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    throw new ValidationError("The app URL must be an http(s) URL.", [
      { path: "appUrl", message: "expected http:// or https://" },
    ]);
  }
  return { hostName: url.host, hostScheme: url.protocol === "https:" ? "https" : "http" };
}

function toOfflineSession(session: Session): OfflineSession {
  if (!session.accessToken) {
    throw new UpstreamError(SERVICE, 200, "Shopify returned no access token");
  }
  return {
    shop: session.shop,
    scope: session.scope ?? "",
    accessToken: session.accessToken,
    accessTokenExpiresAt: session.expires ?? null,
    refreshToken: session.refreshToken ?? null,
    refreshTokenExpiresAt: session.refreshTokenExpires ?? null,
  };
}

function invalidShop(cause?: unknown): ValidationError {
  return new ValidationError(
    "The shop is not a myshopify.com domain.",
    [{ path: "shop", message: "expected the store's myshopify domain, e.g. brand.myshopify.com" }],
    cause === undefined ? undefined : { cause },
  );
}

/** Our error for what the library threw while talking to Shopify's token endpoint. */
function tokenEndpointError(error: unknown, what: string): AppError {
  if (error instanceof AppError) {
    return error;
  }
  if (error instanceof InvalidShopError) {
    return invalidShop(error);
  }
  if (error instanceof HttpResponseError) {
    const status = error.response.code;
    return new UpstreamError(SERVICE, status, `${what} (Shopify answered ${status})`, {
      cause: error,
      retryable: status >= 500,
    });
  }
  return new UpstreamError(SERVICE, null, `${what} (Shopify could not be reached)`, {
    cause: error,
    retryable: true,
  });
}

function shopifyFor(config: AppCredentials & { scopes?: string[]; appUrl?: string }): Shopify {
  const host = config.appUrl
    ? hostOf(config.appUrl)
    : { hostName: "countersign.invalid", hostScheme: "https" as const };
  return shopifyApi({
    apiKey: config.apiKey,
    apiSecretKey: config.apiSecretKey,
    scopes: config.scopes ?? [],
    ...host,
    isEmbeddedApp: false,
    apiVersion: ApiVersion.October26,
    logger: quietLogger(),
  });
}

/** Shares one in-flight renewal per shop among concurrent callers. */
function singleFlight() {
  const inflight = new Map<string, Promise<string>>();
  return (shop: string, run: () => Promise<string>): Promise<string> => {
    const running = inflight.get(shop);
    if (running) {
      return running;
    }
    const started = run().finally(() => inflight.delete(shop));
    inflight.set(shop, started);
    return started;
  };
}

/** The OAuth install flow and a refreshing token source over the stored offline sessions. */
export function createShopifyAuth(config: ShopifyAuthConfig): ShopifyAuth {
  const shopify = shopifyFor(config);
  const clock = config.clock ?? (() => new Date());
  const margin = config.refreshMarginMs ?? DEFAULT_MARGIN_MS;
  const callbackPath = config.callbackPath ?? DEFAULT_CALLBACK_PATH;
  const once = singleFlight();

  const sanitizeShop = (shop: string): string | null => {
    try {
      return shopify.utils.sanitizeShop(shop) ?? null;
    } catch {
      return null;
    }
  };
  const requireShop = (shop: string): string => {
    const clean = sanitizeShop(shop);
    if (clean === null) {
      throw invalidShop();
    }
    return clean;
  };
  const isFresh = (session: OfflineSession): boolean =>
    session.accessTokenExpiresAt === null ||
    session.accessTokenExpiresAt.getTime() - clock().getTime() > margin;

  const renew = async (shop: string): Promise<string> => {
    const seen: { session: OfflineSession | null } = { session: null };
    try {
      const stored = await config.sessions.rotate(shop, async (current) => {
        seen.session = current;
        if (isFresh(current)) {
          // Another caller (or process) renewed it while we waited for the lock.
          return null;
        }
        const refreshToken = current.refreshToken;
        if (
          refreshToken === null ||
          (current.refreshTokenExpiresAt !== null && current.refreshTokenExpiresAt <= clock())
        ) {
          throw new UnauthorizedError(
            `The Shopify access token of ${shop} expired and cannot be refreshed: reinstall the app on the store`,
          );
        }
        try {
          const { session } = await withFetch(config.fetch, () =>
            shopify.auth.refreshToken({ shop, refreshToken }),
          );
          return toOfflineSession(session);
        } catch (error) {
          throw tokenEndpointError(
            error,
            `Refreshing the Shopify access token of ${shop} failed; the stored token is kept`,
          );
        }
      });
      if (stored === null) {
        throw notConnected(shop);
      }
      return stored.accessToken;
    } catch (error) {
      const before = seen.session;
      const stillValid =
        before?.accessTokenExpiresAt != null && before.accessTokenExpiresAt > clock();
      if (before && stillValid) {
        config.onRefreshFailure?.(shop, error);
        return before.accessToken;
      }
      throw error;
    }
  };

  return {
    sanitizeShop,

    async begin(shop, request) {
      const clean = requireShop(shop);
      return shopify.auth.begin({
        shop: clean,
        callbackPath,
        isOnline: false,
        rawRequest: request,
      }) as Promise<Response>;
    },

    async callback(request) {
      let result: { session: Session; headers: unknown };
      try {
        result = await withFetch(config.fetch, () =>
          shopify.auth.callback<Headers>({ rawRequest: request, expiring: true }),
        );
      } catch (error) {
        throw callbackError(error);
      }
      if (result.session.isOnline) {
        throw new UpstreamError(SERVICE, 200, "Shopify returned an online session for an install");
      }
      const session = toOfflineSession(result.session);
      await config.sessions.save(session);
      return { session, headers: result.headers as Headers };
    },

    async forget(shop) {
      return config.sessions.remove(requireShop(shop));
    },

    async accessTokenFor(shop) {
      const clean = requireShop(shop);
      const session = await config.sessions.load(clean);
      if (session === null) {
        throw notConnected(clean);
      }
      if (isFresh(session)) {
        return session.accessToken;
      }
      return once(clean, () => renew(clean));
    },
  };
}

function notConnected(shop: string): NotFoundError {
  return new NotFoundError(
    `The Shopify store ${shop} is not connected yet: an admin of the store installs the app first`,
  );
}

function callbackError(error: unknown): AppError {
  if (error instanceof CookieNotFound) {
    return new UnauthorizedError(
      "The install's state cookie is missing or expired: start the install again",
      { cause: error },
    );
  }
  if (error instanceof InvalidOAuthError || error instanceof InvalidHmacError) {
    return new UnauthorizedError(
      "The callback's signature, timestamp or state is not valid: start the install again",
      { cause: error },
    );
  }
  if (error instanceof BotActivityDetected) {
    return new ForbiddenError("Automated clients cannot complete an install", { cause: error });
  }
  return tokenEndpointError(error, "Exchanging the authorization code with Shopify failed");
}

/**
 * Tokens from the client credentials grant: for an app installed on a store of its own
 * organization. A token lives 24 hours; a new one is fetched shortly before that, in memory.
 */
export function createClientCredentialsAuth(config: AppCredentials): AccessTokenSource {
  const shopify = shopifyFor(config);
  const clock = config.clock ?? (() => new Date());
  const margin = config.refreshMarginMs ?? DEFAULT_MARGIN_MS;
  const once = singleFlight();
  const tokens = new Map<string, { token: string; expiresAt: Date | null }>();

  const grant = async (shop: string): Promise<string> => {
    try {
      const { session } = await withFetch(config.fetch, () =>
        shopify.auth.clientCredentials({ shop }),
      );
      const offline = toOfflineSession(session);
      tokens.set(shop, { token: offline.accessToken, expiresAt: offline.accessTokenExpiresAt });
      return offline.accessToken;
    } catch (error) {
      throw tokenEndpointError(
        error,
        `The client credentials grant for ${shop} failed (the app must be installed on a store of its own organization)`,
      );
    }
  };

  return {
    async accessTokenFor(shop) {
      let clean: string | null = null;
      try {
        clean = shopify.utils.sanitizeShop(shop) ?? null;
      } catch {
        clean = null;
      }
      if (clean === null) {
        throw invalidShop();
      }
      const cached = tokens.get(clean);
      if (
        cached &&
        (cached.expiresAt === null || cached.expiresAt.getTime() - clock().getTime() > margin)
      ) {
        return cached.token;
      }
      const shopDomain = clean;
      return once(shopDomain, () => grant(shopDomain));
    },
  };
}
