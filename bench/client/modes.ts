import CanadaPostClient from "canadapost-api";
import { XMLParser } from "fast-xml-parser";
import { Agent, request } from "undici";
import {
  createClientContext,
  createShipment,
  getRates,
  getTrackingDetails,
  sendCreateShipment,
} from "../../src/canada-post";
import { ACCOUNT, CREATE_SHIPMENT_INPUT, postalCode, RATES_INPUT, TRACKING_PIN } from "./fixtures";
import { OPERATIONS, type BenchOperation, type OperationKey } from "./operations";
import { openQuoteCart } from "./quote-cart-mode";

/** One way of asking the stub for rates, measured in a process of its own. */
export interface Mode {
  /** The n-th call (n never repeats within a process). */
  call(n: number): Promise<void>;
  /** Get Rates calls the stub must see per call: checked after the run when given. */
  upstreamCallsPerCall?: number;
  close(): Promise<void>;
}

export const MODES = [
  "raw",
  "raw+parse",
  "canadapost-api",
  "getRates",
  "quoteCart miss",
  "quoteCart miss, new lines",
  "quoteCart hit",
  "raw (tracking)",
  "raw+parse (tracking)",
  "getTrackingDetails",
  "raw (create)",
  "raw+parse (create)",
  "sendCreateShipment",
  "createShipment",
] as const;
export type ModeName = (typeof MODES)[number];

/**
 * The modes of each call: its raw request, its floor (raw + one parse) and this client's call measured against
 * it. Create Shipment's floor posts a document written once, so its goals take the client's send of a document
 * written once (`sendCreateShipment`: transport, deadline, the answer read once with its links); `whole` is the
 * call a label costs, the input checked and the document written each time, reported beside it.
 */
export const CALL_MODES: Record<
  OperationKey,
  { raw: ModeName; floor: ModeName; client: ModeName; whole?: ModeName }
> = {
  rates: { raw: "raw", floor: "raw+parse", client: "getRates" },
  tracking: { raw: "raw (tracking)", floor: "raw+parse (tracking)", client: "getTrackingDetails" },
  create: {
    raw: "raw (create)",
    floor: "raw+parse (create)",
    client: "sendCreateShipment",
    whole: "createShipment",
  },
};

/** Pool size of every undici mode, so that 32 callers each have a connection. */
export const CONNECTIONS = 32;

export async function openMode(name: ModeName, stubUrl: string): Promise<Mode> {
  switch (name) {
    case "raw":
      return raw(stubUrl, OPERATIONS.rates, false);
    case "raw+parse":
      return raw(stubUrl, OPERATIONS.rates, true);
    case "raw (tracking)":
      return raw(stubUrl, OPERATIONS.tracking, false);
    case "raw+parse (tracking)":
      return raw(stubUrl, OPERATIONS.tracking, true);
    case "raw (create)":
      return raw(stubUrl, OPERATIONS.create, false);
    case "raw+parse (create)":
      return raw(stubUrl, OPERATIONS.create, true);
    case "canadapost-api":
      return peer(stubUrl);
    case "getRates":
      // The seed's parcel to a destination never asked before, as a checkout's miss asks (quoteCart miss does
      // the same): a string seen on every call would let V8's caches of string work answer for the client.
      return client(stubUrl, async (ctx, n) => {
        const input = { ...RATES_INPUT, destination: { country: "CA", postalCode: postalCode(n + 1) } };
        if ((await getRates(ctx, input)).length !== 4) throw new Error("unexpected answer");
      });
    case "getTrackingDetails":
      return client(stubUrl, async (ctx) => {
        if ((await getTrackingDetails(ctx, { pin: TRACKING_PIN })).pin !== TRACKING_PIN)
          throw new Error("unexpected answer");
      });
    case "sendCreateShipment":
      // The document the client wrote once, the very bytes the floor posts: what is left is the client's own.
      return client(stubUrl, async (ctx) => {
        if (!(await sendCreateShipment(ctx, OPERATIONS.create.body)).shipmentId)
          throw new Error("unexpected answer");
      });
    case "createShipment":
      // The whole call as the core makes it: the input checked, the document written, the answer read.
      return client(stubUrl, async (ctx) => {
        if (!(await createShipment(ctx, CREATE_SHIPMENT_INPUT)).shipmentId)
          throw new Error("unexpected answer");
      });
    case "quoteCart miss":
      return openQuoteCart(stubUrl, "miss");
    case "quoteCart miss, new lines":
      return openQuoteCart(stubUrl, "miss, new lines");
    case "quoteCart hit":
      return openQuoteCart(stubUrl, "hit");
  }
}

/** undici as the client uses it (same pool, headers and body), without the client: the request and its text. */
function raw(stubUrl: string, op: BenchOperation, parse: boolean): Mode {
  const agent = new Agent({
    connections: CONNECTIONS,
    keepAliveTimeout: 30_000,
    keepAliveMaxTimeout: 120_000,
    pipelining: 1,
  });
  const url = `${stubUrl}${op.path}`;
  const headers: Record<string, string> = {
    accept: op.mediaType,
    authorization: "Basic " + Buffer.from(`${ACCOUNT.username}:${ACCOUNT.password}`).toString("base64"),
    "accept-language": "en-CA",
  };
  if (op.body !== undefined) headers["content-type"] = op.mediaType;
  // One fast-xml-parser parse with its default options: the floor any client reading XML pays.
  const parser = new XMLParser();
  return {
    async call() {
      const res = await request(url, { method: op.method, headers, body: op.body, dispatcher: agent });
      const text = await res.body.text();
      if (res.statusCode !== 200) throw new Error(`HTTP ${res.statusCode}`);
      if (parse && !op.found(parser.parse(text) as Record<string, unknown>))
        throw new Error("unexpected answer");
    },
    close: () => agent.close(),
  };
}

/** canadapost-api 2.0.0 as published: its host is pointed at the stub through its own `endpoint` property. */
function peer(stubUrl: string): Mode {
  const cp = new CanadaPostClient(ACCOUNT.username, ACCOUNT.password, ACCOUNT.customerNumber, "en-CA", true);
  cp.endpoint = new URL(stubUrl).host;
  const scenario = {
    parcelCharacteristics: { weight: 1.234, dimensions: { length: 30, width: 20, height: 10 } },
    originPostalCode: "K2B8J6",
    destination: { domestic: { postalCode: "J0E1X0" } },
  };
  return {
    async call() {
      const quotes = await cp.getRates(scenario);
      if (quotes.length !== 4) throw new Error("unexpected answer");
    },
    close: async () => {},
  };
}

type ClientCall = (ctx: ReturnType<typeof createClientContext>, n: number) => Promise<void>;

/** This client: check the input, write the request, send it, read the answer once. */
function client(stubUrl: string, call: ClientCall): Mode {
  const ctx = createClientContext({ ...ACCOUNT, baseUrl: stubUrl, connections: CONNECTIONS });
  return { call: (n) => call(ctx, n), close: () => ctx.close() };
}
