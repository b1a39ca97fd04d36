/**
 * canada-post-commerce/storefront: React components and helpers for a Medusa storefront (the DTC starter,
 * the Next.js starter, or any React app with `@medusajs/js-sdk`). The order's Canada Post parcels, a guest
 * lookup by order number and email, shipping prices that read "Free" at zero, and Canada's provinces with
 * the codes Medusa's tax regions use. No Medusa admin or server code: only React and the plain JSON of the
 * plugin's store routes.
 */
export { OrderTracking, parcelStatusText, type OrderTrackingProps } from "./order-tracking";
export { OrderTrackingLoader, type OrderTrackingLoaderProps } from "./order-tracking-loader";
export { GuestTrackingLookup, type GuestTrackingLookupProps } from "./guest-tracking-lookup";
export { DeliveryProblem, type DeliveryProblemProps } from "./delivery-problem";
export {
  checkDelivery,
  lookupGuestTracking,
  orderNumberOf,
  retrieveOrderTracking,
  type CallOptions,
  type GuestLookupResult,
  type StorefrontSdk,
} from "./api";
export { formatShippingPrice, type ShippingPriceOptions } from "./price";
export { formatDate, formatEventTime, storefrontLanguage, translate } from "./i18n";
export { CANADIAN_PROVINCES, provinceOptions } from "./provinces";
export type * from "./types";
