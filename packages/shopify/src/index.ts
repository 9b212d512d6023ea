export {
  type AdminClient,
  type AdminClientConfig,
  type CallRecord,
  createAdminClient,
  type FetchFunction,
  type QueryCost,
} from "./admin-client";
export {
  type AccessTokenSource,
  type AppCredentials,
  createClientCredentialsAuth,
  createMemorySessionStore,
  createShopifyAuth,
  DEFAULT_CALLBACK_PATH,
  type OfflineSession,
  type OfflineSessionStore,
  type ShopifyAuth,
  type ShopifyAuthConfig,
} from "./auth";
export {
  type CancelResult,
  type CommerceClient,
  createShopifyCommerce,
  type LineItemQuantity,
  type RefundPreview,
  type RefundResult,
  type ReplacementResult,
  type ReturnCancelResult,
  type ReturnResult,
  type ShopifyCommerceConfig,
  type TicketLookup,
} from "./commerce";
export {
  anchorDemoStore,
  DemoStore,
  parseDemoStore,
  shiftDemoTimestamps,
  shiftTimestamp,
} from "./demo/data";
export {
  createDemoStore,
  type DemoShopifyStore,
  type DemoStoreOptions,
  demoStoreFetch,
} from "./demo/store";
export { DOCUMENTS } from "./documents";
export { ShopifyUserError } from "./errors";
export type {
  AddressView,
  ApiUsage,
  CustomerView,
  Money,
  OrderChoice,
  OrderContext,
  OrderItemView,
  OrderSummary,
  OrderView,
  RefundView,
  ReturnView,
  TicketContext,
} from "./model";
export { findOrderNumbers } from "./order-number";
export { ADMIN_API_VERSION, loadAdminSchema } from "./schema";
export {
  createShopifyFulfillmentTracking,
  type FulfillmentRecord,
  normaliseShipmentStatus,
  type Shipment,
  type TrackingEvent,
  type TrackingProvider,
} from "./tracking";
