/**
 * The app on the local Shopify, as `npm run shopify`, `npm run shopify:demo`, the tests and the benchmark
 * start it: the local Shopify (loaded with import(), never by the app), the database created and migrated,
 * the app served with shopify-api pointed at the local Shopify (its *.myshopify.local domains and a fetch
 * that reaches them), Canada Post from CANADA_POST_* or the built-in simulator, and the app installed into
 * the demo shop the way the embedded admin installs it: a session token exchanged for an offline token.
 */
import type { RunningLocalShopify } from "../../src/local-shopify";
import type { CanadaPostChoice } from "../../src/runtime/choice";
import type { Logger } from "../../src/shipping/ports";
import { createShopifyApp, type ShopifyApp } from "../../src/shopify/app";
import { DEFAULT_SCOPES, type AppConfig } from "../../src/shopify/config";
import { ensureDatabase, migrate } from "../../src/shopify/database";

export const LOCAL_API_KEY = "canada-post-local";
export const LOCAL_API_SECRET = "canada-post-local-secret";
export const LOCAL_SHOP_DOMAINS = /^[a-zA-Z0-9][a-zA-Z0-9-_]*\.myshopify\.local$/;

export interface LocalStackOptions {
  databaseUrl: string;
  /** The app's port (0: any free one). */
  appPort?: number;
  /** The local Shopify's port (0: any free one). */
  shopifyPort?: number;
  canadaPostDefaults?: CanadaPostChoice;
  logger?: Logger;
  /** Install the app into the demo shop once started (default true). */
  install?: boolean;
  /** The local Shopify's wait for the carrier callback (10 s, as Shopify's). */
  carrierTimeoutMs?: number;
  trackingIntervalMs?: number;
  /** Where the built embedded admin is (admin/dist by default). */
  adminDist?: string;
}

/** JSON as the demo and tests read it, field by field. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;

export interface LocalStack {
  local: RunningLocalShopify;
  app: ShopifyApp;
  appUrl: string;
  shop: string;
  /** A fresh App Bridge session token for the demo shop's staff. */
  sessionToken(): Promise<string>;
  /** A call to the local Shopify's controls (JSON). */
  control<T = Json>(method: string, name: string, body?: unknown): Promise<{ status: number; json: T }>;
  /** A call to the app's admin API with a session token. */
  api<T = Json>(
    method: string,
    path: string,
    body?: unknown,
  ): Promise<{ status: number; json: T; text: string }>;
  close(): Promise<void>;
}

export async function startLocalStack(options: LocalStackOptions): Promise<LocalStack> {
  await ensureDatabase(options.databaseUrl);
  await migrate(options.databaseUrl);
  await forgetLocalShops(options.databaseUrl);
  const { startLocalShopify } = await import("../../src/local-shopify/index.js");
  // The app's URL must be known to the local Shopify before the app listens: take the port first.
  const appPort = options.appPort ?? (await freePort());
  const appUrl = `http://127.0.0.1:${appPort}`;
  const local = await startLocalShopify({
    port: options.shopifyPort ?? 0,
    autoApprove: true,
    carrierTimeoutMs: options.carrierTimeoutMs,
    apps: [
      {
        apiKey: LOCAL_API_KEY,
        apiSecret: LOCAL_API_SECRET,
        appUrl,
        scopes: DEFAULT_SCOPES,
        name: "Canada Post",
        complianceUrl: "/webhooks",
      },
    ],
  });
  const config: AppConfig = {
    apiKey: LOCAL_API_KEY,
    apiSecret: LOCAL_API_SECRET,
    appUrl: new URL(appUrl),
    scopes: DEFAULT_SCOPES,
    databaseUrl: options.databaseUrl,
    encryptionKey: Buffer.alloc(32, 7),
    developmentKey: true,
    port: appPort,
    host: "127.0.0.1",
    production: false,
    trackingIntervalMs: options.trackingIntervalMs ?? 0,
  };
  let app: ShopifyApp;
  try {
    app = await createShopifyApp({
      config,
      fetch: local.fetch,
      extraShopDomains: LOCAL_SHOP_DOMAINS,
      canadaPostDefaults: options.canadaPostDefaults,
      logger: options.logger,
      // The local admin frames the app and hands it the App Bridge stand-in (Shopify's CDN cannot load here).
      admin: {
        dist: options.adminDist,
        appBridgeScript: `${local.url}/__shopify/app-bridge.js`,
        frameAncestors: local.shops.map((s) => s.url),
        adminUrlOf: (shop) => {
          const url = local.shops.find((s) => s.domain === shop)?.url;
          return url && `${url}/admin`;
        },
      },
    });
    await app.listen();
  } catch (e) {
    await local.close();
    throw e;
  }
  const control = async (method: string, name: string, body?: unknown) => {
    const res = await fetch(`${local.url}/__shopify/${name}`, {
      method,
      headers: { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, json: await res.json() };
  };
  const sessionToken = async () => {
    const { json } = await control("POST", "session-token", {});
    return (json as { token?: string; sessionToken?: string; id_token?: string }).token ?? String(json);
  };
  const api = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${appUrl}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${await sessionToken()}`,
        ...(body === undefined ? {} : { "content-type": "application/json" }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    let json: unknown = undefined;
    try {
      json = JSON.parse(text);
    } catch {
      /* a label, not JSON */
    }
    return { status: res.status, json, text };
  };
  const stack: LocalStack = {
    local,
    app,
    appUrl,
    shop: local.shopDomain,
    sessionToken,
    control: control as LocalStack["control"],
    api: api as LocalStack["api"],
    close: async () => {
      await local.runtime.webhooks.settled().catch(() => undefined);
      await app.close();
      await local.close();
    },
  };
  if (options.install !== false) {
    const { status, json } = await stack.api("GET", "/api/settings");
    if (status !== 200) {
      await stack.close();
      throw new Error(
        `installing the app into ${local.shopDomain} failed: HTTP ${status} ${JSON.stringify(json)}`,
      );
    }
  }
  return stack;
}

/**
 * The local Shopify starts from its seed each time, numbering orders and fulfillments from the start again:
 * what the app kept of its shops from an earlier run would name orders that are now others. The app forgets
 * those shops (as shop/redact would), and only those: real shops' data is never touched.
 */
async function forgetLocalShops(databaseUrl: string): Promise<void> {
  const { Client } = await import("pg");
  const db = new Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    await db.query("delete from shops where shop like '%.myshopify.local'");
    await db.query("delete from processed_webhooks where shop like '%.myshopify.local'");
    await db.query("delete from shopify_sessions where shop like '%.myshopify.local'").catch(() => undefined);
  } finally {
    await db.end();
  }
}

async function freePort(): Promise<number> {
  const { createServer } = await import("node:net");
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const port = (server.address() as { port: number }).port;
      server.close(() => resolve(port));
    });
  });
}

/** Waits until the app answered `count` deliveries of the topic (the local Shopify's delivery log). */
export async function webhooksAnswered(
  control: LocalStack["control"],
  topic: string,
  count = 1,
): Promise<{ id: number; topic: string; status: number; response?: string }[]> {
  for (let i = 0; i < 100; i++) {
    const { json } = await control("GET", "webhooks");
    const done = json.deliveries.filter(
      (d: { topic: string; status?: number }) => d.topic === topic && d.status !== undefined,
    );
    if (done.length >= count) return done;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`the app answered no ${count} ${topic} webhook(s)`);
}
