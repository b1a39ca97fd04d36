/** What the routes, webhooks and jobs of the app share: built once by app.ts. */
import type { Session, Shopify } from "@shopify/shopify-api";
import type { Pool } from "pg";
import type { EncryptionKey } from "../shipping/connection-secrets";
import type { Logger } from "../shipping/ports";
import type { ProductSync } from "./product-sync";
import type { PgSessionStorage } from "./session-store";
import type { AppConfig } from "./config";
import type { ShopCores } from "./shop-cores";
import type { Shops } from "./shops";
import type { VariantCatalog } from "./variant-catalog";

export interface AppContext {
  config: AppConfig;
  shopify: Shopify;
  pool: Pool;
  sessions: PgSessionStorage;
  shops: Shops;
  cores: ShopCores;
  variants: VariantCatalog;
  logger: Logger;
  /** Seals the API keys of accounts connected with Connect with Canada Post (the app's encryption key). */
  connectionKey: EncryptionKey;
  /** In development only: where a shop's admin is in the browser (the local Shopify's own URL). */
  adminUrlOf?: (shop: string) => string | undefined;
  /** Set once built (it needs the context itself). */
  products?: ProductSync;
}

/** The shop has no offline session: it never installed the app, or uninstalled it. */
export class NoSessionError extends Error {
  override readonly name = "NoSessionError";
}

/** The shop's offline session (the app's own access, not a staff member's). */
export async function offlineSession(ctx: AppContext, shop: string): Promise<Session> {
  const id = ctx.shopify.session.getOfflineId(shop);
  const session = await ctx.sessions.loadSession(id);
  if (!session?.accessToken) throw new NoSessionError(`${shop} has no access token: install the app again`);
  return session;
}
