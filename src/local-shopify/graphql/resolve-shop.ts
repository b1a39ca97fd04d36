import { dateTime, formatOffset, offsetMinutes } from "../formats";
import { gid, gidType, parseGid } from "../ids";
import type { Address, Location } from "../model";
import type { ShopState } from "../store";
import { connection, type PageArgs } from "./connection";
import {
  asNode,
  find,
  idOf,
  legacyIdOf,
  metafieldResolvers,
  nodeTypes,
  requireScope,
  type GqlContext,
  type ResolverMap,
  type TypeResolverMap,
} from "./context";
import { parseSearch, matches } from "./search";

/** The shop, its address and locations, and node(id:)/nodes(ids:) over every type the local Shopify serves. */

const NODE_MAPS: Record<string, (shop: ShopState) => Map<number, object>> = {
  Order: (s) => s.orders,
  FulfillmentOrder: (s) => s.fulfillmentOrders,
  Fulfillment: (s) => s.fulfillments,
  Product: (s) => s.products,
  ProductVariant: (s) => s.variants,
  Metafield: (s) => s.metafields,
  Location: (s) => s.locations,
  Customer: (s) => s.customers,
  DeliveryCarrierService: (s) => s.carrierServices,
  WebhookSubscription: (s) => s.webhookSubscriptions,
};

function lookupNode(id: unknown, ctx: GqlContext): object | null {
  const type = gidType(id);
  if (type === "Shop") return parseGid(id, "Shop") === ctx.shop.id ? asNode(ctx.shop, "Shop")! : null;
  const map = type ? NODE_MAPS[type] : undefined;
  if (!type || !map) return null;
  return asNode(find(map(ctx.shop), id, type), type) ?? null;
}

export function addressLines(a: Address, withCompany = true, withName = false): string[] {
  return [
    withName ? [a.firstName, a.lastName].filter(Boolean).join(" ") : "",
    withCompany ? (a.company ?? "") : "",
    a.address1 ?? "",
    a.address2 ?? "",
    [a.city, a.provinceCode, a.zip].filter(Boolean).join(" "),
    a.country ?? a.countryCode,
  ].filter(Boolean);
}

const locationSearch = (l: Location, field: string) =>
  field === "name" || field === "default" ? l.name : field === "id" ? l.id : undefined;

export const shopResolvers: ResolverMap = {
  QueryRoot: {
    shop: (_, __, ctx: GqlContext) => ctx.shop,
    node: (_, a: { id: string }, ctx: GqlContext) => lookupNode(a.id, ctx),
    nodes: (_, a: { ids: string[] }, ctx: GqlContext) => a.ids.map((id) => lookupNode(id, ctx)),
    location: (_, a: { id?: string | null }, ctx: GqlContext) => {
      requireScope(ctx, "location", ["read_locations"]);
      return a.id ? (find(ctx.shop.locations, a.id, "Location") ?? null) : ctx.shop.primaryLocation();
    },
    locations: (_, a: PageArgs & { query?: string | null; includeInactive?: boolean }, ctx: GqlContext) => {
      requireScope(ctx, "locations", ["read_locations"]);
      const search = parseSearch(a.query);
      const list = [...ctx.shop.locations.values()]
        .filter((l) => (a.includeInactive || l.isActive) && matches(l, search, locationSearch))
        .sort((p, q) => p.name.localeCompare(q.name) || p.id - q.id);
      return connection(list, a, (l) => l.id);
    },
  },
  Shop: {
    id: (s: ShopState) => gid("Shop", s.id),
    myshopifyDomain: (s: ShopState) => s.domain,
    url: (s: ShopState) => `https://${s.domain}`,
    contactEmail: (s: ShopState) => s.email,
    currencyCode: (s: ShopState) => s.currency,
    timezoneAbbreviation: (s: ShopState, _, ctx: GqlContext) =>
      new Intl.DateTimeFormat("en-US", { timeZone: s.ianaTimezone, timeZoneName: "short" })
        .formatToParts(ctx.world.clock.now())
        .find((p) => p.type === "timeZoneName")!.value,
    timezoneOffset: (s: ShopState, _, ctx: GqlContext) =>
      formatOffset(offsetMinutes(ctx.world.clock.now(), s.ianaTimezone), ""),
    timezoneOffsetMinutes: (s: ShopState, _, ctx: GqlContext) =>
      offsetMinutes(ctx.world.clock.now(), s.ianaTimezone),
    weightUnit: () => "KILOGRAMS",
    billingAddress: (s: ShopState) => s,
    shopAddress: (s: ShopState) => s,
    primaryDomain: (s: ShopState) => ({
      id: gid("Domain", s.id),
      host: s.domain,
      url: `https://${s.domain}`,
      sslEnabled: true,
    }),
    plan: () => ({ partnerDevelopment: true, publicDisplayName: "Development", shopifyPlus: false }),
    ...metafieldResolvers("Shop"),
  },
  ShopAddress: {
    id: (s: ShopState) => gid("ShopAddress", s.id),
    address1: (s: ShopState) => s.address.address1 ?? null,
    address2: (s: ShopState) => s.address.address2 ?? null,
    city: (s: ShopState) => s.address.city ?? null,
    company: (s: ShopState) => s.address.company ?? null,
    country: (s: ShopState) => s.address.country ?? null,
    countryCodeV2: (s: ShopState) => s.address.countryCode,
    phone: (s: ShopState) => s.address.phone ?? null,
    province: (s: ShopState) => s.address.province ?? null,
    provinceCode: (s: ShopState) => s.address.provinceCode ?? null,
    zip: (s: ShopState) => s.address.zip ?? null,
    formatted: (s: ShopState, a: { withCompany?: boolean }) => addressLines(s.address, a.withCompany ?? true),
  },
  Location: {
    id: idOf("Location"),
    legacyResourceId: legacyIdOf,
    isPrimary: (l: Location, _, ctx: GqlContext) => l.id === ctx.shop.primaryLocationId,
    fulfillsOnlineOrders: () => true,
    shipsInventory: () => true,
    address: (l: Location) => l.address,
    createdAt: (l: Location) => dateTime(l.createdAt),
    updatedAt: (l: Location) => dateTime(l.createdAt),
    ...metafieldResolvers("Location"),
  },
  LocationAddress: {
    countryCode: (a: Address) => a.countryCode,
    formatted: (a: Address) => addressLines(a, false),
  },
};

export const nodeTypeResolvers: TypeResolverMap = {
  Node: (value: object) => nodeTypes.get(value),
  HasMetafields: (value: object) => nodeTypes.get(value),
};
