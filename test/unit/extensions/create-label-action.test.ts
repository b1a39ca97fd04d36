import { all, harness, ORDER, until } from "./harness";

/** "Create Canada Post label" on the order page: the choice shown, the label bought, Canada Post's refusal. */
const h = harness("admin.order-details.action.render", "order-create-label");

const id = encodeURIComponent(ORDER);
const summary = (shipments: unknown[] = []) => ({
  order: { id: ORDER, name: "#1001", service_code: "DOM.EP", service_name: "Expedited Parcel" },
  shipments,
});
const bought = {
  id: "7",
  tracking_pin: "7023210039414604",
  tracking_url: null,
  service_code: "DOM.EP",
  status: "transmitted",
  tracking_status: null,
  label_url: "/api/shipments/7/label",
};

const primary = () => document.querySelector('s-button[slot="primary-action"]') as HTMLElement;

test("shows the customer's service, buys the label on click, then offers to print it", async () => {
  h.answer({
    [`GET /api/orders/${id}`]: [200, summary()],
    [`POST /api/orders/${id}/labels`]: [201, { fulfillments: [{ shipments: [bought] }] }],
  });
  await h.extension.render();
  await until(() =>
    expect(document.body.textContent).toContain('service {"service":"Expedited Parcel","code":"DOM.EP"}'),
  );
  primary().click();
  await until(() => expect(document.querySelector('s-banner[tone="success"]')).not.toBeNull());
  expect(document.querySelector("s-banner")!.textContent).toBe('created {"pins":"7023210039414604"}');
  expect(h.calls.map((c) => `${c.method} ${c.url}`)).toEqual([
    `GET /api/orders/${id}`,
    `POST /api/orders/${id}/labels`,
  ]);
  expect(all("s-link").map((l) => l.getAttribute("href"))).toEqual([`app:shipments?order_id=${id}&print=7`]);
  expect(primary().hasAttribute("disabled")).toBe(true);
});

test("Canada Post's refusal is shown with its code and its own text", async () => {
  h.answer({
    [`GET /api/orders/${id}`]: [200, summary()],
    [`POST /api/orders/${id}/labels`]: [
      400,
      {
        type: "canada_post_error",
        code: "9111",
        message: "The postal code is not valid for the destination.",
      },
    ],
  });
  await h.extension.render();
  await until(() => expect(primary().hasAttribute("disabled")).toBe(false));
  primary().click();
  await until(() => expect(document.querySelector('s-banner[tone="critical"]')).not.toBeNull());
  expect(document.querySelector("s-banner")!.textContent).toBe(
    'refused {"code":"9111","message":"The postal code is not valid for the destination."}',
  );
});

test("an order already labelled shows its labels instead of buying again", async () => {
  h.answer({ [`GET /api/orders/${id}`]: [200, summary([bought])] });
  await h.extension.render();
  await until(() => expect(document.body.textContent).toContain('already {"pins":"7023210039414604"}'));
  expect(primary().hasAttribute("disabled")).toBe(true);
});

test("the close button closes the action", async () => {
  h.answer({ [`GET /api/orders/${id}`]: [200, summary()] });
  const close = jest.fn();
  h.extension.shopify.close = close;
  await h.extension.render();
  (document.querySelector('s-button[slot="secondary-actions"]') as HTMLElement).click();
  expect(close).toHaveBeenCalled();
});
