/**
 * Variant sizes and customs data, kept from the `canada_post` metafields (length, width, height in cm;
 * hs_code; country_of_origin) that products webhooks bring the app to read. Checkout asks for every cart
 * change, so what was read is kept in memory for a minute, and a products webhook refreshes it at once.
 */
import type { Pool } from "pg";
import { BoundedMap } from "../shipping/bounded-map";

export interface VariantData {
  length?: number;
  width?: number;
  height?: number;
  hsCode?: string;
  countryOfOrigin?: string;
}

const TTL_MS = 60_000;
const MAX_ENTRIES = 50_000;

/** A metafield value as a positive number of centimetres, or undefined. */
function size(value: string | undefined): number | undefined {
  const n = value === undefined ? NaN : Number(value.trim().replace(",", "."));
  return Number.isFinite(n) && n > 0 ? n : undefined;
}

/** The canada_post metafields of a variant (its own first, the product's where the variant has none). */
export function variantDataOf(own: Record<string, string>, product: Record<string, string>): VariantData {
  const pick = (k: string) => own[k] ?? product[k];
  return {
    length: size(pick("length")),
    width: size(pick("width")),
    height: size(pick("height")),
    hsCode: pick("hs_code")?.trim() || undefined,
    countryOfOrigin: pick("country_of_origin")?.trim().toUpperCase() || undefined,
  };
}

export class VariantCatalog {
  private readonly memory = new BoundedMap<string, { data: VariantData | null; at: number }>(MAX_ENTRIES);

  constructor(
    private readonly pool: Pool,
    private readonly now: () => number = Date.now,
  ) {}

  /** The data of the variants asked for; variants the app knows nothing of are absent. */
  async get(shop: string, variantIds: readonly number[]): Promise<Map<number, VariantData>> {
    const found = new Map<number, VariantData>();
    const missing: number[] = [];
    const t = this.now();
    for (const id of variantIds) {
      const hit = this.memory.get(`${shop}|${id}`);
      if (hit && t - hit.at < TTL_MS) {
        if (hit.data) found.set(id, hit.data);
      } else missing.push(id);
    }
    if (!missing.length) return found;
    const { rows } = await this.pool.query<{
      variant_id: string;
      length_cm: string | null;
      width_cm: string | null;
      height_cm: string | null;
      hs_code: string | null;
      country_of_origin: string | null;
    }>("select * from variant_dimensions where shop = $1 and variant_id = any($2::bigint[])", [
      shop,
      missing,
    ]);
    const byId = new Map(rows.map((r) => [Number(r.variant_id), r]));
    for (const id of missing) {
      const r = byId.get(id);
      const data: VariantData | null = r
        ? {
            length: r.length_cm === null ? undefined : Number(r.length_cm),
            width: r.width_cm === null ? undefined : Number(r.width_cm),
            height: r.height_cm === null ? undefined : Number(r.height_cm),
            hsCode: r.hs_code ?? undefined,
            countryOfOrigin: r.country_of_origin ?? undefined,
          }
        : null;
      this.remember(`${shop}|${id}`, data, t);
      if (data) found.set(id, data);
    }
    return found;
  }

  async save(
    shop: string,
    productId: number,
    variants: { id: number; sku?: string | null; data: VariantData }[],
  ) {
    for (const v of variants) {
      const d = v.data;
      await this.pool.query(
        `insert into variant_dimensions (shop, variant_id, product_id, sku, length_cm, width_cm, height_cm, hs_code, country_of_origin)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9)
         on conflict (shop, variant_id) do update set product_id = excluded.product_id, sku = excluded.sku,
           length_cm = excluded.length_cm, width_cm = excluded.width_cm, height_cm = excluded.height_cm,
           hs_code = excluded.hs_code, country_of_origin = excluded.country_of_origin, updated_at = now()`,
        [
          shop,
          v.id,
          productId,
          v.sku ?? null,
          d.length ?? null,
          d.width ?? null,
          d.height ?? null,
          d.hsCode ?? null,
          d.countryOfOrigin ?? null,
        ],
      );
      this.memory.delete(`${shop}|${v.id}`);
    }
  }

  forgetShop(shop: string): void {
    for (const key of this.memory.keys()) if (key.startsWith(`${shop}|`)) this.memory.delete(key);
  }

  private remember(key: string, data: VariantData | null, at: number): void {
    this.memory.set(key, { data, at });
  }
}
