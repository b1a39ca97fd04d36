import { displayFulfillmentStatus, fulfilledQuantities, subtotalOf, totalOf, weightOf } from "./orders";
import { displayStatusOf, fulfillmentName, latestEvent } from "./fulfillments";
import { moneyAmount, restTime } from "./formats";
import { gid } from "./ids";
import type { Address, Fulfillment, LineItem, Order, Product } from "./model";
import type { ShopState } from "./store";

/**
 * Webhook bodies in the shape of Shopify's REST resources (snake_case, prices as "12.34" strings, money
 * sets with shop_money and presentment_money, times in the shop's zone), as Shopify sends them for
 * orders/*, fulfillments/*, products/* and app/uninstalled.
 */

type Json = Record<string, unknown>;

function moneySet(shop: ShopState, cents: number): Json {
  const m = { amount: moneyAmount(cents), currency_code: shop.currency };
  return { shop_money: m, presentment_money: { ...m } };
}

function addressJson(a: Address | undefined): Json | null {
  if (!a) return null;
  return {
    first_name: a.firstName ?? null,
    address1: a.address1 ?? null,
    phone: a.phone ?? null,
    city: a.city ?? null,
    zip: a.zip ?? null,
    province: a.province ?? null,
    country: a.country ?? null,
    last_name: a.lastName ?? null,
    address2: a.address2 ?? null,
    company: a.company ?? null,
    latitude: null,
    longitude: null,
    name: a.name ?? ([a.firstName, a.lastName].filter(Boolean).join(" ") || null),
    country_code: a.countryCode,
    province_code: a.provinceCode ?? null,
  };
}

function lineItemJson(shop: ShopState, order: Order, l: LineItem, done: Map<number, number>): Json {
  const fulfilled = done.get(l.id) ?? 0;
  return {
    id: l.id,
    admin_graphql_api_id: gid("LineItem", l.id),
    fulfillable_quantity: order.cancelledAt ? 0 : Math.max(0, l.quantity - fulfilled),
    fulfillment_service: "manual",
    fulfillment_status: fulfilled === 0 ? null : fulfilled >= l.quantity ? "fulfilled" : "partial",
    gift_card: false,
    grams: l.grams,
    name: l.variantTitle ? `${l.title} - ${l.variantTitle}` : l.title,
    price: moneyAmount(l.price),
    price_set: moneySet(shop, l.price),
    product_exists: l.productId !== undefined,
    product_id: l.productId ?? null,
    properties: [],
    quantity: l.quantity,
    current_quantity: order.cancelledAt ? 0 : l.quantity,
    requires_shipping: l.requiresShipping,
    sku: l.sku,
    taxable: l.taxable,
    title: l.title,
    total_discount: "0.00",
    total_discount_set: moneySet(shop, 0),
    variant_id: l.variantId ?? null,
    variant_inventory_management: l.variantId !== undefined ? "shopify" : null,
    variant_title: l.variantTitle ?? null,
    vendor: l.vendor,
    tax_lines: [],
    duties: [],
    discount_allocations: [],
  };
}

export function orderPayload(shop: ShopState, order: Order): Json {
  const tz = shop.ianaTimezone;
  const done = fulfilledQuantities(shop, order);
  const status = displayFulfillmentStatus(shop, order);
  const customer = order.customerId !== undefined ? shop.customers.get(order.customerId) : undefined;
  const subtotal = subtotalOf(order);
  const total = totalOf(order);
  const shipping = order.shippingLine?.price ?? 0;
  return {
    id: order.id,
    admin_graphql_api_id: gid("Order", order.id),
    app_id: null,
    browser_ip: null,
    buyer_accepts_marketing: false,
    cancel_reason: order.cancelReason?.toLowerCase() ?? null,
    cancelled_at: restTime(order.cancelledAt, tz),
    closed_at: restTime(order.closedAt, tz),
    confirmed: true,
    contact_email: order.email ?? null,
    created_at: restTime(order.createdAt, tz),
    currency: order.currency,
    current_subtotal_price: moneyAmount(subtotal),
    current_subtotal_price_set: moneySet(shop, subtotal),
    current_total_price: moneyAmount(total),
    current_total_price_set: moneySet(shop, total),
    current_total_tax: "0.00",
    current_total_tax_set: moneySet(shop, 0),
    customer_locale: "en",
    discount_codes: [],
    email: order.email ?? "",
    estimated_taxes: false,
    financial_status: "paid",
    fulfillment_status:
      status === "FULFILLED" ? "fulfilled" : status === "PARTIALLY_FULFILLED" ? "partial" : null,
    name: order.name,
    note: order.note ?? null,
    note_attributes: [],
    number: order.number - 1000,
    order_number: order.number,
    order_status_url: `https://${shop.domain}/${shop.id}/orders/${order.id}/authenticate`,
    phone: order.phone ?? null,
    presentment_currency: order.currency,
    processed_at: restTime(order.createdAt, tz),
    source_name: "web",
    subtotal_price: moneyAmount(subtotal),
    subtotal_price_set: moneySet(shop, subtotal),
    tags: order.tags.join(", "),
    tax_lines: [],
    taxes_included: false,
    test: order.test,
    total_discounts: "0.00",
    total_discounts_set: moneySet(shop, 0),
    total_line_items_price: moneyAmount(subtotal),
    total_line_items_price_set: moneySet(shop, subtotal),
    total_outstanding: "0.00",
    total_price: moneyAmount(total),
    total_price_set: moneySet(shop, total),
    total_shipping_price_set: moneySet(shop, shipping),
    total_tax: "0.00",
    total_tax_set: moneySet(shop, 0),
    total_weight: weightOf(order),
    updated_at: restTime(order.updatedAt, tz),
    billing_address: addressJson(order.billingAddress),
    customer: customer
      ? {
          id: customer.id,
          email: customer.email,
          first_name: customer.firstName ?? null,
          last_name: customer.lastName ?? null,
          phone: customer.phone ?? null,
          tags: customer.tags.join(", "),
          admin_graphql_api_id: gid("Customer", customer.id),
        }
      : null,
    fulfillments: shop.fulfillmentsOf(order).map((f) => fulfillmentPayload(shop, f)),
    line_items: order.lineItems.map((l) => lineItemJson(shop, order, l, done)),
    refunds: [],
    shipping_address: addressJson(order.shippingAddress),
    shipping_lines: order.shippingLine
      ? [
          {
            id: order.shippingLine.id,
            carrier_identifier: order.shippingLine.carrierIdentifier ?? null,
            code: order.shippingLine.code,
            discounted_price: moneyAmount(order.shippingLine.price),
            discounted_price_set: moneySet(shop, order.shippingLine.price),
            phone: order.shippingLine.phone ?? null,
            price: moneyAmount(order.shippingLine.price),
            price_set: moneySet(shop, order.shippingLine.price),
            requested_fulfillment_service_id: null,
            source: order.shippingLine.source,
            title: order.shippingLine.title,
            tax_lines: [],
            discount_allocations: [],
          },
        ]
      : [],
  };
}

export function fulfillmentPayload(shop: ShopState, f: Fulfillment): Json {
  const tz = shop.ianaTimezone;
  const order = shop.orders.get(f.orderId)!;
  const done = fulfilledQuantities(shop, order);
  const event = latestEvent(f);
  const first = f.tracking[0];
  return {
    id: f.id,
    admin_graphql_api_id: gid("Fulfillment", f.id),
    created_at: restTime(f.createdAt, tz),
    location_id: f.locationId,
    name: fulfillmentName(order, f),
    order_id: order.id,
    origin_address: {},
    receipt: {},
    service: "manual",
    shipment_status: event ? event.status.toLowerCase() : null,
    status: f.status === "CANCELLED" ? "cancelled" : "success",
    tracking_company: first?.company ?? null,
    tracking_number: first?.number || null,
    tracking_numbers: f.tracking.map((t) => t.number).filter(Boolean),
    tracking_url: first?.url ?? null,
    tracking_urls: f.tracking.map((t) => t.url).filter(Boolean),
    updated_at: restTime(f.updatedAt, tz),
    line_items: f.lines.map((fl) => {
      const l = order.lineItems.find((x) => x.id === fl.lineItemId)!;
      return { ...lineItemJson(shop, order, l, done), quantity: fl.quantity };
    }),
    display_status: displayStatusOf(f).toLowerCase(),
  };
}

export function productPayload(shop: ShopState, p: Product): Json {
  const tz = shop.ianaTimezone;
  const variants = shop.variantsOf(p);
  return {
    admin_graphql_api_id: gid("Product", p.id),
    body_html: "",
    created_at: restTime(p.createdAt, tz),
    handle: p.handle,
    id: p.id,
    product_type: p.productType,
    published_at: restTime(p.createdAt, tz),
    template_suffix: null,
    title: p.title,
    updated_at: restTime(p.updatedAt, tz),
    vendor: p.vendor,
    status: p.status.toLowerCase(),
    published_scope: "global",
    tags: p.tags.join(", "),
    variants: variants.map((v) => ({
      admin_graphql_api_id: gid("ProductVariant", v.id),
      barcode: v.barcode ?? null,
      compare_at_price: v.compareAtPrice !== undefined ? moneyAmount(v.compareAtPrice) : null,
      created_at: restTime(v.createdAt, tz),
      id: v.id,
      inventory_policy: "deny",
      position: v.position,
      price: moneyAmount(v.price),
      product_id: p.id,
      sku: v.sku,
      taxable: v.taxable,
      title: v.title,
      updated_at: restTime(v.updatedAt, tz),
      option1: v.title,
      option2: null,
      option3: null,
      image_id: null,
      inventory_item_id: v.inventoryItemId,
      inventory_quantity: v.inventoryQuantity,
      old_inventory_quantity: v.inventoryQuantity,
    })),
    options: [
      { name: "Title", id: p.id + 1, product_id: p.id, position: 1, values: variants.map((v) => v.title) },
    ],
    images: [],
    image: null,
    media: [],
    variant_gids: variants.map((v) => ({
      admin_graphql_api_id: gid("ProductVariant", v.id),
      updated_at: v.updatedAt.toISOString(),
    })),
  };
}

/** The shop resource: the body of app/uninstalled. */
export function shopPayload(shop: ShopState): Json {
  const a = shop.address;
  return {
    id: shop.id,
    name: shop.name,
    email: shop.email,
    domain: shop.domain,
    province: a.province ?? null,
    country: a.countryCode,
    address1: a.address1 ?? null,
    zip: a.zip ?? null,
    city: a.city ?? null,
    phone: a.phone ?? null,
    address2: a.address2 ?? null,
    country_code: a.countryCode,
    country_name: a.country ?? null,
    currency: shop.currency,
    customer_email: shop.email,
    iana_timezone: shop.ianaTimezone,
    shop_owner: `${shop.staff.firstName} ${shop.staff.lastName}`,
    weight_unit: "kg",
    province_code: a.provinceCode ?? null,
    plan_display_name: "Development",
    plan_name: "partner_test",
    myshopify_domain: shop.domain,
    primary_location_id: shop.primaryLocationId,
  };
}
