import { defineConfig, loadEnv } from "@medusajs/framework/utils";

/**
 * The development and demo app: this repository's own src/ is the plugin. Canada Post credentials come
 * from CANADA_POST_* (none: the built-in simulator, refused under NODE_ENV=production unless
 * CANADA_POST_ENV=simulator); the merchant settings below are the demo store's.
 */
loadEnv(process.env.NODE_ENV || "development", process.cwd());

const env = process.env;
const canadaPost = {
  backendUrl: env.MEDUSA_BACKEND_URL || `http://localhost:${env.PORT || 9000}`,
  labelsDir: env.CANADA_POST_LABELS_DIR || ".canada-post/labels",
  notificationEmail: env.CANADA_POST_NOTIFICATION_EMAIL || "shipping@maple-goods.example",
  trackingCallsPerMinute: Number(env.CANADA_POST_TRACKING_CALLS_PER_MINUTE || 20),
  settings: {
    origin: {
      postalCode: env.CANADA_POST_ORIGIN_POSTAL_CODE || "K2B 8J6",
      sender: {
        company: "Maple Goods",
        contactPhone: "613-555-0100",
        addressLine1: "502 Main St N",
        city: "Ottawa",
        province: "ON",
      },
    },
    canadaPost: {
      username: env.CANADA_POST_USERNAME || undefined,
      password: env.CANADA_POST_PASSWORD || undefined,
      customerNumber: env.CANADA_POST_CUSTOMER_NUMBER || undefined,
      contractId: env.CANADA_POST_CONTRACT_ID || undefined,
      // production, sandbox, or simulator (the built-in simulator even with NODE_ENV=production).
      env: (env.CANADA_POST_ENV as "production" | "sandbox" | "simulator" | undefined) || undefined,
      baseUrl: env.CANADA_POST_BASE_URL || undefined,
    },
    quotes: {
      deadlineMs: Number(env.CANADA_POST_QUOTE_DEADLINE_MS || 2500),
      // JSON such as {"DOM.EP": {"amount": 15, "name": "Expedited"}}: prices shown when Canada Post is down.
      ...(env.CANADA_POST_FALLBACK_RATES
        ? { fallbackRates: JSON.parse(env.CANADA_POST_FALLBACK_RATES) }
        : {}),
    },
    // transmit (each label transmitted at once; cancelling asks for a refund) or manifest (void until end of day).
    ...(env.CANADA_POST_SHIPMENT_MODE
      ? { shipments: { mode: env.CANADA_POST_SHIPMENT_MODE as "transmit" | "manifest" | "noncontract" } }
      : {}),
    catalogueUnits: { weight: "g" as const, dimension: "cm" as const },
    language: env.CANADA_POST_LANG === "fr" ? ("fr" as const) : ("en" as const),
  },
};

/**
 * A signing secret: the environment's, or in development a fixed one for the demo. In production the demo's
 * fixed secret would let anyone forge admin and customer sessions: start-up stops instead.
 */
function secret(name: "JWT_SECRET" | "COOKIE_SECRET"): string {
  const value = env[name];
  if (value) return value;
  if (env.NODE_ENV === "production")
    throw new Error(
      `${name} is not set: set it to a long random value (e.g. openssl rand -hex 32) before starting in production`,
    );
  return "supersecret";
}

/**
 * With REDIS_URL, Medusa's Redis modules (events, workflows and scheduled jobs, locks, cache), so that several
 * instances (MEDUSA_WORKER_MODE=server and worker, or shared) run as one store. Without it, Medusa's
 * in-process defaults: one instance, nothing else to run.
 */
const redisModules = env.REDIS_URL
  ? [
      { resolve: "@medusajs/medusa/event-bus-redis", options: { redisUrl: env.REDIS_URL } },
      { resolve: "@medusajs/medusa/workflow-engine-redis", options: { redis: { redisUrl: env.REDIS_URL } } },
      { resolve: "@medusajs/medusa/cache-redis", options: { redisUrl: env.REDIS_URL } },
      {
        resolve: "@medusajs/medusa/locking",
        options: {
          providers: [
            {
              resolve: "@medusajs/medusa/locking-redis",
              id: "locking-redis",
              is_default: true,
              options: { redisUrl: env.REDIS_URL },
            },
          ],
        },
      },
    ]
  : [];

const backendUrl = env.MEDUSA_BACKEND_URL || `http://localhost:${env.PORT || 9000}`;

module.exports = defineConfig({
  projectConfig: {
    databaseUrl: env.DATABASE_URL,
    ...(env.REDIS_URL ? { redisUrl: env.REDIS_URL } : {}),
    workerMode: (env.MEDUSA_WORKER_MODE as "shared" | "server" | "worker" | undefined) || "shared",
    http: {
      storeCors: env.STORE_CORS || "http://localhost:8000",
      adminCors: env.ADMIN_CORS || "http://localhost:9000",
      authCors: env.AUTH_CORS || "http://localhost:8000,http://localhost:9000",
      jwtSecret: secret("JWT_SECRET"),
      cookieSecret: secret("COOKIE_SECRET"),
    },
  },
  admin: { disable: env.MEDUSA_ADMIN_DISABLE === "true" },
  modules: [
    ...redisModules,
    {
      // Labels and manifests are private files: never under the public static folder. Another provider (S3)
      // works unchanged; several instances must share the folder or the bucket.
      resolve: "@medusajs/medusa/file",
      options: {
        providers: [
          {
            resolve: "@medusajs/medusa/file-local",
            id: "local",
            options: {
              upload_dir: "static",
              private_upload_dir: env.MEDUSA_PRIVATE_FILES_DIR || ".medusa-private-files",
              backend_url: `${backendUrl}/static`,
            },
          },
        ],
      },
    },
    { resolve: "./src/modules/canada-post", options: canadaPost },
    {
      resolve: "@medusajs/medusa/fulfillment",
      // The provider records each label the moment it is bought, in the plugin's module, buys under Medusa's
      // lock (no two requests or instances buy two labels for the same order items), keeps labels in the
      // File Module and quotes in the cache module, both shared by instances.
      dependencies: ["canadaPost", "locking", "file", "cache"],
      options: {
        providers: [
          { resolve: "@medusajs/medusa/fulfillment-manual", id: "manual" },
          { resolve: "./src/providers/canada-post", id: "canada-post", options: canadaPost },
          // npm run load only: a flat-rate calculated provider to compare the plugin's share of the time with
          // (an absolute path: Medusa reads "./x" as "./src/x").
          ...(env.CANADA_POST_BENCH === "1"
            ? [{ resolve: `${process.cwd()}/bench/load/flat-provider`, id: "bench-flat" }]
            : []),
        ],
      },
    },
  ],
});
