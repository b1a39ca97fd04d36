import { buildCreateShipmentRequest, buildGetRatesRequest, MediaType } from "../../src/canada-post";
import {
  ACCOUNT,
  CREATE_SHIPMENT_ANSWER,
  CREATE_SHIPMENT_INPUT,
  GET_RATES_ANSWER,
  RATES_INPUT,
  TRACKING_DETAILS_ANSWER,
  TRACKING_PIN,
} from "./fixtures";

/**
 * The calls the client benchmark makes, each as the wire sees it: where it goes, what it sends, what the stub
 * answers, and how one fast-xml-parser parse of the answer is checked. The raw modes and the stub share them,
 * so that the floor of each call is the same request and the same bytes as the client's.
 */
export interface BenchOperation {
  /** As named in the tables. */
  label: string;
  method: "GET" | "POST";
  path: string;
  mediaType: string;
  body?: string;
  /** The answer the stub serves, Canada Post's own sample. */
  answer: string;
  /** Whether a default fast-xml-parser parse of the answer found what the call is for. */
  found(doc: Record<string, unknown>): boolean;
}

type Doc = Record<string, Record<string, unknown> | undefined>;

const ACCOUNT_PATH = `/rs/${ACCOUNT.customerNumber}/${ACCOUNT.customerNumber}`;

export const OPERATIONS = {
  rates: {
    label: "Get Rates (seed)",
    method: "POST",
    path: "/rs/ship/price",
    mediaType: MediaType.rate,
    body: buildGetRatesRequest(RATES_INPUT, ACCOUNT),
    answer: GET_RATES_ANSWER,
    found: (doc) => ((doc as Doc)["price-quotes"]?.["price-quote"] as unknown[] | undefined)?.length === 4,
  },
  tracking: {
    label: "Get Tracking Details (captured)",
    method: "GET",
    path: `/vis/track/pin/${TRACKING_PIN}/detail`,
    mediaType: MediaType.track,
    answer: TRACKING_DETAILS_ANSWER,
    found: (doc) => String((doc as Doc)["tracking-detail"]?.pin) === TRACKING_PIN,
  },
  create: {
    label: "Create Shipment (seed)",
    method: "POST",
    path: `${ACCOUNT_PATH}/shipment`,
    mediaType: MediaType.shipment,
    body: buildCreateShipmentRequest(CREATE_SHIPMENT_INPUT, ACCOUNT),
    answer: CREATE_SHIPMENT_ANSWER,
    found: (doc) => (doc as Doc)["shipment-info"]?.["shipment-id"] !== undefined,
  },
} satisfies Record<string, BenchOperation>;

export type OperationKey = keyof typeof OPERATIONS;

/** The operation a request to the stub is for, by its path. */
export function operationOf(url: string): OperationKey {
  if (url.startsWith("/vis/track/")) return "tracking";
  if (url.endsWith("/shipment")) return "create";
  return "rates";
}
