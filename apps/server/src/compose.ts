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
  type CommerceClient,
  createDemoStore,
  createShopifyCommerce,
  type DemoShopifyStore,
  type DemoStore,
  demoStoreFetch,
} from "@countersign/shopify";
import type { Env } from "./env";

/** The access token the demo store accepts; it guards nothing but keeps the real auth path. */
export const DEMO_STORE_TOKEN = "shpat_demo_store_local_only";

export interface Store {
  commerce: CommerceClient;
  /** Present when the demo store serves the data (no SHOPIFY_SHOP configured). */
  demo: DemoShopifyStore | null;
  shopDomain: string;
}

/** A real Shopify store when configured, else the demo store over the demo data. */
export function buildStore(env: Env, demoData: DemoStore): Store {
  if (env.SHOPIFY_SHOP && env.SHOPIFY_ACCESS_TOKEN) {
    return {
      commerce: createShopifyCommerce({
        shop: env.SHOPIFY_SHOP,
        accessToken: env.SHOPIFY_ACCESS_TOKEN,
      }),
      demo: null,
      shopDomain: env.SHOPIFY_SHOP,
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
