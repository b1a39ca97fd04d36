/**
 * The local Shopify: a stand-in for Shopify's admin (OAuth, token exchange, Admin GraphQL, webhooks,
 * carrier-service checkout) that the Shopify app is developed and tested against. Apart from the app's
 * code: launch scripts and tests load it with import(); the app never does.
 */
export {
  startLocalShopify,
  fetchThroughLocalShopify,
  type LocalShopifyOptions,
  type RunningLocalShopify,
  type Runtime,
} from "./server";
export { OffsetClock, type ShopClock } from "./clock";
export { mintSessionToken, signBody, signQuery, type SessionTokenClaims } from "./signing";
export { MAPLE_GOODS, DEMO_CARRIER_IDENTIFIER } from "./demo-shop";
export type { ShopSeed, ProductSeed, OrderSeed } from "./seed";
export type { AppConfig } from "./model";
export type { Checkout, ShownRate, CarrierOutcome } from "./checkout";
export type { Delivery } from "./webhooks";
export type { ApiCall, Fault } from "./faults";
export { SUPPORTED_VERSIONS, LATEST_VERSION } from "./graphql/versions";
