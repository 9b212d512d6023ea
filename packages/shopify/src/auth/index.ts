export { createMemorySessionStore } from "./memory-store";
export {
  createClientCredentialsAuth,
  createShopifyAuth,
  DEFAULT_CALLBACK_PATH,
  type ShopifyAuth,
  type ShopifyAuthConfig,
} from "./shopify-auth";
export type {
  AccessTokenSource,
  AppCredentials,
  OfflineSession,
  OfflineSessionStore,
} from "./types";
