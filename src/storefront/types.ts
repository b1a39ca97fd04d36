import type { TrackingEvent } from "../shipping/tracking";

/**
 * What the plugin's store routes answer, as a storefront reads it: `GET /store/orders/:id/tracking` (a
 * logged-in customer's order) and `POST /store/canada-post/tracking/lookup` (a guest's, by order number and
 * email). Plain JSON; the status and event types are the shipping core's, imported as types (no server
 * code reaches the browser).
 */

/** The languages the components speak; Canada Post writes its tracking texts in both. */
export type StorefrontLanguage = "en" | "fr";

/** The parcel's state and Canada Post's events, as the shipping core reads them (type-only: no code). */
export type {
  TrackingStatus as ParcelStatus,
  TrackingEvent as TrackingEventView,
} from "../shipping/tracking";

/** One parcel: its Canada Post tracking number (PIN) and what Canada Post says about it. */
export interface ParcelView {
  tracking_pin: string | null;
  /** Canada Post's public tracking page for the PIN, in the language asked for. */
  tracking_url: string | null;
  /** Canada Post's service code ("DOM.EP") and its name in the language asked for. */
  service_code: string;
  service_name?: string;
  /** The label's state: created, transmitted or refund_requested (voided labels are never listed). */
  status: string;
  /** The parcel's state, a ParcelStatus; null until Canada Post was first asked. */
  tracking_status: string | null;
  /** YYYY-MM-DD. */
  expected_delivery_date: string | null;
  actual_delivery_date: string | null;
  /** Newest first. */
  events: TrackingEvent[];
  tracked_at: string | null;
}

/** GET /store/orders/:id/tracking. */
export interface OrderTrackingResponse {
  order_id: string;
  shipments: ParcelView[];
}

/** POST /store/canada-post/tracking/lookup: nothing but the tracking of the order asked for. */
export interface GuestTrackingResponse {
  order_number: number;
  shipments: ParcelView[];
}

/** GET /store/canada-post/carts/:id/delivery: the cart's Canada Post prices, or why there are none. */
export interface DeliveryCheckResponse {
  cart_id: string;
  priced: boolean;
  services: { service_code: string; name: string; amount: number; currency_code: string }[];
  /** In the language asked for; `field` names what the shopper should fix ("postal_code", "country"...). */
  problem: { code: string; field: string | null; message: string } | null;
}
