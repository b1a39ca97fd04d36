import { act } from "react";
import { GuestTrackingLookup, type StorefrontSdk } from "../../../src/storefront";
import { reactDom, text, type } from "./dom";
import { IN_TRANSIT } from "./fixtures";

/**
 * The guest form in a DOM, driven like a shopper: type the order number and email, press Track, read what
 * the page says. The SDK is a stand-in that records the call and answers as the store would.
 */
type Answer = { status: number; body?: unknown };

function fakeSdk(answer: Answer) {
  const calls: { input: string; init?: Record<string, unknown> }[] = [];
  const sdk: StorefrontSdk = {
    client: {
      fetch: async <T,>(input: string, init?: Record<string, unknown>): Promise<T> => {
        calls.push({ input, init });
        if (answer.status >= 300) {
          throw Object.assign(new Error((answer.body as { message?: string })?.message ?? "failed"), {
            status: answer.status,
          });
        }
        return answer.body as T;
      },
    },
  };
  return { sdk, calls };
}

const dom = reactDom();

async function lookUp(orderNumber: string, email: string) {
  const inputs = dom.container.querySelectorAll("input");
  await act(async () => {
    type(dom.window, inputs[0]!, orderNumber);
    type(dom.window, inputs[1]!, email);
  });
  await act(async () => {
    dom.container.querySelector("button")!.click();
  });
}

describe("GuestTrackingLookup", () => {
  it("labels its fields and, for the right number and email, shows the order's parcels", async () => {
    const { sdk, calls } = fakeSdk({ status: 200, body: { order_number: 1001, shipments: [IN_TRANSIT] } });
    await dom.render(<GuestTrackingLookup sdk={sdk} />);

    expect(text(dom.container.querySelector("h2"))).toBe("Track your order");
    const labels = [...dom.container.querySelectorAll("label")].map((l) => [
      text(l),
      dom.window.document.getElementById(l.getAttribute("for")!)?.getAttribute("name"),
    ]);
    expect(labels).toEqual([
      ["Order number", "order_number"],
      ["Email", "email"],
    ]);
    expect(dom.container.querySelector("form")!.getAttribute("aria-labelledby")).toBe(
      dom.container.querySelector("h2")!.id,
    );

    await lookUp(" #1001 ", "  Camille@Example.com ");
    expect(calls).toEqual([
      {
        input: "/store/canada-post/tracking/lookup",
        init: { method: "POST", body: { order_number: 1001, email: "Camille@Example.com", lang: "en" } },
      },
    ]);
    expect(dom.container.querySelector("[role=alert]")).toBeNull();
    expect(text(dom.container.querySelector(".cp-guest-lookup__order"))).toBe("Order #1001");
    expect(dom.container.querySelector(".cp-guest-lookup__result")!.getAttribute("aria-live")).toBe("polite");
    expect(text(dom.container.querySelector(".cp-tracking__pin a"))).toBe(IN_TRANSIT.tracking_pin);
    expect(text(dom.container.querySelector(".cp-tracking__status"))).toBe("In transit");
  });

  it("says no order matches, the same for a wrong number or a wrong email, and marks the fields", async () => {
    const { sdk } = fakeSdk({ status: 404, body: { message: "not found" } });
    await dom.render(<GuestTrackingLookup sdk={sdk} lang="fr" />);
    await lookUp("1001", "someone@example.com");
    const alert = dom.container.querySelector("[role=alert]")!;
    expect(text(alert)).toMatch(/^Aucune commande ne correspond à ce numéro et à cette adresse courriel/);
    for (const input of dom.container.querySelectorAll("input")) {
      expect(input.getAttribute("aria-invalid")).toBe("true");
      expect(input.getAttribute("aria-describedby")).toBe(alert.id);
    }
    expect(dom.container.querySelector(".cp-tracking")).toBeNull();
  });

  it("asks to wait after too many attempts", async () => {
    const { sdk } = fakeSdk({ status: 429, body: { message: "Too many tracking lookups" } });
    await dom.render(<GuestTrackingLookup sdk={sdk} />);
    await lookUp("1001", "camille@example.com");
    expect(text(dom.container.querySelector("[role=alert]"))).toBe(
      "Too many attempts. Please wait a few minutes, then try again.",
    );
  });

  it("does not ask the store about a number or an email that cannot be right", async () => {
    const { sdk, calls } = fakeSdk({ status: 200, body: { order_number: 1, shipments: [] } });
    await dom.render(<GuestTrackingLookup sdk={sdk} />);
    await lookUp("10O1", "camille@example.com");
    await lookUp("1001", "camille.example.com");
    expect(calls).toHaveLength(0);
    expect(text(dom.container.querySelector("[role=alert]"))).toMatch(
      /^Enter the order number \(digits only\)/,
    );
  });

  it("says the tracking is unavailable when the store fails, and can be prefilled", async () => {
    const { sdk } = fakeSdk({ status: 500, body: { message: "An unknown error occurred." } });
    await dom.render(
      <GuestTrackingLookup sdk={sdk} defaultOrderNumber="1001" defaultEmail="camille@example.com" />,
    );
    const inputs = dom.container.querySelectorAll("input");
    expect([inputs[0]!.value, inputs[1]!.value]).toEqual(["1001", "camille@example.com"]);
    await act(async () => dom.container.querySelector("button")!.click());
    expect(text(dom.container.querySelector("[role=alert]"))).toBe(
      "The tracking is not available right now. Please try again later.",
    );
  });
});
