/**
 * One shipping core per shop, built from the shop's settings and rebuilt when they change (the version is
 * read again at most every few seconds, so another instance's change reaches this one quickly without a
 * query per checkout). Canada Post connections are opened once per API key (with no key: one built-in
 * simulator per process) and so is the tracking limiter: Canada Post counts calls per key, whichever shop
 * makes them. Quotes share one cache, in the app's database for every instance: its keys are Canada Post's
 * request text, account numbers included.
 * A shop connected with Connect with Canada Post uses its own account (key, customer number, contract and
 * the platform's id) on the app's default Canada Post: the connection wins over a pasted key and the defaults.
 */
import { createHash } from "node:crypto";
import type { Pool } from "pg";
import { CanadaPostSetupError, type CanadaPostChoice } from "../runtime/choice";
import {
  openCanadaPost,
  openMerchantBackend,
  type CanadaPostBackend,
  type PlatformCredentials,
} from "../runtime/open-canada-post";
import type { EncryptionKey } from "../shipping/connection-secrets";
import {
  openConnection,
  settingsWithConnection,
  type MerchantConnection,
} from "../shipping/merchant-connection";
import { createShipping, type Shipping } from "../shipping/create-shipping";
import type { Logger } from "../shipping/ports";
import type { ScenarioOutcome } from "../shipping/quotes";
import { RollingWindowLimiter } from "../shipping/rate-limiter";
import { parseMerchantSettings } from "../shipping/settings";
import { DEFAULT_TRACKING_CALLS_PER_MINUTE } from "../shipping/tracking-service";
import { PgConnectionStore } from "./connection-store";
import { PgLocks } from "./pg-locks";
import { PgLabelStore, PgQuoteCache, PgShipmentRecords } from "./pg-ports";
import { canadaPostChoiceOf, merchantInputOf, type StoredShopSettings } from "./shop-settings";
import type { ShopRow, Shops } from "./shops";

export interface ShopCore {
  shop: string;
  shipping: Shipping;
  stored: StoredShopSettings;
  backend: CanadaPostBackend;
  version: number;
  /** Which API key: shops with the same key share the tracking limiter. */
  keyId: string;
  /** The account connected with Connect with Canada Post, in force over any other. */
  connection?: MerchantConnection;
}

export interface ShopCoresOptions {
  /** Opens the sealed API keys of connected accounts (SHOPIFY_APP_ENCRYPTION_KEY). */
  connectionKey?: EncryptionKey;
  /** The e-commerce platform's key (CANADA_POST_PLATFORM_*): Connect with Canada Post on a real Canada Post. */
  platform?: PlatformCredentials;
  now?: () => number;
}

export class ShopNotInstalledError extends Error {
  override readonly name = "ShopNotInstalledError";
}

const VERSION_CHECK_MS = 5_000;

export class ShopCores {
  private readonly cores = new Map<string, { core: Promise<ShopCore>; checkedAt: number }>();
  private readonly backends = new Map<string, Promise<CanadaPostBackend>>();
  private readonly merchants = new Map<string, CanadaPostBackend>();
  private readonly limiters = new Map<string, RollingWindowLimiter>();
  readonly cache: PgQuoteCache<ScenarioOutcome>;
  readonly locks: PgLocks;

  constructor(
    private readonly pool: Pool,
    private readonly shops: Shops,
    private readonly defaults: CanadaPostChoice,
    private readonly logger?: Logger,
    private readonly options: ShopCoresOptions = {},
  ) {
    this.locks = new PgLocks(pool);
    this.cache = new PgQuoteCache<ScenarioOutcome>(pool, 20_000, options.now);
  }

  private now(): number {
    return (this.options.now ?? Date.now)();
  }

  /**
   * Where connected accounts and registrations go: the app's default Canada Post (the built-in simulator in
   * development); an app with no default account but the platform's key (production, each shop with its own
   * account) uses the platform's key on the Canada Post that CANADA_POST_ENV names. Shops without a key of
   * their own never quote through the platform's key: they go through `defaults` alone.
   */
  /** Whether the app has a Canada Post account of its own for shops without one (CANADA_POST_USERNAME…). */
  hasDefaultAccount(): boolean {
    return Boolean(this.defaults.username);
  }

  connectionBackend(): Promise<CanadaPostBackend> {
    return this.backend(keyIdOf(this.defaults), this.defaults).catch((e: unknown) => {
      const p = this.options.platform;
      if (!(e instanceof CanadaPostSetupError) || !p) throw e;
      const choice: CanadaPostChoice = {
        username: p.username,
        password: p.password,
        env: this.defaults.env === "production" ? "production" : "sandbox",
        ...(this.defaults.baseUrl ? { baseUrl: this.defaults.baseUrl } : {}),
      };
      return this.backend(keyIdOf({ platform: choice }), choice);
    });
  }

  /** The shop's core; ShopNotInstalledError for a shop that never installed the app or uninstalled it. */
  async forShop(shop: string): Promise<ShopCore> {
    const cached = this.cores.get(shop);
    if (cached && this.now() - cached.checkedAt < VERSION_CHECK_MS) return cached.core;
    if (cached) {
      const current = await cached.core.catch(() => undefined);
      const version = await this.shops.version(shop);
      if (current && version === current.version) {
        cached.checkedAt = this.now();
        return current;
      }
    }
    const core = this.build(shop);
    this.cores.set(shop, { core, checkedAt: this.now() });
    core.catch(() => this.cores.delete(shop));
    return core;
  }

  /** Forget the shop's core (its settings changed here, or it uninstalled). */
  invalidate(shop: string): void {
    this.cores.delete(shop);
  }

  /** The limiter of an API key, shared by every shop that uses it. */
  limiterOf(keyId: string): RollingWindowLimiter {
    let limiter = this.limiters.get(keyId);
    if (!limiter) {
      limiter = new RollingWindowLimiter(DEFAULT_TRACKING_CALLS_PER_MINUTE, 60_000);
      this.limiters.set(keyId, limiter);
    }
    return limiter;
  }

  private async build(shop: string): Promise<ShopCore> {
    const row = await this.shops.get(shop);
    if (!row || row.uninstalled_at)
      throw new ShopNotInstalledError(`${shop} has not installed the Canada Post app`);
    return this.coreOf(row);
  }

  private async coreOf(row: ShopRow): Promise<ShopCore> {
    const stored = await new PgConnectionStore(this.pool, row.shop).load();
    if (stored) return this.connectedCoreOf(row, openConnection(this.options.connectionKey, stored));
    const choice = canadaPostChoiceOf(row.settings, this.shops.credentialsOf(row), this.defaults);
    const keyId = keyIdOf(choice);
    const backend = await this.backend(keyId, choice);
    return this.assemble(row, backend, keyId, merchantInputOf(row.settings, choice));
  }

  /** The connected account's key on the default Canada Post, with the platform's id on every call. */
  private async connectedCoreOf(row: ShopRow, c: MerchantConnection): Promise<ShopCore> {
    const base = await this.connectionBackend();
    // The built-in simulator forgets between runs; Canada Post would not: it accepts the key again.
    base.simulator?.remember({ ...c, creditCard: c.hasCreditCard });
    const keyId = keyIdOf({ base: base.baseUrl, username: c.username, customer: c.customerNumber });
    let backend = this.merchants.get(keyId);
    if (!backend) {
      backend = openMerchantBackend(base, c, row.settings.merchant.language);
      this.merchants.set(keyId, backend);
    }
    const settings = parseMerchantSettings(merchantInputOf(row.settings, this.defaults));
    const core = await this.assemble(row, backend, keyId, settingsWithConnection(settings, c));
    return { ...core, connection: c };
  }

  private async assemble(
    row: ShopRow,
    backend: CanadaPostBackend,
    keyId: string,
    settings: Parameters<typeof createShipping>[0]["settings"],
  ): Promise<ShopCore> {
    const shipping = createShipping({
      settings,
      canadaPost: backend,
      labels: new PgLabelStore(this.pool, row.shop),
      cache: this.cache,
      locks: this.locks,
      records: new PgShipmentRecords(this.pool, row.shop),
      logger: this.logger,
      trackingLimiter: this.limiterOf(keyId),
    });
    return { shop: row.shop, shipping, stored: row.settings, backend, version: row.settings_version, keyId };
  }

  private backend(keyId: string, choice: CanadaPostChoice): Promise<CanadaPostBackend> {
    let backend = this.backends.get(keyId);
    if (!backend) {
      backend = openCanadaPost(choice, {
        notice: (m) => this.logger?.info(m),
        ...(this.options.platform ? { platform: this.options.platform } : {}),
      });
      backend.catch(() => this.backends.delete(keyId));
      this.backends.set(keyId, backend);
    }
    return backend;
  }

  /** The backend a shop's settings would use, without building its core (the settings page, tests). */
  async backendOf(row: ShopRow): Promise<CanadaPostBackend> {
    const choice = canadaPostChoiceOf(row.settings, this.shops.credentialsOf(row), this.defaults);
    return this.backend(keyIdOf(choice), choice);
  }

  async close(): Promise<void> {
    const all = [...this.backends.values()];
    const merchants = [...this.merchants.values()];
    this.backends.clear();
    this.merchants.clear();
    this.cores.clear();
    // Connected accounts' pools first: they call the default backend's Canada Post (or simulator).
    await Promise.all(merchants.map((b) => b.close().catch(() => undefined)));
    await Promise.all(all.map(async (b) => (await b.catch(() => undefined))?.close()));
  }
}

const keyIdOf = (what: object) =>
  createHash("sha256").update(JSON.stringify(what)).digest("hex").slice(0, 16);
