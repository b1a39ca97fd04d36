/**
 * The Canada Post client, its one public surface: everything outside src/canada-post imports from here, so
 * files may move inside the client without rippling out. One folder per category of Canada Post's services,
 * one file per documented operation, each with a pure request builder, a pure answer parser and a thin call
 * over the one transport.
 */

/* ------------------------------------------------------------------ configuration, context, transport */
export {
  CanadaPostConfigSchema,
  configFromEnv,
  isSafeBaseUrl,
  Hosts,
  resolveConfig,
  baseUrlOf,
  type CanadaPostConfig,
  type CanadaPostConfigInput,
} from "./config";
export { createClientContext, type ClientContextHandle } from "./client";
export type { ClientContext, CallOptions, OperationRequest } from "./context";
export { Transport, isTransient, type TransportRequest, type TransportResponse } from "./transport";
export { MediaType, Namespace, isXmlMediaType, type MediaTypeName } from "./media-types";
export {
  CanadaPostError,
  CanadaPostThrottledError,
  CanadaPostTransportError,
  CanadaPostInputError,
  isThrottleMessage,
  type CanadaPostMessage,
} from "./errors";

/* ------------------------------------------------------------------ shared pieces */
export {
  formatWeight,
  formatDimension,
  formatMoney,
  normalisePostalCode,
  canadianPostalCode,
  usZipCode,
  isCanadianPostalCode,
  isoDate,
} from "./format";
export { findLink, type Link } from "./links";
export {
  sortedDimensions,
  ParcelCharacteristicsSchema,
  OptionRequestSchema,
  type ParcelCharacteristics,
} from "./parcel";
export type { RefundRequestInfo } from "./shipping-common";
/** A strict generic reading of any Canada Post document into camelCase values, for tools and tests. */
export { parseXml, camelize, xmlText, XmlSyntaxError, type XmlValue, type XmlObject } from "./xml";

/* ------------------------------------------------------------------ rating */
export {
  GetRatesInputSchema,
  RateDestinationSchema,
  buildGetRatesRequest,
  writeGetRatesRequest,
  parseGetRatesResponse,
  sendGetRates,
  getRates,
  type CheckedGetRatesInput,
  type GetRatesInput,
  type RateDestination,
  type PriceQuote,
} from "./rating/get-rates";
export {
  DiscoverServicesInputSchema,
  buildDiscoverServicesRequest,
  parseDiscoverServicesResponse,
  discoverServices,
  type DiscoverServicesInput,
  type ServiceSummary,
} from "./rating/discover-services";
export {
  buildGetServiceRequest,
  parseGetServiceResponse,
  getService,
  type ServiceInfo,
} from "./rating/get-service";
export {
  buildGetOptionRequest,
  parseGetOptionResponse,
  getOption,
  type OptionInfo,
} from "./rating/get-option";

/* ------------------------------------------------------------------ contract shipping */
export {
  CreateShipmentInputSchema,
  CustomsSchema,
  DeliverySpecSchema,
  parseCreateShipmentInput,
  type CreateShipmentInput,
  type CreateShipmentRequest,
} from "./shipment/create-shipment-input";
export { backoffDelay, type CallerSignal } from "./backoff";
export {
  buildCreateShipmentRequest,
  buildShipmentXml,
  parseCreateShipmentResponse,
  sendCreateShipment,
  createShipment,
  findShipmentByCustomerRequestId,
  isIndefinite,
} from "./shipment/create-shipment";
export { accountPath, type ShipmentRef } from "./shipment/shipment-target";
export type { ShipmentInfo, ShipmentPrice, ShipmentReceipt } from "./shipment/shipment-info";
export { buildGetShipmentRequest, parseGetShipmentResponse, getShipment } from "./shipment/get-shipment";
export {
  buildGetShipmentDetailsRequest,
  parseGetShipmentDetailsResponse,
  getShipmentDetails,
  type ShipmentDetails,
} from "./shipment/get-shipment-details";
export {
  buildGetShipmentPriceRequest,
  parseGetShipmentPriceResponse,
  getShipmentPrice,
} from "./shipment/get-shipment-price";
export {
  buildGetShipmentReceiptRequest,
  parseGetShipmentReceiptResponse,
  getShipmentReceipt,
} from "./shipment/get-shipment-receipt";
export {
  GetShipmentsInputSchema,
  buildGetShipmentsRequest,
  parseGetShipmentsResponse,
  getShipments,
  type GetShipmentsInput,
} from "./shipment/get-shipments";
export { buildVoidShipmentRequest, parseVoidShipmentResponse, voidShipment } from "./shipment/void-shipment";
export {
  RefundRequestInputSchema,
  buildRequestShipmentRefundRequest,
  parseRequestShipmentRefundResponse,
  requestShipmentRefund,
  type RefundRequestInput,
} from "./shipment/request-shipment-refund";
export {
  ARTIFACT_RELS,
  buildGetArtifactRequest,
  parseGetArtifactResponse,
  getArtifact,
  getArtifactByUrl,
  isZplMediaType,
  type Artifact,
  type BinaryArtifact,
  type TextArtifact,
} from "./shipment/get-artifact";
export { buildGetGroupsRequest, parseGetGroupsResponse, getGroups, type Group } from "./shipment/get-groups";

/* ------------------------------------------------------------------ non-contract shipping */
export { ncShipmentBasePath, type NonContractShipmentRef } from "./ncshipment/ncshipment-target";
export {
  CreateNonContractShipmentInputSchema,
  buildCreateNonContractShipmentRequest,
  parseCreateNonContractShipmentResponse,
  sendCreateNonContractShipment,
  createNonContractShipment,
  type CreateNonContractShipmentInput,
  type NonContractShipmentInfo,
} from "./ncshipment/create-non-contract-shipment";
export {
  buildGetNonContractShipmentRequest,
  parseGetNonContractShipmentResponse,
  getNonContractShipment,
  getNonContractShipmentLabel,
} from "./ncshipment/get-non-contract-shipment";
export {
  buildGetNonContractShipmentDetailsRequest,
  parseGetNonContractShipmentDetailsResponse,
  getNonContractShipmentDetails,
  type NonContractShipmentDetails,
} from "./ncshipment/get-non-contract-shipment-details";
export {
  buildGetNonContractShipmentReceiptRequest,
  parseGetNonContractShipmentReceiptResponse,
  getNonContractShipmentReceipt,
  type NonContractShipmentReceipt,
} from "./ncshipment/get-non-contract-shipment-receipt";
export {
  GetNonContractShipmentsInputSchema,
  buildGetNonContractShipmentsRequest,
  parseGetNonContractShipmentsResponse,
  getNonContractShipments,
  type GetNonContractShipmentsInput,
} from "./ncshipment/get-non-contract-shipments";
export {
  buildRequestNonContractShipmentRefundRequest,
  parseRequestNonContractShipmentRefundResponse,
  requestNonContractShipmentRefund,
} from "./ncshipment/request-non-contract-shipment-refund";

/* ------------------------------------------------------------------ manifests */
export type { ManifestRef } from "./manifest/manifest-target";
export {
  ManifestAddressSchema,
  TransmitShipmentsInputSchema,
  buildTransmitShipmentsRequest,
  parseTransmitShipmentsResponse,
  transmitShipments,
  type ManifestAddress,
  type TransmitShipmentsInput,
} from "./manifest/transmit-shipments";
export {
  buildGetManifestRequest,
  parseGetManifestResponse,
  getManifest,
  getManifestArtifact,
  type Manifest,
} from "./manifest/get-manifest";
export {
  buildGetManifestDetailsRequest,
  parseGetManifestDetailsResponse,
  getManifestDetails,
  type ManifestDetails,
} from "./manifest/get-manifest-details";
export {
  GetManifestsInputSchema,
  buildGetManifestsRequest,
  parseGetManifestsResponse,
  getManifests,
  type GetManifestsInput,
} from "./manifest/get-manifests";

/* ------------------------------------------------------------------ tracking */
export {
  PinSchema,
  DncSchema,
  PinQuerySchema,
  DncQuerySchema,
  ReferenceQuerySchema,
  REFERENCE_SEARCH_RULE,
  type PinQuery,
  type DncQuery,
  type ReferenceQuery,
  type TrackingSummaryInput,
  type TrackingDetailsInput,
  type TrackingRequest,
} from "./tracking/tracking-input";
export {
  buildGetTrackingSummaryRequest,
  parseGetTrackingSummaryResponse,
  getTrackingSummary,
  type PinSummary,
} from "./tracking/get-tracking-summary";
export {
  buildGetTrackingDetailsRequest,
  parseGetTrackingDetailsResponse,
  getTrackingDetails,
  type TrackingDetail,
  type TrackingEvent,
  type DeliveryOption,
} from "./tracking/get-tracking-details";
export type { Unavailable } from "./tracking/image-document";
export {
  NO_SIGNATURE_IMAGE,
  buildGetSignatureImageRequest,
  parseGetSignatureImageResponse,
  getSignatureImage,
  type SignatureImageResult,
} from "./tracking/get-signature-image";
export {
  NO_DELIVERY_INFORMATION,
  buildGetDeliveryConfirmationCertificateRequest,
  parseGetDeliveryConfirmationCertificateResponse,
  getDeliveryConfirmationCertificate,
  type DeliveryCertificateResult,
} from "./tracking/get-delivery-confirmation-certificate";

/* ------------------------------------------------------------------ e-commerce platforms */
export {
  buildGetMerchantRegistrationTokenRequest,
  parseGetMerchantRegistrationTokenResponse,
  getMerchantRegistrationToken,
} from "./platform/get-merchant-registration-token";
export {
  TokenIdSchema,
  buildGetMerchantRegistrationInfoRequest,
  parseGetMerchantRegistrationInfoResponse,
  getMerchantRegistrationInfo,
  type MerchantInfo,
} from "./platform/get-merchant-registration-info";
export {
  RegistrationPages,
  REGISTRATION_STATUSES,
  registrationPageOf,
  buildMerchantRegistrationUrl,
  readRegistrationReturn,
  isRegistrationStatus,
  type RegistrationStatus,
  type RegistrationUrlInput,
} from "./platform/merchant-registration-url";

/* ------------------------------------------------------------------ service info */
export {
  buildGetServiceInfoRequest,
  parseGetServiceInfoResponse,
  getServiceInfo,
  type ServiceNotice,
} from "./serviceinfo/get-service-info";
