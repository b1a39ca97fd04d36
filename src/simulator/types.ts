/**
 * The simulator's internal contract: a route table of Canada Post's endpoints, each handled by a plain
 * function over the simulator's state and clock. server.ts owns HTTP, auth, media types, throttling, the
 * request log and fault injection; the handler modules (rating, shipments, manifests, tracking...) own
 * the behaviour of Canada Post's calls.
 */
import type { Business, SimAccounts } from "./accounts";
import type { SimClock } from "./clock";
import type { SimStore } from "./store";

export type Lang = "en" | "fr";

/** Canada Post's throttle groups (per API key, rolling minute). */
export type ThrottleGroup = "rating" | "shipment" | "voidRefund" | "manifest" | "tracking" | "signature";

export interface SimRequest {
  method: string;
  /** Path without the query string, e.g. "/rs/1234567/1234567/shipment". */
  path: string;
  query: URLSearchParams;
  headers: Record<string, string | string[] | undefined>;
  /** The request body as text ("" when none). */
  body: string;
  /** Path parameters named in the route pattern (":mailedBy" → params.mailedBy). */
  params: Record<string, string>;
  lang: Lang;
  /** The API key's user name (the credentials were already checked). */
  username: string;
  /** The merchant the key acts for; on platform routes, the platform's own account (no business). */
  account: SimAccount;
}

/** The account a request acts for, as its handler needs it. */
export interface SimAccount extends Pick<Business, "contractId" | "creditCard" | "supplierAccountIssuer"> {
  customerNumber: string;
  /** The platform the key was registered through, when it was. */
  platformId?: string;
  /** The call names (Platform-id header) the platform the merchant registered through: PLATFMDISC applies. */
  viaPlatform: boolean;
  /** The e-commerce platform's own key (registration calls). */
  isPlatform: boolean;
}

export interface SimResponse {
  status: number;
  /** Defaults to the route's media type when a body is present. */
  contentType?: string;
  body?: string | Buffer;
  headers?: Record<string, string>;
  /** The codes of a `<messages>` answer, for the request log (Create Shipment refuses with HTTP 200). */
  codes?: string[];
}

export interface SimulatorSettings {
  username: string;
  password: string;
  customerNumber: string;
  contractId: string;
  /** Per-minute limits per throttle group. */
  throttle: Record<ThrottleGroup, number>;
  /** Validate request bodies against Canada Post's XSDs (when libxmljs is installed). */
  validateXsd: boolean;
  /** The e-commerce platform allowed to call Get Merchant Registration Token and Info. */
  platform: { username: string; password: string; platformId: string };
  /** Merchants registered through the platform before this start, whose keys the platform kept. */
  merchants?: KnownMerchant[];
}

/** A merchant's key a platform kept: accepted again by a new simulator. */
export interface KnownMerchant {
  username: string;
  password: string;
  customerNumber: string;
  contractId?: string;
  creditCard?: boolean;
  supplierAccountIssuer?: string;
  platformId?: string;
  name?: string;
}

export interface SimContext {
  settings: SimulatorSettings;
  store: SimStore;
  accounts: SimAccounts;
  clock: SimClock;
  /** The simulator's own base URL, used in every link it returns (e.g. "http://127.0.0.1:41234"). */
  baseUrl: string;
}

export interface Route {
  method: "GET" | "POST" | "DELETE";
  /** Path pattern with named segments, e.g. "/rs/:mailedBy/:mobo/shipment/:shipmentId/price". */
  pattern: string;
  /** Canada Post's name for the call, as counted in the request log: "GetRates", "CreateShipment"... */
  operation: string;
  throttleGroup: ThrottleGroup;
  /** The versioned media type required in Accept (and Content-Type when a body is sent); none for artifacts. */
  mediaType?: string;
  /** Root element and XSD file (under schemas/canada-post) of the request body, when the call has one. */
  requestSchema?: { root: string; xsd: string };
  /** Who may call: a merchant's key (the default) or the e-commerce platform's. */
  caller?: "merchant" | "platform" | "any";
  handle(req: SimRequest, ctx: SimContext): SimResponse | Promise<SimResponse>;
}
