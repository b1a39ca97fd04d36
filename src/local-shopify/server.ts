import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import type { GraphQLSchema } from "graphql";
import { adminFramePage } from "./admin-frame";
import { serveAdminGraphql } from "./admin-api";
import { APP_BRIDGE_STAND_IN_PATH, appBridgeStandIn } from "./app-bridge-stand-in";
import { CheckoutDesk, type CheckoutSettings } from "./checkout";
import { OffsetClock, type ShopClock } from "./clock";
import { handleControl } from "./controls";
import { CostBuckets } from "./cost-bucket";
import { CallLog, Faults } from "./faults";
import { buildAdminSchema } from "./graphql/schema";
import { LATEST_VERSION } from "./graphql/versions";
import { BodyTooLarge, readBody, sendJson, sendText } from "./http";
import type { App, AppConfig } from "./model";
import { appLaunchUrl, serveAccessToken, serveAuthorize, type OAuthSettings } from "./oauth";
import { seedShop, type ShopSeed } from "./seed";
import { shopIndexPage } from "./shop-page";
import { LocalState, type ShopState } from "./store";
import { WebhookSender } from "./webhooks";
import type { World } from "./world";

/**
 * The local Shopify: each shop is served at its own URL (its own port on this machine) with Shopify's
 * paths (OAuth, Admin GraphQL), and every URL also answers the JSON controls under /__shopify/.
 */

export interface LocalShopifyOptions {
  /** The first shop's port (0 or omitted: any free port). */
  port?: number;
  host?: string;
  apps: AppConfig[];
  /** The first shop; Maple Goods, the demo shop, when omitted (each field defaults to it). */
  shop?: ShopSeed;
  /** More shops, each at its own port. */
  extraShops?: (ShopSeed & { port?: number })[];
  clock?: ShopClock;
  /** Approve OAuth installs without showing the grant screen. */
  autoApprove?: boolean;
  /** Shopify's wait for a carrier-service callback (10 s). */
  carrierTimeoutMs?: number;
  /** Shopify's 15-minute cache of carrier rates (on). */
  rateCache?: boolean;
  /** Refuse plain-http callback and webhook URLs even on this machine, as Shopify does (off). */
  strictUrls?: boolean;
  /** Shopify's wait for a webhook's answer (5 s). */
  webhookTimeoutMs?: number;
}

export interface Settings extends CheckoutSettings, OAuthSettings {
  strictUrls: boolean;
}

/** Everything the endpoints and controls work with. */
export interface Runtime {
  world: World;
  settings: Settings;
  schema: GraphQLSchema;
  webhooks: WebhookSender;
  checkout: CheckoutDesk;
  buckets: CostBuckets;
  faults: Faults;
  log: CallLog;
  /** Rebuilds shops and apps from the start options (URLs stay). */
  reset(): void;
  urls: Map<string, string>;
}

export interface RunningLocalShopify {
  /** The first shop's URL: its Admin API, OAuth and the controls. */
  url: string;
  shopDomain: string;
  /** Every shop served, with its URL. */
  shops: { domain: string; url: string }[];
  /** A fetch that sends https://{shop domain}/... to the shop's local URL (for @shopify/shopify-api). */
  fetch: typeof fetch;
  runtime: Runtime;
  close(): Promise<void>;
}

function appFrom(c: AppConfig): App {
  if (!c.apiKey || !c.apiSecret) throw new Error("every app needs an apiKey and an apiSecret");
  return {
    apiKey: c.apiKey,
    apiSecret: c.apiSecret,
    appUrl: c.appUrl,
    scopes: c.scopes ?? [],
    name: c.name ?? "Local app",
    redirectUrls: c.redirectUrls,
    complianceUrl: c.complianceUrl,
    webhooks: c.webhooks ?? [],
    webhooksApiVersion: c.webhooksApiVersion ?? LATEST_VERSION,
  };
}

export async function startLocalShopify(options: LocalShopifyOptions): Promise<RunningLocalShopify> {
  if (!options.apps?.length)
    throw new Error("startLocalShopify needs at least one app: { apps: [{ apiKey, apiSecret }] }");
  const clock = options.clock ?? new OffsetClock();
  const seeds = [{ ...options.shop }, ...(options.extraShops ?? [])];
  const initialSettings = (): Settings => ({
    autoApprove: options.autoApprove ?? false,
    carrierTimeoutMs: options.carrierTimeoutMs ?? 10_000,
    rateCache: options.rateCache ?? true,
    strictUrls: options.strictUrls ?? false,
  });
  const settings = initialSettings();
  const urls = new Map<string, string>();
  const build = (): LocalState => {
    const state = new LocalState();
    for (const c of options.apps) state.apps.set(c.apiKey, appFrom(c));
    const now = clock.now();
    for (const seed of seeds) {
      const { port: _port, ...data } = seed as ShopSeed & { port?: number };
      const shop = seedShop(state, data, now);
      shop.url = urls.get(shop.domain) ?? "";
    }
    return state;
  };
  const world: World = { state: build(), clock, announce: (shop, event) => webhooks.announce(shop, event) };
  const webhooks = new WebhookSender(() => world.state, clock, { timeoutMs: options.webhookTimeoutMs });
  const runtime: Runtime = {
    world,
    settings,
    schema: buildAdminSchema(settings),
    webhooks,
    checkout: new CheckoutDesk(world, settings),
    buckets: new CostBuckets(),
    faults: new Faults(),
    log: new CallLog(),
    urls,
    reset() {
      if (clock instanceof OffsetClock) clock.rewindToRealTime();
      world.state = build();
      Object.assign(settings, initialSettings());
      webhooks.clear();
      runtime.checkout.reset();
      runtime.buckets.reset();
      runtime.faults.clear();
      runtime.log.clear();
    },
  };

  const servers: Server[] = [];
  const sockets = new Set<Socket>();
  const host = options.host ?? "127.0.0.1";
  for (const [i, seed] of seeds.entries()) {
    const domain = [...world.state.shops.keys()][i]!;
    const server = createServer((req, res) => {
      handle(runtime, domain, req, res).catch((e: unknown) => {
        if (!res.headersSent)
          sendJson(res, e instanceof BodyTooLarge ? 413 : 500, {
            errors: `local Shopify failure: ${(e as Error).message}`,
          });
      });
    });
    server.on("connection", (s) => {
      sockets.add(s);
      s.on("close", () => sockets.delete(s));
    });
    const port = i === 0 ? options.port : (seed as { port?: number }).port;
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(port ?? 0, host, () => {
        server.off("error", reject);
        resolve();
      });
    });
    const address = server.address() as AddressInfo;
    const h = address.family === "IPv6" ? `[${address.address}]` : address.address;
    urls.set(domain, `http://${h}:${address.port}`);
    world.state.shops.get(domain)!.url = urls.get(domain)!;
    servers.push(server);
  }

  const shops = [...urls].map(([domain, url]) => ({ domain, url }));
  return {
    url: shops[0]!.url,
    shopDomain: shops[0]!.domain,
    shops,
    fetch: fetchThroughLocalShopify(urls),
    runtime,
    close: async () => {
      await webhooks.settled().catch(() => undefined);
      await Promise.all(servers.map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
      for (const s of sockets) s.destroy();
    },
  };
}

/**
 * A fetch for the app's Shopify client: requests to https://{shop domain}/... go to that shop's local
 * URL (plain http, same path and query); every other request goes out unchanged.
 */
export function fetchThroughLocalShopify(urls: Map<string, string> | Record<string, string>): typeof fetch {
  const map = urls instanceof Map ? urls : new Map(Object.entries(urls));
  return (input, init) => {
    const raw = typeof input === "string" ? input : input instanceof URL ? input.toString() : input.url;
    const url = new URL(raw);
    const local = map.get(url.hostname.toLowerCase());
    if (!local) return fetch(input, init);
    const target = `${local}${url.pathname}${url.search}`;
    return typeof input === "string" || input instanceof URL
      ? fetch(target, init)
      : fetch(new Request(target, input), init);
  };
}

async function handle(rt: Runtime, domain: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? "/", "http://local");
  const path = url.pathname;
  const method = (req.method ?? "GET").toUpperCase();
  const body = await readBody(req);
  if (path === APP_BRIDGE_STAND_IN_PATH && method === "GET")
    return sendText(res, 200, appBridgeStandIn(), "text/javascript; charset=utf-8");
  if (path === "/__shopify" || path.startsWith("/__shopify/"))
    return handleControl(rt, domain, method, url, body, req, res);
  const shop: ShopState | undefined = rt.world.state.shop(domain);
  if (!shop) return sendJson(res, 404, { errors: "Not Found" });

  if (path === "/admin/oauth/authorize" && method === "GET")
    return serveAuthorize(rt.world, rt.settings, shop, req, res);
  if (path === "/admin/oauth/access_token" && method === "POST") {
    const started = Date.now();
    const fault = rt.faults.take("access-token", shop.domain);
    if (fault?.kind === "delay") await new Promise((r) => setTimeout(r, fault.delayMs));
    let status: number;
    if (fault?.kind === "status" || fault?.kind === "throttled") {
      status = fault.status ?? 429;
      res.writeHead(status, {
        "content-type": "application/json; charset=utf-8",
        ...(fault.retryAfter ? { "retry-after": fault.retryAfter } : {}),
      });
      res.end(fault.body ?? JSON.stringify({ errors: "Throttled" }));
    } else status = serveAccessToken(rt.world, shop, req, res, body);
    rt.log.record({
      time: rt.world.clock.now().toISOString(),
      kind: "oauth",
      shop: shop.domain,
      status,
      durationMs: Date.now() - started,
      fault: fault?.kind,
    });
    return;
  }
  const api = /^\/admin\/api\/([^/]+)\/graphql\.json$/.exec(path);
  if (api) return serveAdminGraphql(rt, shop, req, res, api[1]!, body);
  // The admin showing an app: its chrome around the app's frame, /admin/apps/{apiKey}/{page}?{query}.
  const launch = /^\/admin\/apps\/([^/]+)(?:\/([A-Za-z0-9/_-]*))?$/.exec(path);
  if (launch && method === "GET") {
    const app = rt.world.state.apps.get(decodeURIComponent(launch[1]!));
    if (!app?.appUrl) return sendJson(res, 404, { errors: "Not Found" });
    const page = (launch[2] ?? "").replace(/\/+$/, "");
    const query = Object.fromEntries(url.searchParams);
    const launchUrl = appLaunchUrl(rt.world, shop, app, { path: page, query });
    return sendText(res, 200, adminFramePage(shop, app, launchUrl, page), "text/html; charset=utf-8");
  }
  if ((path === "/" || path === "/admin") && method === "GET")
    return sendText(res, 200, shopIndexPage(rt, shop), "text/html; charset=utf-8");
  sendJson(res, 404, { errors: "Not Found" });
}
