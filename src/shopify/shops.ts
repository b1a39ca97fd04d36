/**
 * The `shops` table: which shops installed the app, their carrier service, and their settings (the Canada
 * Post API key sealed with the app's key). Every change of settings bumps settings_version.
 */
import type { Pool } from "pg";
import { open, seal } from "./secret-box";
import type { StoredShopSettings } from "./shop-settings";

export interface ShopRow {
  shop: string;
  name: string | null;
  scope: string | null;
  installed_at: Date;
  uninstalled_at: Date | null;
  carrier_service_id: string | null;
  carrier_callback_url: string | null;
  settings: StoredShopSettings;
  credentials: string | null;
  settings_version: number;
}

export interface CanadaPostKey {
  username: string;
  password: string;
}

export class Shops {
  constructor(
    private readonly pool: Pool,
    private readonly key: Buffer,
  ) {}

  async get(shop: string): Promise<ShopRow | undefined> {
    const { rows } = await this.pool.query<ShopRow>("select * from shops where shop = $1", [shop]);
    return rows[0];
  }

  async version(shop: string): Promise<number | undefined> {
    const { rows } = await this.pool.query<{ settings_version: number }>(
      "select settings_version from shops where shop = $1",
      [shop],
    );
    return rows[0]?.settings_version;
  }

  /** Installed (or installed again): settings kept from before are kept; the first install's are `initial`. */
  async installed(
    shop: string,
    scope: string,
    name: string | null,
    initial: StoredShopSettings,
  ): Promise<ShopRow> {
    const { rows } = await this.pool.query<ShopRow>(
      `insert into shops (shop, scope, name, settings) values ($1, $2, $3, $4)
       on conflict (shop) do update set scope = excluded.scope, name = coalesce(excluded.name, shops.name),
         uninstalled_at = null, installed_at = case when shops.uninstalled_at is null then shops.installed_at else now() end,
         updated_at = now()
       returning *`,
      [shop, scope, name, JSON.stringify(initial)],
    );
    return rows[0]!;
  }

  async uninstalled(shop: string): Promise<void> {
    await this.pool.query(
      "update shops set uninstalled_at = now(), carrier_service_id = null, updated_at = now() where shop = $1",
      [shop],
    );
  }

  async setCarrierService(shop: string, id: string, callbackUrl: string): Promise<void> {
    await this.pool.query(
      "update shops set carrier_service_id = $2, carrier_callback_url = $3, updated_at = now() where shop = $1",
      [shop, id, callbackUrl],
    );
  }

  async saveSettings(
    shop: string,
    settings: StoredShopSettings,
    credentials?: CanadaPostKey | null,
  ): Promise<number> {
    const sealed =
      credentials === undefined
        ? undefined
        : credentials === null
          ? null
          : seal(JSON.stringify(credentials), this.key);
    const { rows } = await this.pool.query<{ settings_version: number }>(
      `update shops set settings = $2, settings_version = settings_version + 1, updated_at = now()
         ${sealed === undefined ? "" : ", credentials = $3"}
       where shop = $1 returning settings_version`,
      sealed === undefined ? [shop, JSON.stringify(settings)] : [shop, JSON.stringify(settings), sealed],
    );
    if (!rows[0]) throw new Error(`the shop ${shop} has not installed the app`);
    return rows[0].settings_version;
  }

  /** The shop's own Canada Post API key, decrypted at use; undefined when it has none. */
  credentialsOf(row: ShopRow): CanadaPostKey | undefined {
    if (!row.credentials) return undefined;
    return JSON.parse(open(row.credentials, this.key)) as CanadaPostKey;
  }

  async installedShops(): Promise<string[]> {
    const { rows } = await this.pool.query<{ shop: string }>(
      "select shop from shops where uninstalled_at is null order by shop",
    );
    return rows.map((r) => r.shop);
  }

  /** shop/redact: everything the app keeps of the shop (the tables cascade from shops). */
  async forget(shop: string): Promise<void> {
    await this.pool.query("delete from shops where shop = $1", [shop]);
  }
}
