import type {
  DeliveryCheckResponse,
  GuestTrackingResponse,
  OrderTrackingResponse,
  StorefrontLanguage,
} from "./types";

/**
 * The plugin's two store routes through Medusa's JS SDK (`@medusajs/js-sdk`): the SDK adds the
 * publishable key, the customer's token and the backend URL. Typed by the little of the SDK they use, so
 * any `new Medusa({...})` (or a stand-in in tests) will do.
 */
export interface StorefrontSdk {
  client: {
    fetch<T>(
      input: string,
      init?: {
        method?: string;
        query?: Record<string, unknown>;
        body?: Record<string, unknown>;
        headers?: Record<string, string>;
      },
    ): Promise<T>;
  };
}

export interface CallOptions {
  /** Canada Post's texts in this language (default: the store's). */
  lang?: StorefrontLanguage;
  /**
   * Headers for this call: on a server (Next.js server components and actions) the customer's
   * `authorization` read from the cookie, as the starter's getAuthHeaders() gives it.
   */
  headers?: Record<string, string>;
  /** Anything else the SDK's fetch takes (Next.js: `cache`, `next`). */
  fetchInit?: Record<string, unknown>;
}

/**
 * A logged-in customer's order: its parcels, with Canada Post's tracking. Throws the SDK's FetchError
 * (status 401 without a customer, 404 when the order is not theirs).
 */
export function retrieveOrderTracking(
  sdk: StorefrontSdk,
  orderId: string,
  options: CallOptions = {},
): Promise<OrderTrackingResponse> {
  return sdk.client.fetch<OrderTrackingResponse>(`/store/orders/${encodeURIComponent(orderId)}/tracking`, {
    ...options.fetchInit,
    method: "GET",
    query: options.lang ? { lang: options.lang } : undefined,
    headers: options.headers,
  });
}

export type GuestLookupResult =
  | { status: "found"; tracking: GuestTrackingResponse }
  /** No order with this number and email: the store does not say which of the two is wrong. */
  | { status: "not_found" }
  /** Too many attempts from here, or for this order number: try again later. */
  | { status: "rate_limited" }
  /** The number or email cannot be right (checked before asking, and by the store). */
  | { status: "invalid" }
  | { status: "error"; message: string };

/** "1001", " #1001 " → 1001; anything else → undefined. */
export function orderNumberOf(input: string | number): number | undefined {
  const text = String(input).trim().replace(/^#\s*/, "");
  if (!/^\d{1,12}$/.test(text)) return undefined;
  const n = Number(text);
  return n >= 1 && Number.isSafeInteger(n) ? n : undefined;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** A guest's order by its number (Medusa's display_id, "#1001") and the email it was placed with. */
export async function lookupGuestTracking(
  sdk: StorefrontSdk,
  input: { orderNumber: string | number; email: string },
  options: CallOptions = {},
): Promise<GuestLookupResult> {
  const orderNumber = orderNumberOf(input.orderNumber);
  const email = input.email.trim();
  if (orderNumber === undefined || !EMAIL.test(email) || email.length > 254) return { status: "invalid" };
  try {
    const tracking = await sdk.client.fetch<GuestTrackingResponse>("/store/canada-post/tracking/lookup", {
      ...options.fetchInit,
      method: "POST",
      body: { order_number: orderNumber, email, ...(options.lang ? { lang: options.lang } : {}) },
      headers: options.headers,
    });
    return { status: "found", tracking };
  } catch (e) {
    const status = (e as { status?: number }).status;
    if (status === 404) return { status: "not_found" };
    if (status === 429) return { status: "rate_limited" };
    if (status === 400) return { status: "invalid" };
    return { status: "error", message: (e as Error).message ?? String(e) };
  }
}

/**
 * Why a cart's Canada Post options have no price (or their prices), for the delivery step: the starters
 * show a price-less option greyed out with no word; this says what to fix, in the shopper's language.
 */
export function checkDelivery(
  sdk: StorefrontSdk,
  cartId: string,
  options: CallOptions = {},
): Promise<DeliveryCheckResponse> {
  return sdk.client.fetch<DeliveryCheckResponse>(
    `/store/canada-post/carts/${encodeURIComponent(cartId)}/delivery`,
    {
      ...options.fetchInit,
      method: "GET",
      query: options.lang ? { lang: options.lang } : undefined,
      headers: options.headers,
    },
  );
}
