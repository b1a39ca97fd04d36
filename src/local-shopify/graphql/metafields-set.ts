import { createHash } from "node:crypto";
import { gidType, parseGid } from "../ids";
import type { Metafield, Product } from "../model";
import { grants } from "../scopes";
import { accessDenied } from "./connection";
import type { GqlContext } from "./context";

/**
 * metafieldsSet as a live shop answers it (messages and codes captured from Admin API 2025-01): at most
 * 25 inputs, an existing owner, namespace and key lengths, a type for new metafields, values that fit
 * their type, compare-and-set with compareDigest; all or nothing. A product whose metafields (or whose
 * variants' metafields) change is announced with products/update.
 */

const WRITE_SCOPE: Record<string, string> = {
  Product: "write_products",
  ProductVariant: "write_products",
  Order: "write_orders",
  Location: "write_locations",
  Customer: "write_customers",
};

interface SetError {
  field: string[];
  message: string;
  code: string | null;
  elementIndex: null;
}

function valueProblem(type: string, value: string): string | undefined {
  if (value === "") return "Value can't be blank.";
  switch (type) {
    case "number_integer":
      return /^-?\d+$/.test(value) ? undefined : "Value must be an integer.";
    case "number_decimal":
      return /^-?\d+(\.\d+)?$/.test(value) ? undefined : "Value must be a decimal.";
    case "boolean":
      return value === "true" || value === "false" ? undefined : "Value must be true or false.";
    case "single_line_text_field":
      return /[\r\n]/.test(value) ? "Value must be a single line text string." : undefined;
    case "date":
      return /^\d{4}-\d{2}-\d{2}$/.test(value) ? undefined : "Value must be in YYYY-MM-DD format.";
    case "json":
      try {
        JSON.parse(value);
        return undefined;
      } catch (e) {
        return `Value is invalid JSON: ${(e as Error).message}.`;
      }
    default:
      return undefined;
  }
}

export function metafieldsSet(ctx: GqlContext, inputs: MetafieldInput[]) {
  const shop = ctx.shop;
  const err = (field: string[], message: string, code: string | null): SetError => ({
    field,
    message,
    code,
    elementIndex: null,
  });
  const fail = (e: SetError) => ({ metafields: [], userErrors: [e] });
  if (inputs.length > 25)
    return fail(
      err(["metafields"], "Exceeded the maximum metafields input limit of 25.", "LESS_THAN_OR_EQUAL_TO"),
    );

  const plans: { input: MetafieldInput; namespace: string; type: string; existing?: Metafield }[] = [];
  for (const [i, input] of inputs.entries()) {
    const at = (f: string) => ["metafields", String(i), f];
    const ownerType = gidType(input.ownerId);
    if (!ownerType || !ownerExists(ctx, ownerType, input.ownerId))
      return fail(err(at("ownerId"), "Owner does not exist.", "INVALID_VALUE"));
    const scope = WRITE_SCOPE[ownerType];
    if (scope && !grants(ctx.scopes, scope)) throw accessDenied("metafieldsSet", [scope]);
    const namespace = input.namespace ?? `app--${ctx.app.apiKey}`;
    if (namespace.length < 3)
      return fail(err(at("namespace"), "Namespace is too short (minimum is 3 characters)", "TOO_SHORT"));
    if (namespace.length > 255)
      return fail(err(at("namespace"), "Namespace is too long (maximum is 255 characters)", "TOO_LONG"));
    if (input.key.length < 2)
      return fail(err(at("key"), "Key is too short (minimum is 2 characters)", "TOO_SHORT"));
    if (input.key.length > 64)
      return fail(err(at("key"), "Key is too long (maximum is 64 characters)", "TOO_LONG"));
    const existing = shop
      .metafieldsOf(input.ownerId)
      .find((m) => m.namespace === namespace && m.key === input.key);
    const type = input.type ?? existing?.type;
    if (!type) return fail(err(at("type"), "Type can't be blank", "BLANK"));
    const problem = valueProblem(type, input.value);
    if (problem) return fail(err(at("value"), problem, "INVALID_VALUE"));
    if (input.compareDigest !== undefined && input.compareDigest !== null) {
      if (!/^[0-9a-f]{64}$/.test(input.compareDigest))
        return fail(
          err(["metafields", String(i)], "Invalid `compareDigest` value.", "INVALID_COMPARE_DIGEST"),
        );
      if (!existing || digestOf(existing) !== input.compareDigest)
        return fail(
          err(
            ["metafields", String(i)],
            "The resource has been updated since it was loaded. Try again with an updated `compareDigest` value.",
            "STALE_OBJECT",
          ),
        );
    }
    plans.push({ input, namespace, type, existing });
  }

  const now = ctx.world.clock.now();
  const saved: Metafield[] = [];
  const touched = new Set<Product>();
  for (const p of plans) {
    let m = p.existing;
    if (m && (m.value !== p.input.value || m.type !== p.type)) {
      m.value = p.input.value;
      m.type = p.type;
      m.updatedAt = now;
    } else if (!m) {
      const id = ctx.world.state.ids.next("Metafield");
      m = {
        id,
        ownerId: p.input.ownerId,
        namespace: p.namespace,
        key: p.input.key,
        type: p.type,
        value: p.input.value,
        createdAt: now,
        updatedAt: now,
      };
      shop.metafields.set(id, m);
    } else {
      saved.push(m);
      continue;
    }
    saved.push(m);
    const product = productOf(ctx, p.input.ownerId);
    if (product) touched.add(product);
  }
  for (const product of touched) {
    product.updatedAt = now;
    ctx.world.announce(shop, { topic: "products/update", product });
  }
  return { metafields: saved, userErrors: [] };
}

function ownerExists(ctx: GqlContext, type: string, id: string): boolean {
  const shop = ctx.shop;
  if (type === "Shop") return parseGid(id, "Shop") === shop.id;
  const map = {
    Product: shop.products,
    ProductVariant: shop.variants,
    Order: shop.orders,
    Location: shop.locations,
    Customer: shop.customers,
  }[type];
  const n = parseGid(id, type);
  return Boolean(map && n !== undefined && (map as Map<number, unknown>).has(n));
}

function productOf(ctx: GqlContext, ownerId: string): Product | undefined {
  const shop = ctx.shop;
  const p = parseGid(ownerId, "Product");
  if (p !== undefined) return shop.products.get(p);
  const v = parseGid(ownerId, "ProductVariant");
  const variant = v !== undefined ? shop.variants.get(v) : undefined;
  return variant ? shop.products.get(variant.productId) : undefined;
}

export interface MetafieldInput {
  ownerId: string;
  namespace?: string | null;
  key: string;
  value: string;
  type?: string | null;
  compareDigest?: string | null;
}

/** A metafield's compareDigest: changes whenever its value, type or update time does. */
export function digestOf(m: Pick<Metafield, "value" | "type" | "updatedAt">): string {
  return createHash("sha256").update(`${m.type}\u0000${m.value}\u0000${m.updatedAt.getTime()}`).digest("hex");
}
