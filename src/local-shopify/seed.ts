import { DEMO_CARRIER_IDENTIFIER, MAPLE_GOODS } from "./demo-shop";
import { gid } from "./ids";
import type { Address, BackupRate, Product, StaffMember, Variant } from "./model";
import { placeOrder } from "./orders";
import { ShopState, type LocalState } from "./store";
import type { World } from "./world";

/** How a shop starts: every field defaults to the Maple Goods demo shop's. */
export interface ShopSeed {
  /** e.g. maple-goods.myshopify.local */
  domain?: string;
  name?: string;
  email?: string;
  contactEmail?: string;
  currency?: string;
  ianaTimezone?: string;
  /** The shop's address, also its one location's. */
  address?: Address;
  locationName?: string;
  products?: ProductSeed[];
  orders?: OrderSeed[];
  backupRates?: BackupRate[];
  /** The staff member session tokens and online tokens speak for. */
  staff?: Partial<StaffMember>;
  /** GraphQL cost limits (the Standard plan's by default: 100 points/s, bucket of 2000). */
  throttle?: { restoreRate?: number; maximumAvailable?: number };
}

export interface ProductSeed {
  title: string;
  handle?: string;
  vendor?: string;
  productType?: string;
  tags?: string[];
  sku: string;
  /** Cents. */
  price: number;
  grams: number;
  /** Written to the `canada_post` metafields length, width, height (cm) of the product and its variant. */
  dimensionsCm?: { length: number; width: number; height: number };
  /** Customs data: InventoryItem fields and `canada_post.hs_code` / `canada_post.country_of_origin`. */
  hsCode?: string;
  countryOfOrigin?: string;
  inventoryQuantity?: number;
  requiresShipping?: boolean;
}

export interface OrderSeed {
  lines: { sku: string; quantity: number }[];
  email: string;
  customer?: { firstName?: string; lastName?: string };
  shippingAddress: Address;
  /** A rate a carrier service gave at checkout (source: the carrier service's name). */
  shippingLine?: { code: string; title: string; price: number; source?: string };
  hoursAgo?: number;
}

const DEFAULT_STAFF: StaffMember = {
  id: 74_125_896_301,
  firstName: "Camille",
  lastName: "Roy",
  email: "owner@maple-goods.example",
  accountOwner: true,
  locale: "en",
  collaborator: false,
  emailVerified: true,
};

/** Builds a shop from its seed into the state; the seeded orders announce nothing (no one listens yet). */
export function seedShop(state: LocalState, seed: ShopSeed, now: Date): ShopState {
  const s = { ...MAPLE_GOODS, ...seed };
  const ids = state.ids;
  const domain = s.domain.toLowerCase();
  if (!/^[a-z0-9][a-z0-9-]*\.[a-z0-9.-]+$/.test(domain))
    throw new Error(`"${s.domain}" is not a shop domain`);
  if (state.shops.has(domain)) throw new Error(`the shop ${domain} is already served`);
  const locationId = ids.next("Location");
  const shop = new ShopState(
    ids.next("Shop"),
    domain,
    s.name,
    s.email,
    s.currency,
    s.ianaTimezone,
    s.address,
    locationId,
    s.backupRates,
    { ...DEFAULT_STAFF, email: s.email, ...seed.staff },
    { restoreRate: 100, maximumAvailable: 2000, ...seed.throttle },
  );
  shop.locations.set(locationId, {
    id: locationId,
    name: s.locationName,
    address: s.address,
    isActive: true,
    createdAt: now,
  });
  state.shops.set(domain, shop);
  for (const p of s.products) addProduct(state, shop, p, now);

  const quiet: World = { state, clock: { now: () => now }, announce: () => undefined };
  for (const o of s.orders) {
    const createdAt = new Date(now.getTime() - (o.hoursAgo ?? 1) * 3_600_000);
    placeOrder(quiet, shop, {
      email: o.email,
      customer: o.customer ? { email: o.email, ...o.customer } : undefined,
      shippingAddress: o.shippingAddress,
      lines: o.lines.map((l) => {
        const variant = [...shop.variants.values()].find((v) => v.sku === l.sku);
        if (!variant) throw new Error(`the seeded order asks for SKU ${l.sku}, which no product has`);
        return { variantId: variant.id, quantity: l.quantity };
      }),
      shippingLine: o.shippingLine && {
        code: o.shippingLine.code,
        title: o.shippingLine.title,
        source: o.shippingLine.source ?? "Canada Post",
        carrierIdentifier: DEMO_CARRIER_IDENTIFIER,
        price: o.shippingLine.price,
      },
      createdAt,
    });
  }
  return shop;
}

/** Adds a one-variant product with its metafields; answers the product. */
export function addProduct(state: LocalState, shop: ShopState, p: ProductSeed, now: Date): Product {
  const ids = state.ids;
  const product: Product = {
    id: ids.next("Product"),
    title: p.title,
    handle:
      p.handle ??
      p.title
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, "-")
        .replace(/^-|-$/g, ""),
    vendor: p.vendor ?? shop.name,
    productType: p.productType ?? "",
    status: "ACTIVE",
    tags: p.tags ?? [],
    createdAt: now,
    updatedAt: now,
    variantIds: [],
  };
  const variant: Variant = {
    id: ids.next("ProductVariant"),
    productId: product.id,
    inventoryItemId: ids.next("InventoryItem"),
    title: "Default Title",
    sku: p.sku,
    price: p.price,
    grams: p.grams,
    weightUnit: "GRAMS",
    requiresShipping: p.requiresShipping ?? true,
    taxable: true,
    inventoryQuantity: p.inventoryQuantity ?? 100,
    harmonizedSystemCode: p.hsCode,
    countryCodeOfOrigin: p.countryOfOrigin,
    position: 1,
    createdAt: now,
    updatedAt: now,
  };
  product.variantIds.push(variant.id);
  shop.products.set(product.id, product);
  shop.variants.set(variant.id, variant);
  const fields: [string, string, string][] = [];
  if (p.dimensionsCm)
    for (const k of ["length", "width", "height"] as const)
      fields.push([k, "number_decimal", String(p.dimensionsCm[k])]);
  if (p.hsCode) fields.push(["hs_code", "single_line_text_field", p.hsCode]);
  if (p.countryOfOrigin) fields.push(["country_of_origin", "single_line_text_field", p.countryOfOrigin]);
  for (const owner of [gid("Product", product.id), gid("ProductVariant", variant.id)])
    for (const [key, type, value] of fields) {
      const id = ids.next("Metafield");
      shop.metafields.set(id, {
        id,
        ownerId: owner,
        namespace: "canada_post",
        key,
        type,
        value,
        createdAt: now,
        updatedAt: now,
      });
    }
  return product;
}
