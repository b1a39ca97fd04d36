import Medusa from "@medusajs/js-sdk";
import { storeShipmentView, type ShipmentRow } from "../../../src/medusa/records";
import {
  lookupGuestTracking,
  orderNumberOf,
  retrieveOrderTracking,
  type ParcelView,
  type StorefrontSdk,
} from "../../../src/storefront";

/** The two store routes through the JS SDK: the paths, methods, query and body the plugin's routes expect. */
function recorder(answer: unknown = { order_id: "order_1", shipments: [] }) {
  const calls: unknown[][] = [];
  const sdk: StorefrontSdk = {
    client: {
      fetch: async <T>(...args: unknown[]) => {
        calls.push(args);
        return answer as T;
      },
    },
  };
  return { sdk, calls };
}

describe("the storefront's calls", () => {
  it("asks a customer's order tracking in the shopper's language, with a server's auth headers", async () => {
    const { sdk, calls } = recorder();
    await retrieveOrderTracking(sdk, "order_01/x", {
      lang: "fr",
      headers: { authorization: "Bearer t" },
      fetchInit: { cache: "no-store" },
    });
    await retrieveOrderTracking(sdk, "order_2");
    expect(calls).toEqual([
      [
        "/store/orders/order_01%2Fx/tracking",
        { cache: "no-store", method: "GET", query: { lang: "fr" }, headers: { authorization: "Bearer t" } },
      ],
      ["/store/orders/order_2/tracking", { method: "GET", query: undefined, headers: undefined }],
    ]);
  });

  it("reads the order number as shoppers write it", () => {
    expect(orderNumberOf("1001")).toBe(1001);
    expect(orderNumberOf(" #1001 ")).toBe(1001);
    expect(orderNumberOf("# 42")).toBe(42);
    expect(orderNumberOf(7)).toBe(7);
    for (const bad of ["", "0", "-3", "1e3", "10.5", "abc", "1001a", "1234567890123"]) {
      expect(orderNumberOf(bad)).toBeUndefined();
    }
  });

  it("tells a refusal of the input from a missing order, a rate limit and a failure", async () => {
    const failing = (status: number | undefined): StorefrontSdk => ({
      client: {
        fetch: async () => {
          throw Object.assign(new Error(`HTTP ${status}`), { status });
        },
      },
    });
    const input = { orderNumber: "1001", email: "camille@example.com" };
    expect(await lookupGuestTracking(failing(400), input)).toEqual({ status: "invalid" });
    expect(await lookupGuestTracking(failing(404), input)).toEqual({ status: "not_found" });
    expect(await lookupGuestTracking(failing(429), input)).toEqual({ status: "rate_limited" });
    expect(await lookupGuestTracking(failing(undefined), input)).toEqual({
      status: "error",
      message: "HTTP undefined",
    });
    const { sdk, calls } = recorder({ order_number: 1001, shipments: [] });
    expect(await lookupGuestTracking(sdk, { ...input, email: "x".repeat(250) + "@a.ca" })).toEqual({
      status: "invalid",
    });
    expect(calls).toHaveLength(0);
  });

  it("fits the JS SDK and the plugin's store view (checked by the compiler)", () => {
    const sdk: StorefrontSdk = new Medusa({ baseUrl: "http://localhost:9000", publishableKey: "pk_test" });
    expect(typeof sdk.client.fetch).toBe("function");
    // What the store route answers is what the components read.
    const view: ParcelView = storeShipmentView({
      tracking_pin: "7023210039414604",
      service_code: "DOM.EP",
      status: "transmitted",
      tracking_status: "in_transit",
      tracking_events: [],
      expected_delivery_date: "2026-11-24",
      actual_delivery_date: null,
      tracked_at: null,
    } as unknown as ShipmentRow);
    expect(view.tracking_url).toContain("7023210039414604");
  });
});
