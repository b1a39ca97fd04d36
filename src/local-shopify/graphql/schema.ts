import {
  buildSchema,
  GraphQLScalarType,
  isAbstractType,
  isObjectType,
  Kind,
  type GraphQLSchema,
  type ValueNode,
} from "graphql";
import type { ResolverMap, TypeResolverMap } from "./context";
import { fulfillmentResolvers } from "./resolve-fulfillments";
import { orderResolvers } from "./resolve-orders";
import { productResolvers } from "./resolve-products";
import { nodeTypeResolvers, shopResolvers } from "./resolve-shop";
import { subscriptionResolvers, subscriptionTypeResolvers, type UrlPolicy } from "./resolve-subscriptions";
import { COMMON_SDL } from "./sdl-common";
import { FULFILLMENTS_SDL } from "./sdl-fulfillments";
import { ORDERS_SDL } from "./sdl-orders";
import { PRODUCTS_AND_LOCATIONS_SDL } from "./sdl-products";
import { ROOTS_SDL } from "./sdl-roots";
import { SHOP_AND_SUBSCRIPTIONS_SDL } from "./sdl-shop";

/** The Admin API schema subset, built from Shopify's SDL by graphql-js, with the local Shopify's resolvers. */

const literal = (node: ValueNode): unknown =>
  node.kind === Kind.STRING || node.kind === Kind.INT || node.kind === Kind.FLOAT ? node.value : undefined;

function scalarOverrides(): Record<string, GraphQLScalarType> {
  const text = (name: string, check?: (v: string) => string | undefined) =>
    new GraphQLScalarType({
      name,
      serialize: (v) => String(v),
      parseValue: (v) => {
        if (typeof v !== "string" && typeof v !== "number") throw new TypeError(`${name} must be a string`);
        const problem = check?.(String(v));
        if (problem) throw new TypeError(problem);
        return String(v);
      },
      parseLiteral: (node) => {
        const v = literal(node);
        if (v === undefined) throw new TypeError(`${name} must be a string`);
        const problem = check?.(String(v));
        if (problem) throw new TypeError(problem);
        return String(v);
      },
    });
  return {
    URL: text("URL", (v) => {
      try {
        new URL(v);
        return undefined;
      } catch {
        return `Invalid url '${v}', missing scheme`;
      }
    }),
    DateTime: text("DateTime", (v) => (Number.isNaN(Date.parse(v)) ? `invalid date '${v}'` : undefined)),
    UnsignedInt64: text("UnsignedInt64", (v) =>
      /^\d+$/.test(v) ? undefined : `'${v}' is not an unsigned 64-bit integer`,
    ),
    Decimal: text("Decimal", (v) => (/^-?\d+(\.\d+)?$/.test(v) ? undefined : `'${v}' is not a decimal`)),
    Money: text("Money", (v) => (/^-?\d+(\.\d+)?$/.test(v) ? undefined : `'${v}' is not an amount`)),
    ARN: text("ARN"),
  };
}

function attach(schema: GraphQLSchema, resolvers: ResolverMap, typeResolvers: TypeResolverMap): void {
  for (const [typeName, fields] of Object.entries(resolvers)) {
    const type = schema.getType(typeName);
    if (!type || !isObjectType(type)) throw new Error(`resolvers for ${typeName}, which the schema lacks`);
    const defined = type.getFields();
    for (const [fieldName, resolve] of Object.entries(fields)) {
      const field = defined[fieldName];
      if (!field) throw new Error(`a resolver for ${typeName}.${fieldName}, which the schema lacks`);
      field.resolve = resolve;
    }
  }
  for (const [typeName, resolveType] of Object.entries(typeResolvers)) {
    const type = schema.getType(typeName);
    if (!type || !isAbstractType(type))
      throw new Error(`a type resolver for ${typeName}, which is not abstract`);
    type.resolveType = resolveType;
  }
}

function merge(...maps: ResolverMap[]): ResolverMap {
  const out: ResolverMap = {};
  for (const m of maps)
    for (const [type, fields] of Object.entries(m)) out[type] = { ...out[type], ...fields };
  return out;
}

export function buildAdminSchema(policy: UrlPolicy): GraphQLSchema {
  const schema = buildSchema(
    [
      ROOTS_SDL,
      COMMON_SDL,
      SHOP_AND_SUBSCRIPTIONS_SDL,
      ORDERS_SDL,
      FULFILLMENTS_SDL,
      PRODUCTS_AND_LOCATIONS_SDL,
    ].join("\n"),
  );
  for (const [name, scalar] of Object.entries(scalarOverrides())) {
    const type = schema.getType(name) as GraphQLScalarType;
    type.serialize = scalar.serialize;
    type.parseValue = scalar.parseValue;
    type.parseLiteral = scalar.parseLiteral;
  }
  attach(
    schema,
    merge(
      shopResolvers,
      subscriptionResolvers(policy),
      orderResolvers,
      fulfillmentResolvers,
      productResolvers,
    ),
    { ...nodeTypeResolvers, ...subscriptionTypeResolvers },
  );
  return schema;
}
