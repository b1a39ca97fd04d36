import CanadaPostClient from "canadapost-api";
import { XMLParser } from "fast-xml-parser";
import { Agent, request } from "undici";
import { buildGetRatesRequest, createClientContext, getRates, MediaType } from "../../src/canada-post";
import { ACCOUNT, RATES_INPUT } from "./fixtures";
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
  "quoteCart hit",
] as const;
export type ModeName = (typeof MODES)[number];

/** Pool size of every undici mode, so that 32 callers each have a connection. */
export const CONNECTIONS = 32;

export async function openMode(name: ModeName, stubUrl: string): Promise<Mode> {
  switch (name) {
    case "raw":
      return raw(stubUrl, false);
    case "raw+parse":
      return raw(stubUrl, true);
    case "canadapost-api":
      return peer(stubUrl);
    case "getRates":
      return client(stubUrl);
    case "quoteCart miss":
      return openQuoteCart(stubUrl, "miss");
    case "quoteCart hit":
      return openQuoteCart(stubUrl, "hit");
  }
}

/** undici as the client uses it (same pool, headers and body), without the client: the request and its text. */
function raw(stubUrl: string, parse: boolean): Mode {
  const agent = new Agent({
    connections: CONNECTIONS,
    keepAliveTimeout: 30_000,
    keepAliveMaxTimeout: 120_000,
    pipelining: 1,
  });
  const url = `${stubUrl}/rs/ship/price`;
  const body = buildGetRatesRequest(RATES_INPUT, ACCOUNT);
  const headers = {
    accept: MediaType.rate,
    "content-type": MediaType.rate,
    authorization: "Basic " + Buffer.from(`${ACCOUNT.username}:${ACCOUNT.password}`).toString("base64"),
    "accept-language": "en-CA",
  };
  // One fast-xml-parser parse with its default options: the floor any client reading XML pays.
  const parser = new XMLParser();
  return {
    async call() {
      const res = await request(url, { method: "POST", headers, body, dispatcher: agent });
      const text = await res.body.text();
      if (res.statusCode !== 200) throw new Error(`HTTP ${res.statusCode}`);
      if (parse) {
        const doc = parser.parse(text) as { "price-quotes"?: { "price-quote"?: unknown[] } };
        if (doc["price-quotes"]?.["price-quote"]?.length !== 4) throw new Error("unexpected answer");
      }
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

/** This client: build the mailing scenario, send it, read the answer once. */
function client(stubUrl: string): Mode {
  const ctx = createClientContext({ ...ACCOUNT, baseUrl: stubUrl, connections: CONNECTIONS });
  return {
    async call() {
      const quotes = await getRates(ctx, RATES_INPUT);
      if (quotes.length !== 4) throw new Error("unexpected answer");
    },
    close: () => ctx.close(),
  };
}
