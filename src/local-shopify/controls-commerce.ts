import type { CheckoutInput } from "./checkout";
import { ControlError, pickShop, type Body } from "./control-helpers";
import {
  addFulfillmentEvent,
  cancelFulfillment,
  createFulfillment,
  displayStatusOf,
  trackingFrom,
} from "./fulfillments";
import { gid, parseGid } from "./ids";
import { FULFILLMENT_EVENT_STATUSES, type Address, type FulfillmentEvent, type Order } from "./model";
import { cancelOrder, displayFulfillmentStatus, placeOrder, totalOf } from "./orders";
import { centsOf } from "./formats";
import { addProduct } from "./seed";
import type { Runtime } from "./server";
import type { ShopState } from "./store";

/**
 * What buyers and merchants do, as controls: a checkout through the carrier services, placing an order
 * from it, cancelling orders and fulfillments "in Shopify's admin", fulfilling by hand, carrier tracking
 * events, and adding or editing products. Each fires the webhooks Shopify would.
 */

type Answer = { status: number; json: unknown };

/** A destination as Shopify's rate request names it (country, postal_code...) or as an Address. */
export function addressFrom(v: unknown): Address & { name?: string } {
  const a = (v ?? {}) as Record<string, string | undefined>;
  const countryCode = (a.countryCode ?? a.country_code ?? a.country)?.toUpperCase();
  if (!countryCode) throw new ControlError(400, 'the address needs "country" (a two-letter code)');
  return {
    name: a.name,
    firstName: a.firstName ?? a.first_name,
    lastName: a.lastName ?? a.last_name,
    company: a.company ?? a.company_name,
    address1: a.address1,
    address2: a.address2,
    city: a.city,
    province: a.provinceName ?? a.province_name,
    provinceCode: a.provinceCode ?? a.province_code ?? a.province,
    zip: a.zip ?? a.postal_code ?? a.postalCode,
    countryCode,
    country: a.countryName ?? a.country_name,
    phone: a.phone,
  };
}

function linesFrom(v: unknown): { variantId?: string | number; sku?: string; quantity: number }[] {
  if (!Array.isArray(v) || !v.length)
    throw new ControlError(400, '"lines" is a list of { "variantId" or "sku", "quantity" }');
  return v.map((l: Record<string, unknown>) => ({
    variantId: (l.variantId ?? l.variant_id) as string | number | undefined,
    sku: l.sku as string | undefined,
    quantity: Number(l.quantity ?? 1),
  }));
}

export function orderSummary(shop: ShopState, o: Order) {
  return {
    id: gid("Order", o.id),
    name: o.name,
    email: o.email ?? null,
    displayFulfillmentStatus: displayFulfillmentStatus(shop, o),
    cancelledAt: o.cancelledAt?.toISOString() ?? null,
    totalPrice: totalOf(o),
    shippingLine: o.shippingLine ?? null,
    shippingAddress: o.shippingAddress ?? null,
    lineItems: o.lineItems.map((l) => ({
      id: gid("LineItem", l.id),
      sku: l.sku,
      quantity: l.quantity,
      variantId: l.variantId ? gid("ProductVariant", l.variantId) : null,
    })),
    fulfillmentOrders: shop.fulfillmentOrdersOf(o).map((fo) => ({
      id: gid("FulfillmentOrder", fo.id),
      status: fo.status,
      deliveryMethod: fo.delivery,
      lineItems: fo.lines.map((l) => ({
        id: gid("FulfillmentOrderLineItem", l.id),
        lineItemId: gid("LineItem", l.lineItemId),
        totalQuantity: l.totalQuantity,
        remainingQuantity: l.remainingQuantity,
      })),
    })),
    fulfillments: shop.fulfillmentsOf(o).map((f) => ({
      id: gid("Fulfillment", f.id),
      status: f.status,
      displayStatus: displayStatusOf(f),
      tracking: f.tracking,
    })),
  };
}

function findIn<T>(map: Map<number, T>, id: string, type: string): T {
  const n = parseGid(decodeURIComponent(id), type) ?? Number(id);
  const found = map.get(n);
  if (!found) throw new ControlError(404, `no ${type} ${id}`);
  return found;
}

export async function commerceControl(
  rt: Runtime,
  domain: string,
  method: string,
  name: string,
  body: Body,
): Promise<Answer> {
  const ok = (json: unknown, status = 200) => ({ status, json });
  const world = rt.world;
  const [head, id, action] = name.split("/");
  const shop = () => pickShop(rt, body, domain);

  if (method === "POST" && name === "checkout") {
    const input: CheckoutInput = {
      lines: linesFrom(body.lines),
      destination: addressFrom(body.destination),
      customer: body.customer as CheckoutInput["customer"],
      email: body.email as string | undefined,
      locale: body.locale as string | undefined,
      discount: body.discount === undefined ? undefined : Number(body.discount),
    };
    return ok(await rt.checkout.quote(shop(), input), 201);
  }
  if (method === "GET" && head === "checkouts" && id) {
    const c = rt.checkout.get(id);
    if (!c) throw new ControlError(404, `no checkout ${id}`);
    return ok(c);
  }
  if (method === "POST" && name === "orders") {
    if (typeof body.checkoutId === "string") {
      const checkout = rt.checkout.get(body.checkoutId);
      if (!checkout) throw new ControlError(404, `no checkout ${body.checkoutId}`);
      const order = rt.checkout.placeOrder(checkout, body.rate as string | undefined, {
        email: body.email as string | undefined,
      });
      return ok(orderSummary(world.state.shop(checkout.shop)!, order), 201);
    }
    const s = shop();
    const line = body.shippingLine as Record<string, unknown> | undefined;
    const order = placeOrder(world, s, {
      lines: linesFrom(body.lines).map((l) => ({
        variantId:
          l.variantId !== undefined
            ? (parseGid(l.variantId, "ProductVariant") ?? Number(l.variantId))
            : [...s.variants.values()].find((v) => v.sku === l.sku)?.id,
        quantity: l.quantity,
      })),
      email: body.email as string | undefined,
      customer: typeof body.email === "string" ? { email: body.email } : undefined,
      shippingAddress: body.shippingAddress ? addressFrom(body.shippingAddress) : undefined,
      shippingLine: line
        ? {
            code: String(line.code),
            title: String(line.title ?? line.code),
            source: String(line.source ?? "shopify"),
            carrierIdentifier: line.carrierIdentifier as string | undefined,
            price: centsOf(line.price) ?? Number(line.price ?? 0),
          }
        : undefined,
    });
    return ok(orderSummary(s, order), 201);
  }
  if (method === "POST" && head === "orders" && id && action === "cancel") {
    const s = shop();
    const order = cancelOrder(
      world,
      s,
      findIn(s.orders, id, "Order"),
      (body.reason as Order["cancelReason"]) ?? "OTHER",
    );
    return ok(orderSummary(s, order));
  }
  if (method === "POST" && head === "orders" && id && action === "fulfill") {
    // The merchant fulfils in Shopify's admin: every open fulfillment order, or the lines named.
    const s = shop();
    const order = findIn(s.orders, id, "Order");
    const open = s
      .fulfillmentOrdersOf(order)
      .filter((fo) => fo.status === "OPEN" || fo.status === "IN_PROGRESS");
    const lines = Array.isArray(body.lines) ? (body.lines as { id: string; quantity: number }[]) : undefined;
    const groups = lines
      ? open
          .map((fo) => ({
            fulfillmentOrderId: gid("FulfillmentOrder", fo.id),
            lines: lines.filter((l) => fo.lines.some((x) => gid("FulfillmentOrderLineItem", x.id) === l.id)),
          }))
          .filter((g) => g.lines.length)
      : open.map((fo) => ({ fulfillmentOrderId: gid("FulfillmentOrder", fo.id) }));
    const result = createFulfillment(world, s, {
      groups,
      tracking: trackingFrom({
        company: body.trackingCompany as string | undefined,
        number: body.trackingNumber as string | undefined,
        url: body.trackingUrl as string | undefined,
      }),
      notifyCustomer: body.notifyCustomer === true,
      createdBy: "admin",
    });
    if (!result.fulfillment) throw new ControlError(422, result.userErrors.map((e) => e.message).join("; "));
    return ok(
      { fulfillment: { id: gid("Fulfillment", result.fulfillment.id) }, order: orderSummary(s, order) },
      201,
    );
  }
  if (method === "POST" && head === "fulfillments" && id && action === "cancel") {
    // The merchant cancels a fulfillment in Shopify's admin (fulfillments/update follows).
    const s = shop();
    const f = findIn(s.fulfillments, id, "Fulfillment");
    cancelFulfillment(world, s, f);
    return ok(orderSummary(s, s.orders.get(f.orderId)!));
  }
  if (method === "POST" && head === "fulfillments" && id && action === "events") {
    // A carrier scan Shopify learns of by itself (it tracks Canada Post, UPS... without the app).
    const s = shop();
    const f = findIn(s.fulfillments, id, "Fulfillment");
    const status = String(body.status);
    if (!(FULFILLMENT_EVENT_STATUSES as readonly string[]).includes(status))
      throw new ControlError(400, `"status" is one of ${FULFILLMENT_EVENT_STATUSES.join(", ")}`);
    const happenedAt = body.happenedAt ? new Date(String(body.happenedAt)) : world.clock.now();
    const e = addFulfillmentEvent(world, s, f, {
      status: status as FulfillmentEvent["status"],
      happenedAt,
      message: body.message as string | undefined,
    });
    return ok(
      { id: gid("FulfillmentEvent", e.id), status: e.status, displayStatus: displayStatusOf(f) },
      201,
    );
  }
  if (method === "POST" && name === "products") {
    const s = shop();
    const price = centsOf(body.price);
    if (
      typeof body.title !== "string" ||
      typeof body.sku !== "string" ||
      price === undefined ||
      !(Number(body.grams) >= 0)
    )
      throw new ControlError(400, 'a product needs "title", "sku", "price" ("18.00") and "grams"');
    const product = addProduct(
      world.state,
      s,
      {
        title: body.title,
        sku: body.sku,
        price,
        grams: Number(body.grams),
        dimensionsCm: body.dimensionsCm as never,
        hsCode: body.hsCode as string | undefined,
        countryOfOrigin: body.countryOfOrigin as string | undefined,
      },
      world.clock.now(),
    );
    world.announce(s, { topic: "products/create", product });
    return ok(
      { id: gid("Product", product.id), variantId: gid("ProductVariant", product.variantIds[0]!) },
      201,
    );
  }
  if (method === "POST" && head === "products" && id && !action) {
    const s = shop();
    const product = findIn(s.products, id, "Product");
    const variant = s.variants.get(product.variantIds[0]!)!;
    const now = world.clock.now();
    if (typeof body.title === "string") product.title = body.title;
    if (body.price !== undefined) variant.price = centsOf(body.price) ?? variant.price;
    if (body.grams !== undefined) variant.grams = Number(body.grams);
    if (typeof body.sku === "string") variant.sku = body.sku;
    product.updatedAt = variant.updatedAt = now;
    world.announce(s, { topic: "products/update", product });
    return ok({ id: gid("Product", product.id) });
  }
  throw new ControlError(404, `no control ${method} /__shopify/${name}; see the local Shopify README`);
}
