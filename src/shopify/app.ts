/**
 * The Shopify app assembled: shopify-api configured from the app's configuration, sessions in PostgreSQL,
 * the shops' cores, and one Fastify server with the carrier callback, webhooks, OAuth and the embedded
 * admin's API. The tracking job runs on a timer in every instance; the core's sync and PostgreSQL keep
 * them from writing an event twice.
 */
import "@shopify/shopify-api/adapters/node";
import { ApiVersion, LogSeverity, shopifyApi, type Shopify } from "@shopify/shopify-api";
import { setAbstractFetchFunc } from "@shopify/shopify-api/runtime";
import Fastify, { type FastifyInstance } from "fastify";
import { canadaPostFromEnv, platformFromEnv, type CanadaPostChoice } from "../runtime/choice";
import { consoleLogger, type Logger } from "../shipping/ports";
import { adminConnectionRoutes, connectionReturnRoute } from "./admin-connection";
import { adminDocumentRoutes } from "./admin-documents";
import { adminOrderRoutes } from "./admin-orders";
import { adminPageRoutes, type AdminPageOptions } from "./admin-page";
import { adminSettingsRoutes } from "./admin-settings";
import { authRoutes, sessionTokenAuth } from "./auth-routes";
import { carrierRoutes } from "./carrier-route";
import type { AppConfig } from "./config";
import type { AppContext } from "./context";
import { openPool } from "./database";
import { handleError } from "./http-errors";
import { LabelService } from "./labels";
import { ProductSync } from "./product-sync";
import { addWebhookHandlers } from "./registration";
import { PgSessionStorage } from "./session-store";
import { ShopConnections } from "./shop-connection";
import { ShopCores } from "./shop-cores";
import { Shops } from "./shops";
import { TrackingJob } from "./tracking-job";
import { VariantCatalog } from "./variant-catalog";
import { WebhookHandlers } from "./webhook-handlers";
import { webhookRoutes } from "./webhook-route";

export const API_VERSION = ApiVersion.July26;

export interface AppOptions {
  config: AppConfig;
  /** Shopify's API through another fetch (the local Shopify in development and tests). */
  fetch?: typeof fetch;
  /** Shop domains besides *.myshopify.com that shopify-api accepts (the local Shopify's *.myshopify.local). */
  extraShopDomains?: RegExp;
  /** Where Canada Post calls go for shops without their own API key; CANADA_POST_* by default. */
  canadaPostDefaults?: CanadaPostChoice;
  logger?: Logger;
  /** The embedded admin's build and, in development, the App Bridge stand-in and the local admin's URL. */
  admin?: AdminPageOptions & { adminUrlOf?: (shop: string) => string | undefined };
}

export interface ShopifyApp {
  ctx: AppContext;
  server: FastifyInstance;
  labels: LabelService;
  tracking: TrackingJob;
  /** Listens on the configured host and port (0: any free port); answers the URL. */
  listen(): Promise<string>;
  close(): Promise<void>;
}

export function shopifyApiFor(options: AppOptions, logger: Logger): Shopify {
  const { config } = options;
  if (options.fetch) setAbstractFetchFunc(options.fetch);
  return shopifyApi({
    apiKey: config.apiKey,
    apiSecretKey: config.apiSecret,
    scopes: config.scopes,
    hostName: config.appUrl.host,
    hostScheme: config.appUrl.protocol === "http:" ? "http" : "https",
    apiVersion: API_VERSION,
    isEmbeddedApp: true,
    ...(options.extraShopDomains
      ? {
          domainTransformations: [
            { match: options.extraShopDomains, transform: (m: RegExpMatchArray) => m[0] },
          ],
        }
      : {}),
    logger: {
      level: LogSeverity.Warning,
      log: async (severity, message) =>
        severity <= LogSeverity.Error ? logger.error(message) : logger.warn(message),
    },
  });
}

export async function createShopifyApp(options: AppOptions): Promise<ShopifyApp> {
  const { config } = options;
  const logger = options.logger ?? consoleLogger;
  const shopify = shopifyApiFor(options, logger);
  addWebhookHandlers(shopify);
  const pool = openPool(config.databaseUrl);
  const sessions = new PgSessionStorage(pool, config.encryptionKey);
  const shops = new Shops(pool, config.encryptionKey);
  const connectionKey = { key: config.encryptionKey, development: config.developmentKey };
  const cores = new ShopCores(pool, shops, options.canadaPostDefaults ?? canadaPostFromEnv(), logger, {
    connectionKey,
    platform: platformFromEnv(),
  });
  const ctx: AppContext = {
    config,
    shopify,
    pool,
    sessions,
    shops,
    cores,
    variants: new VariantCatalog(pool),
    logger,
    connectionKey,
    adminUrlOf: options.admin?.adminUrlOf,
  };
  const connections = new ShopConnections(ctx);
  const labels = new LabelService(ctx);
  const tracking = new TrackingJob(ctx, labels.queries);
  ctx.products = new ProductSync(ctx);
  const handlers = new WebhookHandlers(ctx, labels, ctx.products);

  const server = Fastify({ logger: false, bodyLimit: 1024 * 1024, return503OnClosing: true });
  server.setErrorHandler(handleError(logger));
  // The signed routes read raw bytes: their signatures are over them, checked before anything is parsed.
  await server.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    await carrierRoutes(scope, ctx);
    await webhookRoutes(scope, ctx, handlers);
  });
  await server.register(authRoutes, ctx);
  await server.register(async (scope) => {
    await adminPageRoutes(scope, ctx, options.admin);
    await connectionReturnRoute(scope, ctx);
  });
  await server.register(async (scope) => {
    scope.addHook("preHandler", sessionTokenAuth(ctx));
    await adminOrderRoutes(scope, ctx, labels, tracking);
    await adminDocumentRoutes(scope, ctx);
    await adminSettingsRoutes(scope, ctx);
    await adminConnectionRoutes(scope, connections);
  });

  let timer: NodeJS.Timeout | undefined;
  if (config.trackingIntervalMs > 0) {
    timer = setInterval(() => {
      tracking.syncAll().catch((e: Error) => logger.warn(`tracking sync: ${e.message}`));
    }, config.trackingIntervalMs);
    timer.unref();
  }

  return {
    ctx,
    server,
    labels,
    tracking,
    listen: async () => {
      const address = await server.listen({ port: config.port, host: config.host });
      return address.replace("[::1]", "127.0.0.1").replace("0.0.0.0", "127.0.0.1");
    },
    close: async () => {
      if (timer) clearInterval(timer);
      await server.close();
      await connections.close();
      await cores.close();
      await pool.end();
    },
  };
}
