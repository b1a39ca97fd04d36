import "@shopify/shopify-api/adapters/node";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { ApiVersion, LogSeverity, shopifyApi, Session, type Shopify } from "@shopify/shopify-api";
import { setAbstractFetchFunc } from "@shopify/shopify-api/runtime";
import type { LocalShopifyOptions, RunningLocalShopify } from "../../../src/local-shopify";

/**
 * Shared by the local Shopify's tests: start it (loaded with import(), as the app's scripts will), a real
 * @shopify/shopify-api pointed at it, and a tiny "app" server that records what Shopify sends it.
 */

export const API_KEY = "test-client-id";
export const API_SECRET = "test-client-secret";
export const SCOPES = [
  "write_shipping",
  "read_orders",
  "write_merchant_managed_fulfillment_orders",
  "write_products",
];
export const SHOP = "maple-goods.myshopify.local";
/** A browser's User-Agent: shopify-api refuses OAuth requests that look like bots. */
export const BROWSER = {
  "user-agent": "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/130.0 Safari/537.36",
};

export async function startShop(
  overrides: Partial<LocalShopifyOptions> = {},
  appUrl?: string,
): Promise<RunningLocalShopify> {
  const { startLocalShopify } = await import("../../../src/local-shopify/index.js");
  return startLocalShopify({
    apps: [{ apiKey: API_KEY, apiSecret: API_SECRET, appUrl, scopes: SCOPES, name: "Canada Post" }],
    ...overrides,
  });
}

/** shopify-api as the app configures it, talking to the local Shopify through its rewriting fetch. */
export function shopifyFor(
  running: RunningLocalShopify,
  hostName = "127.0.0.1:3000",
  apiVersion = ApiVersion.October26,
): Shopify {
  setAbstractFetchFunc(running.fetch);
  return shopifyApi({
    apiKey: API_KEY,
    apiSecretKey: API_SECRET,
    scopes: SCOPES,
    hostName,
    hostScheme: "http",
    apiVersion,
    isEmbeddedApp: true,
    domainTransformations: [
      { match: /^([a-zA-Z0-9][a-zA-Z0-9-_]*)\.myshopify\.local$/, transform: "$1.myshopify.local" },
    ],
    logger: { level: LogSeverity.Error },
  });
}

export async function control(running: RunningLocalShopify, method: string, name: string, body?: unknown) {
  const res = await fetch(`${running.url}/__shopify/${name}`, {
    method,
    headers: { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  return { status: res.status, json: (await res.json()) as any };
}

/**
 * One local Shopify for a test file: started before its tests, reset before each with a fresh offline
 * token for the test app (SCOPES), closed after. Read `running`, `shopify` and `token` inside tests.
 */
export function useLocalShopify() {
  const ctx = {} as { running: RunningLocalShopify; shopify: Shopify; token: string };
  beforeAll(async () => {
    ctx.running = await startShop();
    ctx.shopify = shopifyFor(ctx.running);
  });
  afterAll(() => ctx.running.close());
  beforeEach(async () => {
    await control(ctx.running, "POST", "reset");
    ctx.token = await installToken(ctx.running);
  });
  return ctx;
}

/** An offline token for the test app, installed with SCOPES (or the scopes given). */
export async function installToken(running: RunningLocalShopify, scopes?: string[]): Promise<string> {
  const { json } = await control(running, "POST", "tokens", scopes ? { scopes } : {});
  return json.access_token as string;
}

export function sessionFor(token: string, scope = SCOPES.join(",")): Session {
  return new Session({
    id: `offline_${SHOP}`,
    shop: SHOP,
    state: "",
    isOnline: false,
    accessToken: token,
    scope,
  });
}

/** A raw Admin GraphQL call (status, headers, parsed body). */
export async function adminGraphql(
  running: RunningLocalShopify,
  token: string | undefined,
  query: string,
  variables?: unknown,
  version = "2026-10",
) {
  const res = await fetch(`${running.url}/admin/api/${version}/graphql.json`, {
    method: "POST",
    headers: { "content-type": "application/json", ...(token ? { "x-shopify-access-token": token } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const text = await res.text();
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  return { status: res.status, headers: res.headers, body: JSON.parse(text) as any, text };
}

export interface Received {
  path: string;
  headers: IncomingMessage["headers"];
  body: string;
}

/**
 * A stand-in for the app's HTTP side: records every request and answers through `reply` (default 200).
 */
export async function startRecorder(
  reply?: (r: Received, res: ServerResponse, req: IncomingMessage) => void | Promise<void>,
) {
  const received: Received[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const r = { path: req.url ?? "/", headers: req.headers, body: Buffer.concat(chunks).toString("utf8") };
      received.push(r);
      if (reply) void Promise.resolve(reply(r, res, req)).catch(() => res.destroy());
      else {
        res.writeHead(200, { "content-type": "application/json" });
        res.end("{}");
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
