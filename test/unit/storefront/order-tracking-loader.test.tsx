import { act } from "react";
import { OrderTrackingLoader, type StorefrontSdk } from "../../../src/storefront";
import { reactDom, text } from "./dom";
import { DELIVERED } from "./fixtures";

/** The customer's order page in the browser: a loading state, then the parcels, or a plain failure. */
const dom = reactDom();

function deferred<T>() {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => ((resolve = res), (reject = rej)));
  return { promise, resolve, reject };
}

function sdkAnswering(answer: Promise<unknown>) {
  const asked: unknown[][] = [];
  const sdk: StorefrontSdk = {
    client: {
      fetch: <T,>(...args: unknown[]) => {
        asked.push(args);
        return answer as Promise<T>;
      },
    },
  };
  return { sdk, asked };
}

describe("OrderTrackingLoader", () => {
  it("says it is loading, then shows the order's parcels in the shopper's language", async () => {
    const answer = deferred<unknown>();
    const { sdk, asked } = sdkAnswering(answer.promise);
    await dom.render(<OrderTrackingLoader sdk={sdk} orderId="order_1" lang="fr" headingLevel={3} />);
    expect(text(dom.container.querySelector("[role=status]"))).toBe("Chargement du suivi…");
    expect(dom.container.querySelector("section")!.getAttribute("aria-busy")).toBe("true");
    expect(asked).toEqual([
      ["/store/orders/order_1/tracking", { method: "GET", query: { lang: "fr" }, headers: undefined }],
    ]);

    await act(async () => answer.resolve({ order_id: "order_1", shipments: [DELIVERED] }));
    expect(text(dom.container.querySelector("h3"))).toBe("Expédition et suivi");
    expect(text(dom.container.querySelector(".cp-tracking__status"))).toBe("Livré");
    expect(dom.container.querySelector("[role=status]")).toBeNull();
    expect(asked).toHaveLength(1);
  });

  it("says the tracking is unavailable when the store refuses", async () => {
    const { sdk } = sdkAnswering(Promise.reject(Object.assign(new Error("Not found"), { status: 404 })));
    await dom.render(<OrderTrackingLoader sdk={sdk} orderId="order_2" />);
    expect(text(dom.container.querySelector("[role=alert]"))).toBe(
      "The tracking is not available right now. Please try again later.",
    );
  });
});
