import type { GraphQLFieldResolver, GraphQLTypeResolver } from "graphql";
import { decimalAmount } from "../formats";
import { gid, parseGid } from "../ids";
import type { App, Metafield } from "../model";
import { grantsAny } from "../scopes";
import type { ShopState } from "../store";
import type { World } from "../world";
import { accessDenied, connection, type PageArgs } from "./connection";

/** What every resolver of one Admin API call sees: the shop, the calling app and its granted scopes. */
export interface GqlContext {
  world: World;
  shop: ShopState;
  app: App;
  scopes: string[];
  apiVersion: string;
}

// The resolvers' sources are the local Shopify's own records, of many shapes.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Resolver = GraphQLFieldResolver<any, GqlContext, any>;
export type ResolverMap = Record<string, Record<string, Resolver>>;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type TypeResolverMap = Record<string, GraphQLTypeResolver<any, GqlContext>>;

export function requireScope(ctx: GqlContext, field: string, anyOf: readonly string[]): void {
  if (!grantsAny(ctx.scopes, anyOf)) throw accessDenied(field, anyOf);
}

/** The Node type each record handed out through node(id:)/nodes(ids:) was looked up as. */
export const nodeTypes = new WeakMap<object, string>();

export function asNode<T extends object>(value: T | undefined, type: string): T | undefined {
  if (value) nodeTypes.set(value, type);
  return value;
}

export function moneyBag(ctx: GqlContext, cents: number) {
  const money = { amount: decimalAmount(cents), currencyCode: ctx.shop.currency };
  return { shopMoney: money, presentmentMoney: { ...money } };
}

/** The id resolver of a type whose records carry a numeric `id`. */
export const idOf =
  (type: string): Resolver =>
  (x: { id: number }) =>
    gid(type, x.id);

export const legacyIdOf: Resolver = (x: { id: number }) => x.id;

/** HasMetafields: metafield(namespace, key) and metafields(namespace, keys, first...) of the owner's gid. */
export function metafieldResolvers(type: string): Record<string, Resolver> {
  const owner = (x: { id: number }) => gid(type, x.id);
  return {
    metafield: (x, a: { namespace?: string | null; key: string }, ctx: GqlContext) => {
      const [ns, key] = a.namespace ? [a.namespace, a.key] : splitKey(a.key, ctx);
      return ctx.shop.metafieldsOf(owner(x)).find((m) => m.namespace === ns && m.key === key) ?? null;
    },
    metafields: (x, a: PageArgs & { namespace?: string | null; keys?: string[] | null }, ctx: GqlContext) => {
      let list: Metafield[] = ctx.shop.metafieldsOf(owner(x));
      if (a.namespace) list = list.filter((m) => m.namespace === a.namespace);
      if (a.keys?.length)
        list = list.filter((m) =>
          a.keys!.some((k) => k === `${m.namespace}.${m.key}` || (a.namespace && k === m.key)),
        );
      return connection(
        list.sort((p, q) => p.id - q.id),
        a,
        (m) => m.id,
      );
    },
  };
}

/** "namespace.key", or a bare key in the app's own namespace ($app). */
function splitKey(key: string, ctx: GqlContext): [string, string] {
  const dot = key.lastIndexOf(".");
  return dot > 0 ? [key.slice(0, dot), key.slice(dot + 1)] : [`app--${ctx.app.apiKey}`, key];
}

/** Looks a record up by gid in one of the shop's maps (undefined for another type or an unknown id). */
export function find<T>(map: Map<number, T>, id: unknown, type: string): T | undefined {
  const n = parseGid(id, type);
  return n === undefined ? undefined : map.get(n);
}
