/**
 * One shipping core per shop, built from the shop's settings and rebuilt when they change (the version is
 * read again at most every few seconds, so another instance's change reaches this one quickly without a
 * query per checkout). Canada Post connections are opened once per API key (with no key: one built-in
 * simulator per process) and so is the tracking limiter: Canada Post counts calls per key, whichever shop
 * makes them. Quotes share one cache: its keys are Canada Post's request text, account numbers included.
 */
import { createHash } from "node:crypto";
import type { Pool } from "pg";
import type { CanadaPostChoice } from "../runtime/choice";
import { openCanadaPost, type CanadaPostBackend } from "../runtime/open-canada-post";
import { createShipping, type Shipping } from "../shipping/create-shipping";
import { MemoryCache } from "../shipping/memory-cache";
import type { Logger } from "../shipping/ports";
import type { ScenarioOutcome } from "../shipping/quotes";
import { RollingWindowLimiter } from "../shipping/rate-limiter";
import { DEFAULT_TRACKING_CALLS_PER_MINUTE } from "../shipping/tracking-service";
import { PgLabelStore, PgLocks, PgShipmentRecords } from "./pg-ports";
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
}

export class ShopNotInstalledError extends Error {
  override readonly name = "ShopNotInstalledError";
}

const VERSION_CHECK_MS = 5_000;

export class ShopCores {
  private readonly cores = new Map<string, { core: Promise<ShopCore>; checkedAt: number }>();
  private readonly backends = new Map<string, Promise<CanadaPostBackend>>();
  private readonly limiters = new Map<string, RollingWindowLimiter>();
  readonly cache = new MemoryCache<ScenarioOutcome>({ maxEntries: 20_000 });
  readonly locks: PgLocks;

  constructor(
    private readonly pool: Pool,
    private readonly shops: Shops,
    private readonly defaults: CanadaPostChoice,
    private readonly logger?: Logger,
    private readonly now: () => number = Date.now,
  ) {
    this.locks = new PgLocks(pool);
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
    const choice = canadaPostChoiceOf(row.settings, this.shops.credentialsOf(row), this.defaults);
    const keyId = createHash("sha256").update(JSON.stringify(choice)).digest("hex").slice(0, 16);
    const backend = await this.backend(keyId, choice);
    const shipping = createShipping({
      settings: merchantInputOf(row.settings, choice),
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
      backend = openCanadaPost(choice, { notice: (m) => this.logger?.info(m) });
      backend.catch(() => this.backends.delete(keyId));
      this.backends.set(keyId, backend);
    }
    return backend;
  }

  /** The backend a shop's settings would use, without building its core (the settings page, tests). */
  async backendOf(row: ShopRow): Promise<CanadaPostBackend> {
    const choice = canadaPostChoiceOf(row.settings, this.shops.credentialsOf(row), this.defaults);
    const keyId = createHash("sha256").update(JSON.stringify(choice)).digest("hex").slice(0, 16);
    return this.backend(keyId, choice);
  }

  async close(): Promise<void> {
    const all = [...this.backends.values()];
    this.backends.clear();
    this.cores.clear();
    await Promise.all(all.map(async (b) => (await b.catch(() => undefined))?.close()));
  }
}
