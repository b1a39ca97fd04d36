/**
 * canada-post-commerce as a library: the Canada Post client, the local simulator, the platform-free shipping
 * core, and the one place that decides where calls go. The Medusa plugin is reached through the package's
 * ./providers/canada-post and ./modules/canada-post exports.
 */
export * from "./canada-post";
export { startSimulator, describeSimulator, settingsFromEnv, type RunningSimulator } from "./simulator";
export { openCanadaPost, type CanadaPostBackend, type BackendKind } from "./runtime/open-canada-post";
export {
  canadaPostFromEnv,
  CanadaPostSetupError,
  type CanadaPostChoice,
  type CanadaPostEnv,
} from "./runtime/choice";
export {
  ShippingCore,
  type CartQuote,
  type CartQuoteRequest,
  type ShippingCoreOptions,
} from "./shipping/core";
export {
  parseMerchantSettings,
  MerchantSettingsError,
  type MerchantSettings,
  type MerchantSettingsInput,
} from "./shipping/settings";
export { packItems, PackingError, type CartLine, type Parcel } from "./shipping/packing";
export { QuoteService, type RateQuote, type QuoteResult } from "./shipping/quotes";
export { ShipmentService, ShipmentPurchaseError, type ShipmentRecord } from "./shipping/shipments";
export { FileLabelStore, type LabelStore } from "./shipping/label-store";
export {
  normaliseTrackingDetail,
  normaliseTrackingSummary,
  type Tracking,
  type TrackingStatus,
} from "./shipping/tracking";
