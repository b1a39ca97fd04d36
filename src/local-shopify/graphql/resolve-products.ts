import { dateTime, moneyAmount } from "../formats";
import { gid, gidType } from "../ids";
import type { Metafield, Product, Variant } from "../model";
import { connection, type PageArgs } from "./connection";
import {
  find,
  idOf,
  legacyIdOf,
  metafieldResolvers,
  requireScope,
  type GqlContext,
  type ResolverMap,
} from "./context";
import { matches, parseSearch, type FieldValue } from "./search";
import { digestOf, metafieldsSet, type MetafieldInput } from "./metafields-set";

/** Products, variants with their inventory items (weight, customs data), and metafields. */

const productField = (p: Product, field: string): FieldValue => {
  switch (field) {
    case "default":
    case "title":
      return p.title;
    case "handle":
      return p.handle;
    case "vendor":
      return p.vendor;
    case "product_type":
      return p.productType;
    case "status":
      return p.status;
    case "tag":
      return p.tags;
    case "id":
      return p.id;
    case "created_at":
      return p.createdAt;
    case "updated_at":
      return p.updatedAt;
    default:
      return undefined;
  }
};

export const productResolvers: ResolverMap = {
  QueryRoot: {
    product: (_, a: { id: string }, ctx: GqlContext) => {
      requireScope(ctx, "product", ["read_products"]);
      return find(ctx.shop.products, a.id, "Product") ?? null;
    },
    products: (_, a: PageArgs & { query?: string | null }, ctx: GqlContext) => {
      requireScope(ctx, "products", ["read_products"]);
      const search = parseSearch(a.query);
      const list = [...ctx.shop.products.values()]
        .filter((p) =>
          matches(p, search, (x, f) =>
            f === "sku" ? ctx.shop.variantsOf(x).map((v) => v.sku) : productField(x, f),
          ),
        )
        .sort((p, q) => p.id - q.id);
      return connection(list, a, (p) => p.id);
    },
    productVariant: (_, a: { id: string }, ctx: GqlContext) => {
      requireScope(ctx, "productVariant", ["read_products"]);
      return find(ctx.shop.variants, a.id, "ProductVariant") ?? null;
    },
    productVariants: (_, a: PageArgs & { query?: string | null }, ctx: GqlContext) => {
      requireScope(ctx, "productVariants", ["read_products"]);
      const search = parseSearch(a.query);
      const field = (v: Variant, f: string): FieldValue => {
        if (f === "sku") return v.sku;
        if (f === "barcode") return v.barcode;
        if (f === "product_id") return v.productId;
        if (f === "id") return v.id;
        if (f === "title") return v.title;
        if (f === "default") return [v.sku, v.title, ctx.shop.products.get(v.productId)!.title];
        return undefined;
      };
      const list = [...ctx.shop.variants.values()]
        .filter((v) => matches(v, search, field))
        .sort((p, q) => p.id - q.id);
      return connection(list, a, (v) => v.id);
    },
  },
  Mutation: {
    metafieldsSet: (_, a: { metafields: MetafieldInput[] }, ctx: GqlContext) =>
      metafieldsSet(ctx, a.metafields),
  },
  Product: {
    id: idOf("Product"),
    legacyResourceId: legacyIdOf,
    createdAt: (p: Product) => dateTime(p.createdAt),
    updatedAt: (p: Product) => dateTime(p.updatedAt),
    totalInventory: (p: Product, _, ctx: GqlContext) =>
      ctx.shop.variantsOf(p).reduce((s, v) => s + v.inventoryQuantity, 0),
    hasOnlyDefaultVariant: (p: Product, _, ctx: GqlContext) => {
      const vs = ctx.shop.variantsOf(p);
      return vs.length === 1 && vs[0]!.title === "Default Title";
    },
    variants: (p: Product, a: PageArgs, ctx: GqlContext) =>
      connection(ctx.shop.variantsOf(p), a, (v) => v.id),
    variantsCount: (p: Product) => ({ count: p.variantIds.length, precision: "EXACT" }),
    ...metafieldResolvers("Product"),
  },
  ProductVariant: {
    id: idOf("ProductVariant"),
    legacyResourceId: legacyIdOf,
    displayName: (v: Variant, _, ctx: GqlContext) => {
      const title = ctx.shop.products.get(v.productId)!.title;
      return v.title === "Default Title" ? title : `${title} - ${v.title}`;
    },
    barcode: (v: Variant) => v.barcode ?? null,
    price: (v: Variant) => moneyAmount(v.price),
    compareAtPrice: (v: Variant) => (v.compareAtPrice !== undefined ? moneyAmount(v.compareAtPrice) : null),
    inventoryItem: (v: Variant) => v,
    product: (v: Variant, _, ctx: GqlContext) => ctx.shop.products.get(v.productId),
    createdAt: (v: Variant) => dateTime(v.createdAt),
    updatedAt: (v: Variant) => dateTime(v.updatedAt),
    ...metafieldResolvers("ProductVariant"),
  },
  InventoryItem: {
    id: (v: Variant) => gid("InventoryItem", v.inventoryItemId),
    legacyResourceId: (v: Variant) => v.inventoryItemId,
    tracked: () => true,
    measurement: (v: Variant) => ({ id: gid("InventoryItemMeasurement", v.inventoryItemId), variant: v }),
    countryCodeOfOrigin: (v: Variant) => v.countryCodeOfOrigin ?? null,
    provinceCodeOfOrigin: () => null,
    harmonizedSystemCode: (v: Variant) => v.harmonizedSystemCode ?? null,
    createdAt: (v: Variant) => dateTime(v.createdAt),
    updatedAt: (v: Variant) => dateTime(v.updatedAt),
  },
  InventoryItemMeasurement: {
    weight: ({ variant: v }: { variant: Variant }) => ({
      unit: v.weightUnit,
      value: inUnit(v.grams, v.weightUnit),
    }),
  },
  Metafield: {
    id: idOf("Metafield"),
    legacyResourceId: legacyIdOf,
    jsonValue: (m: Metafield) => jsonValueOf(m),
    compareDigest: (m: Metafield) => digestOf(m),
    ownerType: (m: Metafield) => OWNER_TYPES[gidType(m.ownerId) ?? ""] ?? "PRODUCT",
    createdAt: (m: Metafield) => dateTime(m.createdAt),
    updatedAt: (m: Metafield) => dateTime(m.updatedAt),
  },
};

const OWNER_TYPES: Record<string, string> = {
  Product: "PRODUCT",
  ProductVariant: "PRODUCTVARIANT",
  Order: "ORDER",
  Shop: "SHOP",
  Location: "LOCATION",
  Customer: "CUSTOMER",
};

function inUnit(grams: number, unit: Variant["weightUnit"]): number {
  if (unit === "KILOGRAMS") return grams / 1000;
  if (unit === "POUNDS") return Math.round((grams / 453.59237) * 1000) / 1000;
  if (unit === "OUNCES") return Math.round((grams / 28.349523125) * 1000) / 1000;
  return grams;
}

/** Integers, booleans and JSON come back typed; decimals and text as strings (as a live shop answers). */
export function jsonValueOf(m: Metafield): unknown {
  if (m.type === "number_integer") return Number(m.value);
  if (m.type === "boolean") return m.value === "true";
  if (
    m.type === "json" ||
    m.type.startsWith("list.") ||
    m.type === "dimension" ||
    m.type === "weight" ||
    m.type === "volume"
  )
    try {
      return JSON.parse(m.value);
    } catch {
      return m.value;
    }
  return m.value;
}
