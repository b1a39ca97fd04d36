import type { ShopClock } from "./clock";
import type { Fulfillment, Order, Product } from "./model";
import type { LocalState, ShopState } from "./store";

/**
 * A state change Shopify announces with a webhook. Domain operations (orders, fulfillments, products,
 * installs) report them here; the webhook sender turns each into the topic's REST payload for every
 * matching subscription.
 */
export type ShopEvent =
  | { topic: "orders/create" | "orders/updated" | "orders/cancelled"; order: Order }
  | { topic: "orders/fulfilled" | "orders/partially_fulfilled"; order: Order }
  | { topic: "fulfillments/create" | "fulfillments/update"; fulfillment: Fulfillment }
  | { topic: "products/create" | "products/update"; product: Product }
  | { topic: "app/uninstalled"; apiKey: string };

/** What domain operations work with: the state, the shop's clock, and where events go. */
export interface World {
  state: LocalState;
  clock: ShopClock;
  announce(shop: ShopState, event: ShopEvent): void;
}
