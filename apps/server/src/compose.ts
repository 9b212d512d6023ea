// Builds the store and assistant clients from configuration; only main.ts calls this.
import {
  type Classifier,
  createClaudeClassifier,
  createClaudeDrafter,
  createOfflineClassifier,
  createTemplateDrafter,
  type Drafter,
} from "@countersign/assistant";
import {
  type Database,
  deleteShopifySession,
  findShopOwner,
  loadShopifySession,
  rotateShopifySession,
  type ShopifySessionRecord,
  saveShopifySession,
} from "@countersign/db";
import { NotFoundError } from "@countersign/shared";
import {
  type CommerceClient,
  createClientCredentialsAuth,
  createDemoStore,
  createShopifyAuth,
  createShopifyCommerce,
  type DemoShopifyStore,
  type DemoStore,
  demoStoreFetch,
  type OfflineSession,
  type OfflineSessionStore,
  type ShopifyAuth,
} from "@countersign/shopify";
import type { Env } from "./env";

/** The access token the demo store accepts; it guards nothing but keeps the real auth path. */
export const DEMO_STORE_TOKEN = "shpat_demo_store_local_only";

export interface Store {
  commerce: CommerceClient;
  /** Present when the demo store serves the data (no SHOPIFY_SHOP configured). */
  demo: DemoShopifyStore | null;
  shopDomain: string;
  /** The OAuth install flow, when SHOPIFY_AUTH_MODE is oauth (mounted at /auth/shopify). */
  auth?: ShopifyAuth | null;
}

export interface StoreOptions {
  /** Where OAuth sessions are kept (required in the oauth mode). */
  db?: Database;
  /** Told when a token refresh failed but the stored token could still be used. */
  onRefreshFailure?: (shop: string, error: unknown) => void;
}

function offline(record: ShopifySessionRecord): OfflineSession {
  const { installationId: _installationId, ...session } = record;
  return session;
}

/**
 * The OAuth sessions in the database, tokens encrypted with `key`. A shop's session belongs to
 * the installation that owns the shop (the oldest active one connected to it).
 */
export function databaseSessionStore(db: Database, key: Uint8Array): OfflineSessionStore {
  const ownerOf = async (shop: string) => (await findShopOwner(db, shop))?.id ?? null;
  return {
    async load(shop) {
      const owner = await ownerOf(shop);
      const record = owner ? await loadShopifySession(db, key, owner, shop) : null;
      return record ? offline(record) : null;
    },
    async save(session) {
      const owner = await ownerOf(session.shop);
      if (!owner) {
        throw new NotFoundError(`No installation is connected to the store ${session.shop}`);
      }
      await saveShopifySession(db, key, { ...session, installationId: owner });
    },
    async remove(shop) {
      const owner = await ownerOf(shop);
      return owner ? deleteShopifySession(db, owner, shop) : false;
    },
    async rotate(shop, refresh) {
      const owner = await ownerOf(shop);
      if (!owner) {
        return null;
      }
      const record = await rotateShopifySession(db, key, owner, shop, (current) =>
        refresh(offline(current)),
      );
      return record ? offline(record) : null;
    },
  };
}

/** A real Shopify store when configured, else the demo store over the demo data. */
export function buildStore(env: Env, demoData: DemoStore, options: StoreOptions = {}): Store {
  if (env.SHOPIFY_SHOP && env.SHOPIFY_ACCESS_TOKEN) {
    return {
      commerce: createShopifyCommerce({
        shop: env.SHOPIFY_SHOP,
        accessToken: env.SHOPIFY_ACCESS_TOKEN,
      }),
      demo: null,
      shopDomain: env.SHOPIFY_SHOP,
      auth: null,
    };
  }
  if (env.SHOPIFY_SHOP && env.SHOPIFY_API_KEY && env.SHOPIFY_API_SECRET) {
    const shop = env.SHOPIFY_SHOP;
    const credentials = {
      apiKey: env.SHOPIFY_API_KEY,
      apiSecretKey: env.SHOPIFY_API_SECRET,
    };
    if (env.SHOPIFY_AUTH_MODE === "oauth") {
      if (!env.COUNTERSIGN_ENCRYPTION_KEY) {
        throw new Error("COUNTERSIGN_ENCRYPTION_KEY is required to store Shopify tokens");
      }
      if (!options.db) {
        throw new Error("the OAuth mode keeps its sessions in the database: pass one");
      }
      const auth = createShopifyAuth({
        ...credentials,
        appUrl: env.PUBLIC_URL,
        scopes: env.SHOPIFY_SCOPES.split(","),
        sessions: databaseSessionStore(
          options.db,
          Buffer.from(env.COUNTERSIGN_ENCRYPTION_KEY, "base64"),
        ),
        ...(options.onRefreshFailure ? { onRefreshFailure: options.onRefreshFailure } : {}),
      });
      return {
        commerce: createShopifyCommerce({ shop, accessToken: () => auth.accessTokenFor(shop) }),
        demo: null,
        shopDomain: shop,
        auth,
      };
    }
    const grant = createClientCredentialsAuth(credentials);
    return {
      commerce: createShopifyCommerce({ shop, accessToken: () => grant.accessTokenFor(shop) }),
      demo: null,
      shopDomain: shop,
      auth: null,
    };
  }
  const demo = createDemoStore(demoData, { accessToken: DEMO_STORE_TOKEN });
  return {
    // The real adapter, talking HTTP-shaped requests to the demo store instead of Shopify.
    commerce: createShopifyCommerce({
      shop: demoData.shop.domain,
      accessToken: DEMO_STORE_TOKEN,
      fetch: demoStoreFetch(demo),
    }),
    demo,
    shopDomain: demoData.shop.domain,
    auth: null,
  };
}

export interface Assistant {
  classifier: Classifier;
  drafter: Drafter;
  mode: "claude" | "offline";
}

/** Claude when a key is configured (falling back to offline on any failure), else offline. */
export function buildAssistant(env: Env): Assistant {
  if (env.ANTHROPIC_API_KEY) {
    const config = {
      apiKey: env.ANTHROPIC_API_KEY,
      ...(env.ANTHROPIC_BASE_URL ? { baseURL: env.ANTHROPIC_BASE_URL } : {}),
    };
    return {
      classifier: createClaudeClassifier(config),
      drafter: createClaudeDrafter(config),
      mode: "claude",
    };
  }
  return {
    classifier: createOfflineClassifier(),
    drafter: createTemplateDrafter(),
    mode: "offline",
  };
}
