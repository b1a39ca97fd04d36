import { act } from "react";
import { DeliveryProblem, type DeliveryCheckResponse, type StorefrontSdk } from "../../../src/storefront";
import { reactDom, text } from "./dom";

/** The delivery step's explanation: the store's reason when Canada Post gives no price, nothing otherwise. */
const dom = reactDom();

function sdkAnswering(answers: DeliveryCheckResponse[]) {
  const asked: unknown[][] = [];
  const sdk: StorefrontSdk = {
    client: {
      fetch: async <T,>(...args: unknown[]) => {
        asked.push(args);
        return answers.shift() as T;
      },
    },
  };
  return { sdk, asked };
}

const unpriced: DeliveryCheckResponse = {
  cart_id: "cart_1",
  priced: false,
  services: [],
  problem: {
    code: "invalid_postal_code",
    field: "postal_code",
    message:
      "« H2B 1A0, QC » n'est pas un code postal canadien : écrivez-le sous la forme A1A 1A1, par exemple K2B 8J6.",
  },
};
const priced: DeliveryCheckResponse = {
  cart_id: "cart_1",
  priced: true,
  services: [{ service_code: "DOM.EP", name: "Expedited Parcel", amount: 12.4, currency_code: "cad" }],
  problem: null,
};

describe("DeliveryProblem", () => {
  it("shows the store's reason in the shopper's language, and says which field is at fault", async () => {
    const { sdk, asked } = sdkAnswering([unpriced]);
    await dom.render(<DeliveryProblem sdk={sdk} cartId="cart_1" lang="fr" refreshKey="H2B 1A0, QC" />);
    await act(async () => undefined);
    const alert = dom.container.querySelector("[role=alert]");
    expect(text(alert)).toBe(unpriced.problem!.message);
    expect(alert!.getAttribute("data-field")).toBe("postal_code");
    expect(alert!.getAttribute("lang")).toBe("fr");
    expect(asked).toEqual([
      [
        "/store/canada-post/carts/cart_1/delivery",
        { method: "GET", query: { lang: "fr" }, headers: undefined },
      ],
    ]);
  });

  it("asks again when the address changes, and shows nothing once the cart is priced", async () => {
    const { sdk, asked } = sdkAnswering([unpriced, priced]);
    const seen: boolean[] = [];
    const render = (key: string) =>
      dom.render(
        <DeliveryProblem sdk={sdk} cartId="cart_1" refreshKey={key} onChecked={(a) => seen.push(a.priced)} />,
      );
    await render("H2B 1A0, QC");
    await act(async () => undefined);
    expect(dom.container.querySelector("[role=alert]")).not.toBeNull();
    await render("H2B 1A0");
    await act(async () => undefined);
    expect(dom.container.querySelector("[role=alert]")).toBeNull();
    expect(asked).toHaveLength(2);
    expect(seen).toEqual([false, true]);
  });

  it("hides the old reason as soon as the address changes, before the new check answers", async () => {
    let answerSecond: (a: DeliveryCheckResponse) => void = () => undefined;
    const answers: Promise<DeliveryCheckResponse>[] = [
      Promise.resolve(unpriced),
      new Promise((resolve) => (answerSecond = resolve)),
    ];
    const sdk: StorefrontSdk = { client: { fetch: async <T,>() => (await answers.shift()!) as T } };
    await dom.render(<DeliveryProblem sdk={sdk} cartId="cart_1" refreshKey="H2B 1A0, QC" />);
    await act(async () => undefined);
    expect(dom.container.querySelector("[role=alert]")).not.toBeNull();
    await dom.render(<DeliveryProblem sdk={sdk} cartId="cart_1" refreshKey="H2B 1A0" />);
    expect(dom.container.querySelector("[role=alert]")).toBeNull();
    await act(async () => answerSecond(unpriced));
    expect(text(dom.container.querySelector("[role=alert]"))).toBe(unpriced.problem!.message);
  });
});
