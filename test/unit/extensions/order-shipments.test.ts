import { all, harness, ORDER, until } from "./harness";

/** The order page's Canada Post block: the order's labels with PIN, status and a print link. */
const h = harness("admin.order-details.block.render", "order-shipments");

const shipment = (over: Record<string, unknown> = {}) => ({
  id: "7",
  tracking_pin: "7023210039414604",
  tracking_url: "https://www.canadapost-postescanada.ca/track-reperage/en#/search?searchFor=7023210039414604",
  service_code: "DOM.EP",
  status: "transmitted",
  tracking_status: null,
  label_url: "/api/shipments/7/label",
  ...over,
});

const listPath = `GET /api/shipments?order_id=${encodeURIComponent(ORDER)}`;

test("shows each label's PIN linked to Canada Post, its status and a print link into the app", async () => {
  h.answer({
    [listPath]: [
      200,
      { shipments: [shipment(), shipment({ id: "8", tracking_pin: "123", status: "voided" })] },
    ],
  });
  await h.extension.render();
  await until(() => expect(all("s-badge")).toHaveLength(2));
  expect(h.calls).toEqual([{ url: `/api/shipments?order_id=${encodeURIComponent(ORDER)}`, method: "GET" }]);
  const [pin] = all("s-link");
  expect(pin!.textContent).toBe("7023210039414604");
  expect(pin!.getAttribute("href")).toContain("searchFor=7023210039414604");
  expect(all("s-badge").map((b) => b.textContent)).toEqual(["status.transmitted", "status.voided"]);
  // A voided label gets no print link; the live one opens the app's Shipments page, ready to print.
  const print = all("s-link").filter((l) => l.textContent === "print");
  expect(print.map((l) => l.getAttribute("href"))).toEqual([
    `app:shipments?order_id=${encodeURIComponent(ORDER)}&print=7`,
  ]);
  expect(document.querySelector("s-admin-block")!.getAttribute("heading")).toBe("heading");
});

test("an order without labels says so", async () => {
  h.answer({ [listPath]: [200, { shipments: [] }] });
  await h.extension.render();
  await until(() => expect(document.body.textContent).toContain("none"));
});

test("the app's refusal is shown in a banner", async () => {
  h.answer({ [listPath]: [403, { type: "not_installed", message: "install the app again" }] });
  await h.extension.render();
  await until(() =>
    expect(document.querySelector("s-banner")?.textContent).toContain("install the app again"),
  );
});
