/**
 * The app's configuration, read once from the environment: Shopify's four (the names the Shopify CLI sets),
 * the database, the key credentials are encrypted with, and the port. What is missing is listed in one
 * error, naming every variable, and no secret is ever put in a message.
 */
import { decodeKey } from "./secret-box";

export interface AppConfig {
  apiKey: string;
  apiSecret: string;
  /** Where Shopify reaches the app (carrier callback, webhooks, OAuth redirect): https://app.example.com */
  appUrl: URL;
  scopes: string[];
  databaseUrl: string;
  /** 32 bytes: AES-256-GCM key of the secrets stored per shop (Canada Post credentials, Shopify tokens). */
  encryptionKey: Buffer;
  port: number;
  host: string;
  /** Fixed development key in use (never in production). */
  developmentKey: boolean;
  production: boolean;
  /** How often undelivered parcels are tracked (0: never; the admin API can still ask). */
  trackingIntervalMs: number;
}

/** Everything the app needs of Shopify: rates at checkout, orders, fulfillment orders, fulfillments, products. */
export const DEFAULT_SCOPES = [
  "write_shipping",
  "read_orders",
  "write_merchant_managed_fulfillment_orders",
  "write_fulfillments",
  "read_products",
];

export const DEFAULT_DATABASE = "canada_post_shopify";
/** Used only outside production when SHOPIFY_APP_ENCRYPTION_KEY is unset: a local database's key. */
const DEVELOPMENT_KEY = Buffer.alloc(32, "canada-post-shopify-development");

export class AppConfigError extends Error {
  override readonly name = "AppConfigError";
}

const set = (v: string | undefined) => (v?.trim() ? v.trim() : undefined);

export function databaseUrlFrom(env: NodeJS.ProcessEnv): string {
  const given = set(env.DATABASE_URL);
  if (given) return given;
  const user = encodeURIComponent(env.PGUSER || "postgres");
  const password = env.PGPASSWORD ? `:${encodeURIComponent(env.PGPASSWORD)}` : "";
  return `postgres://${user}${password}@localhost:5432/${DEFAULT_DATABASE}`;
}

export function appConfigFrom(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const production = env.NODE_ENV?.trim().toLowerCase() === "production";
  const problems: string[] = [];
  const apiKey = set(env.SHOPIFY_API_KEY);
  const apiSecret = set(env.SHOPIFY_API_SECRET);
  const appUrlText = set(env.SHOPIFY_APP_URL);
  if (!apiKey)
    problems.push("SHOPIFY_API_KEY: the app's client id (Partner Dashboard, or `shopify app env show`)");
  if (!apiSecret) problems.push("SHOPIFY_API_SECRET: the app's client secret");
  let appUrl: URL | undefined;
  if (!appUrlText)
    problems.push("SHOPIFY_APP_URL: where Shopify reaches the app, e.g. https://canada-post.example.com");
  else {
    try {
      appUrl = new URL(appUrlText);
      if (production && appUrl.protocol !== "https:")
        problems.push(
          `SHOPIFY_APP_URL must be https in production (Shopify calls only https): got ${appUrl.origin}`,
        );
    } catch {
      problems.push(`SHOPIFY_APP_URL is not a URL: "${appUrlText}"`);
    }
  }
  let encryptionKey: Buffer = DEVELOPMENT_KEY;
  let developmentKey = true;
  const keyText = set(env.SHOPIFY_APP_ENCRYPTION_KEY);
  if (keyText) {
    try {
      encryptionKey = decodeKey(keyText);
      developmentKey = false;
    } catch (e) {
      problems.push(`SHOPIFY_APP_ENCRYPTION_KEY: ${(e as Error).message}`);
    }
  } else if (production) {
    problems.push(
      "SHOPIFY_APP_ENCRYPTION_KEY: 32 random bytes, base64 or hex (`openssl rand -base64 32`); it encrypts each shop's Canada Post API key",
    );
  }
  const port = Number(set(env.PORT) ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    problems.push(`PORT must be a port number, got "${env.PORT}"`);
  const interval = Number(set(env.SHOPIFY_TRACKING_INTERVAL_MINUTES) ?? 15);
  if (!(interval >= 0))
    problems.push("SHOPIFY_TRACKING_INTERVAL_MINUTES must be a number of minutes (0: never)");
  if (problems.length)
    throw new AppConfigError(`The Shopify app cannot start:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
  const scopes =
    (set(env.SHOPIFY_SCOPES) ?? set(env.SCOPES))?.split(/[\s,]+/).filter(Boolean) ?? DEFAULT_SCOPES;
  return {
    apiKey: apiKey!,
    apiSecret: apiSecret!,
    appUrl: appUrl!,
    scopes,
    databaseUrl: databaseUrlFrom(env),
    encryptionKey,
    developmentKey,
    port,
    host: set(env.LISTEN_HOST) ?? "0.0.0.0",
    production,
    trackingIntervalMs: interval * 60_000,
  };
}
