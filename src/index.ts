/**
 * canada-post-commerce as a library: the Canada Post client, the local simulator, the platform-free shipping
 * core, and the one place that decides where calls go. The Medusa plugin is reached through the package's
 * ./providers/canada-post and ./modules/canada-post exports.
 */
export * from "./canada-post";
export { startSimulator, describeSimulator, settingsFromEnv, type RunningSimulator } from "./simulator";
export { openCanadaPost, type CanadaPostBackend, type BackendKind } from "./runtime/open-canada-post";
export { createShipping, type Shipping, type ShippingOptions } from "./shipping/create-shipping";
export type { CartQuote, CartQuoteRequest, QuoteComparison } from "./shipping/rates";
export { MemoryCache } from "./shipping/memory-cache";
export {
  MemoryLocks,
  MemoryShipmentRecords,
  type CacheStore,
  type LockPort,
  type Logger,
  type ShipmentRecords,
} from "./shipping/ports";
export {
  canadaPostFromEnv,
  CanadaPostSetupError,
  type CanadaPostChoice,
  type CanadaPostEnv,
} from "./runtime/choice";
export {
  parseMerchantSettings,
  MerchantSettingsError,
  type MerchantSettings,
  type MerchantSettingsInput,
} from "./shipping/settings";
export { packItems, PackingError, type CartLine, type Parcel } from "./shipping/packing";
export type { RateQuote, QuoteResult } from "./shipping/quotes";
export {
  AlreadyLabelledError,
  ShipmentPurchaseError,
  ShipmentRequestError,
  type ShipmentRecord,
  type ShipmentRequest,
} from "./shipping/shipments";
export { FileLabelStore, type LabelStore } from "./shipping/label-store";
export {
  normaliseTrackingDetail,
  normaliseTrackingSummary,
  type Tracking,
  type TrackingStatus,
} from "./shipping/tracking";
