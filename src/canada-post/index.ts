/** The typed Canada Post client: one function per operation, over one transport. */
export * from "./config";
export * from "./errors";
export * from "./format";
export * from "./links";
export * from "./media-types";
export * from "./transport";
export * from "./client";
export type { ClientContext, CallOptions } from "./context";
export * from "./rating";
export * from "./shipment";
export * from "./artifact";
export * from "./manifest";
// Non-contract shipping shares some schema names with contract shipping: its functions by name, all of it as a namespace.
export {
  ncShipmentBasePath,
  buildNonContractShipment,
  type CreateNonContractShipmentInput,
  createNonContractShipment,
  getNonContractShipment,
  getNonContractShipmentLabel,
  getNonContractShipmentDetails,
  getNonContractShipmentReceipt,
  getNonContractShipments,
  buildNonContractShipmentRefundRequest,
  requestNonContractShipmentRefund,
} from "./ncshipment";
export * as ncshipment from "./ncshipment";
export * from "./tracking";
