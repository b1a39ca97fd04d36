import { createHash, randomUUID } from "node:crypto";
import { callCarrierService, type CarrierRate } from "./carrier-call";
import { parseGid } from "./ids";
import type { Address, BackupRate, CarrierService, Order } from "./model";
import { placeOrder, OrderInputError } from "./orders";
import type { ShopState } from "./store";
import type { World } from "./world";

/**
 * Checkout through carrier services: what Shopify does when a buyer reaches the shipping step. It builds
 * the `rate` request (origin: the shop's location; the destination; the items that need shipping), calls
 * every active carrier service of the shop, and shows their rates, or the shop's backup rates for a
 * carrier that failed. Successful answers are cached 15 minutes and failures 30 seconds for identical
 * requests (same carrier service, origin, destination, variants, quantities and weights), as Shopify does.
 */

export interface CheckoutSettings {
  /** Shopify waits at most 10 s for a callback (less under heavy load). */
  carrierTimeoutMs: number;
  /** Shopify's own rate cache; switch it off to see every request reach the app. */
  rateCache: boolean;
}

export interface CheckoutInput {
  lines: { variantId?: string | number; sku?: string; quantity: number }[];
  destination: Address & { name?: string };
  customer?: { id?: number; tags?: string[] };
  email?: string;
  locale?: string;
  /** Cents taken off the order by discounts. */
  discount?: number;
}

export interface ShownRate {
  /** What to give when placing the order from this checkout. */
  handle: string;
  source: "carrier" | "backup";
  carrierServiceId?: number;
  carrierName?: string;
  serviceName: string;
  serviceCode: string;
  totalPrice: number;
  currency: string;
  description?: string;
  minDeliveryDate?: string;
  maxDeliveryDate?: string;
  phoneRequired?: boolean;
}

export interface CarrierOutcome {
  carrierServiceId: number;
  name: string;
  callbackUrl: string;
  outcome: "rates" | "backup";
  cached: boolean;
  status?: number;
  reason?: string;
  durationMs: number;
  rates: CarrierRate[];
}

export interface Checkout {
  id: string;
  shop: string;
  input: CheckoutInput;
  /** The JSON body sent to the callbacks. */
  request: unknown;
  carriers: CarrierOutcome[];
  rates: ShownRate[];
  backupRatesUsed: boolean;
  reason?: string;
  createdAt: string;
}

interface CacheEntry {
  expiresAt: number;
  answer: { ok: true; status: number; rates: CarrierRate[] } | { ok: false; status?: number; reason: string };
}

const SUCCESS_TTL_MS = 15 * 60_000;
const FAILURE_TTL_MS = 30_000;
const KEPT_CHECKOUTS = 200;

export class CheckoutDesk {
  private readonly cache = new Map<string, CacheEntry>();
  private readonly checkouts = new Map<string, Checkout>();

  constructor(
    private readonly world: World,
    readonly settings: CheckoutSettings,
  ) {}

  clearCache(): void {
    this.cache.clear();
  }

  reset(): void {
    this.cache.clear();
    this.checkouts.clear();
  }

  get(id: string): Checkout | undefined {
    return this.checkouts.get(id);
  }

  async quote(shop: ShopState, input: CheckoutInput): Promise<Checkout> {
    const lines = input.lines.map((l, i) => {
      const variant =
        l.variantId !== undefined
          ? shop.variants.get(
              typeof l.variantId === "number"
                ? l.variantId
                : (parseGid(l.variantId, "ProductVariant") ?? Number(l.variantId)),
            )
          : [...shop.variants.values()].find((v) => v.sku === l.sku);
      if (!variant) throw new OrderInputError(`line ${i + 1}: no such variant in ${shop.domain}`);
      if (!Number.isInteger(l.quantity) || l.quantity < 1)
        throw new OrderInputError(`line ${i + 1}: quantity must be a whole number of 1 or more`);
      return { variant, product: shop.products.get(variant.productId)!, quantity: l.quantity };
    });
    if (!lines.length) throw new OrderInputError("a checkout needs at least one line");
    if (!input.destination?.countryCode) throw new OrderInputError("the destination needs a countryCode");

    const loc = shop.primaryLocation().address;
    const subtotal = lines.reduce((s, l) => s + l.variant.price * l.quantity, 0);
    const d = input.destination;
    const rate = {
      origin: {
        country: loc.countryCode,
        postal_code: loc.zip ?? null,
        province: loc.provinceCode ?? null,
        city: loc.city ?? null,
        name: null,
        address1: loc.address1 ?? null,
        address2: loc.address2 ?? "",
        address3: null,
        phone: null,
        fax: null,
        email: null,
        address_type: null,
        company_name: loc.company ?? shop.name,
      },
      destination: {
        country: d.countryCode,
        postal_code: d.zip ?? null,
        province: d.provinceCode ?? null,
        city: d.city ?? null,
        name: d.name ?? ([d.firstName, d.lastName].filter(Boolean).join(" ") || null),
        address1: d.address1 ?? null,
        address2: d.address2 ?? "",
        address3: null,
        phone: d.phone ?? null,
        fax: null,
        email: null,
        address_type: null,
        company_name: d.company ?? null,
      },
      items: lines
        .filter((l) => l.variant.requiresShipping)
        .map((l) => ({
          name:
            l.variant.title === "Default Title" ? l.product.title : `${l.product.title} - ${l.variant.title}`,
          sku: l.variant.sku,
          quantity: l.quantity,
          grams: l.variant.grams,
          price: l.variant.price,
          vendor: l.product.vendor,
          requires_shipping: l.variant.requiresShipping,
          taxable: l.variant.taxable,
          fulfillment_service: "manual",
          properties: null,
          product_id: l.product.id,
          variant_id: l.variant.id,
        })),
      currency: shop.currency,
      locale: input.locale ?? "en",
      order_totals: {
        subtotal_price: String(subtotal),
        total_price: String(subtotal - (input.discount ?? 0)),
        discount_amount: String(input.discount ?? 0),
      },
      customer: input.customer ? { id: input.customer.id ?? null, tags: input.customer.tags ?? [] } : null,
    };
    const body = JSON.stringify({ rate });

    const services = [...shop.carrierServices.values()].filter((s) => s.active);
    const carriers = await Promise.all(services.map((s) => this.ask(shop, s, body, rate)));
    const shown: ShownRate[] = [];
    for (const c of carriers)
      if (c.outcome === "rates")
        for (const r of c.rates)
          shown.push({
            handle: `${c.carrierServiceId}-${r.serviceCode}`,
            source: "carrier",
            carrierServiceId: c.carrierServiceId,
            carrierName: c.name,
            ...r,
          });
    const failed = carriers.filter((c) => c.outcome === "backup");
    if (failed.length)
      backupRatesFor(shop.backupRates, d.countryCode).forEach((b, i) =>
        shown.push({
          handle: `backup-${i}`,
          source: "backup",
          serviceName: b.name,
          serviceCode: "Shipping",
          totalPrice: b.price,
          currency: shop.currency,
        }),
      );
    const checkout: Checkout = {
      id: randomUUID(),
      shop: shop.domain,
      input,
      request: { rate },
      carriers,
      rates: cheapestByName(shown),
      backupRatesUsed: failed.length > 0,
      reason: failed.length
        ? failed.map((c) => `${c.name}: ${c.reason}`).join("; ")
        : services.length
          ? undefined
          : "the shop has no active carrier service",
      createdAt: this.world.clock.now().toISOString(),
    };
    this.checkouts.set(checkout.id, checkout);
    if (this.checkouts.size > KEPT_CHECKOUTS) this.checkouts.delete(this.checkouts.keys().next().value!);
    return checkout;
  }

  /** Places the order the buyer completes with one of the checkout's rates (by handle or service code). */
  placeOrder(
    checkout: Checkout,
    choice: string | undefined,
    extra: { email?: string; test?: boolean } = {},
  ): Order {
    const shop = this.world.state.shop(checkout.shop);
    if (!shop) throw new OrderInputError(`the shop ${checkout.shop} is gone`);
    const rate = choice
      ? checkout.rates.find(
          (r) => r.handle === choice || r.serviceCode === choice || r.serviceName === choice,
        )
      : checkout.rates[0];
    if (!rate)
      throw new OrderInputError(
        `no rate "${choice ?? ""}" in checkout ${checkout.id}; it offered: ${checkout.rates.map((r) => r.handle).join(", ") || "nothing"}`,
      );
    const service =
      rate.carrierServiceId !== undefined ? shop.carrierServices.get(rate.carrierServiceId) : undefined;
    const d = checkout.input.destination;
    return placeOrder(this.world, shop, {
      lines: checkout.input.lines.map((l) => ({
        variantId:
          l.variantId !== undefined
            ? typeof l.variantId === "number"
              ? l.variantId
              : (parseGid(l.variantId, "ProductVariant") ?? Number(l.variantId))
            : [...shop.variants.values()].find((v) => v.sku === l.sku)!.id,
        quantity: l.quantity,
      })),
      email: extra.email ?? checkout.input.email,
      customer:
        (extra.email ?? checkout.input.email)
          ? { email: (extra.email ?? checkout.input.email)!, firstName: d.firstName, lastName: d.lastName }
          : undefined,
      shippingAddress: {
        ...d,
        name: d.name ?? ([d.firstName, d.lastName].filter(Boolean).join(" ") || undefined),
      },
      shippingLine:
        rate.source === "carrier"
          ? {
              code: rate.serviceCode,
              title: rate.serviceName,
              source: rate.carrierName!,
              carrierIdentifier: service?.carrierIdentifier,
              price: rate.totalPrice,
            }
          : { code: "Shipping", title: rate.serviceName, source: "shopify", price: rate.totalPrice },
      test: extra.test,
      checkoutId: checkout.id,
    });
  }

  private async ask(
    shop: ShopState,
    service: CarrierService,
    body: string,
    rate: RateKeyParts,
  ): Promise<CarrierOutcome> {
    const key = cacheKey(service, rate);
    const now = this.world.clock.now().getTime();
    const hit = this.settings.rateCache ? this.cache.get(key) : undefined;
    const base = { carrierServiceId: service.id, name: service.name, callbackUrl: service.callbackUrl };
    if (hit && hit.expiresAt > now) {
      const a = hit.answer;
      return a.ok
        ? { ...base, outcome: "rates", cached: true, status: a.status, durationMs: 0, rates: a.rates }
        : {
            ...base,
            outcome: "backup",
            cached: true,
            status: a.status,
            reason: a.reason,
            durationMs: 0,
            rates: [],
          };
    }
    const app = this.world.state.apps.get(service.apiKey);
    const answer = app
      ? await callCarrierService(service, shop.domain, app.apiSecret, body, this.settings.carrierTimeoutMs)
      : { ok: false as const, reason: "the app that created the carrier service is gone", durationMs: 0 };
    if (this.settings.rateCache)
      this.cache.set(key, { expiresAt: now + (answer.ok ? SUCCESS_TTL_MS : FAILURE_TTL_MS), answer });
    return answer.ok
      ? {
          ...base,
          outcome: "rates",
          cached: false,
          status: answer.status,
          durationMs: answer.durationMs,
          rates: answer.rates,
        }
      : {
          ...base,
          outcome: "backup",
          cached: false,
          status: answer.status,
          reason: answer.reason,
          durationMs: answer.durationMs,
          rates: [],
        };
  }
}

interface RateKeyParts {
  origin: unknown;
  destination: unknown;
  items: { variant_id: number; quantity: number; grams: number }[];
}

function cacheKey(service: CarrierService, rate: RateKeyParts): string {
  const items = rate.items.map((i) => [i.variant_id, i.quantity, i.grams]);
  return createHash("sha256")
    .update(JSON.stringify([service.id, service.callbackUrl, rate.origin, rate.destination, items]))
    .digest("hex");
}

/**
 * The backup rates a destination gets: those naming its country, and those naming no country when no
 * rate names it.
 */
export function backupRatesFor(rates: BackupRate[], country: string): BackupRate[] {
  const named = rates.filter((r) => r.countries?.includes(country));
  return named.length ? named : rates.filter((r) => !r.countries?.length);
}

/** Shopify keeps the cheapest of rates sharing a name, and lists them cheapest first. */
function cheapestByName(rates: ShownRate[]): ShownRate[] {
  const best = new Map<string, ShownRate>();
  for (const r of rates) {
    const seen = best.get(r.serviceName);
    if (!seen || r.totalPrice < seen.totalPrice) best.set(r.serviceName, r);
  }
  return [...best.values()].sort((a, b) => a.totalPrice - b.totalPrice);
}
