import { AppProvider } from "@shopify/polaris";
import polarisEn from "@shopify/polaris/locales/en.json";
import { act, type ReactNode } from "react";
import type { Bridge } from "../../../admin/src/api";
import { TrackingTimeline } from "../../../admin/src/components/TrackingModal";
import { I18nProvider, type Lang } from "../../../admin/src/i18n";
import { OrdersPage } from "../../../admin/src/pages/OrdersPage";
import { RouterProvider } from "../../../admin/src/router";
import { ServiceNotices } from "../../../admin/src/settings/ServiceNotices";
import { ServicesProvider } from "../../../admin/src/services";
import { until } from "../../support/until";
import { reactDom, text } from "../storefront/dom";

/**
 * Admin pages rendered in a DOM (happy-dom) with Polaris, App Bridge stood in by a stub (session tokens,
 * toasts) and the app's API answered by the test: what the merchant reads and what their clicks send.
 */
const dom = reactDom();
const realFetch = globalThis.fetch;
afterAll(() => {
  globalThis.fetch = realFetch;
});

beforeAll(() => {
  // What Polaris asks of the browser beyond the DOM itself.
  const w = dom.window as unknown as Record<string, unknown>;
  for (const k of [
    "getComputedStyle",
    "requestAnimationFrame",
    "cancelAnimationFrame",
    "matchMedia",
    "location",
    "history",
    "CustomEvent",
    "HTMLButtonElement",
    "MutationObserver",
    "ResizeObserver",
    "IntersectionObserver",
    "Element",
    "HTMLDivElement",
  ])
    if (w[k] && !(k in globalThis)) (globalThis as Record<string, unknown>)[k] = w[k];
});

function renderAdmin(children: ReactNode, routes: Record<string, [number, unknown]>, lang: Lang = "en") {
  const toasts: { message: string; isError: boolean }[] = [];
  const calls: string[] = [];
  const bridge: Bridge = {
    idToken: async () => "token",
    toast: { show: (message, o) => toasts.push({ message, isError: Boolean(o?.isError) }) },
    config: { locale: lang },
  };
  globalThis.fetch = (async (url: string, init?: RequestInit) => {
    const key = `${init?.method ?? "GET"} ${url}`;
    calls.push(key);
    const [status, body] = routes[key] ?? [404, { message: `no route ${key}` }];
    return new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });
  }) as typeof fetch;
  const done = dom.render(
    <AppProvider i18n={polarisEn}>
      <I18nProvider lang={lang}>
        <ServicesProvider bridge={bridge}>
          <RouterProvider>{children}</RouterProvider>
        </ServicesProvider>
      </I18nProvider>
    </AppProvider>,
  );
  return { done, toasts, calls };
}

/** Until the check passes, React settling between tries. */
const settled = (check: () => void) => until(check, 3000, (wait) => act(wait));

const SETTINGS = {
  merchant: { shipments: { timeZone: "America/Toronto", mode: "transmit" }, labels: { encoding: "PDF" } },
  app: {},
};
const order = (n: number, code: string | null) => ({
  id: `gid://shopify/Order/${n}`,
  name: `#${n}`,
  created_at: "2026-11-30T03:30:00Z",
  service_code: code,
  service_name: code ? "Expedited Parcel" : "Standard",
  checkout_amount_cents: 1584,
  currency: "CAD",
  destination: { city: "Montréal", provinceCode: "QC", zip: "H2B 1A0", countryCodeV2: "CA" },
  live_labels: 0,
});

test("orders to ship: checkout's charge against Canada Post now, and Canada Post's refusal listed with its code", async () => {
  const id = encodeURIComponent("gid://shopify/Order/1001");
  const { done, toasts, calls } = renderAdmin(<OrdersPage />, {
    "GET /api/settings": [200, SETTINGS],
    "GET /api/orders": [200, { orders: [order(1001, "DOM.EP"), order(1002, null)] }],
    [`GET /api/orders/${id}`]: [200, { comparison: { current_cents: 1633, difference_cents: 49 } }],
    [`POST /api/orders/${id}/labels`]: [
      400,
      { type: "canada_post_error", code: "9111", message: "The postal code is not valid." },
    ],
  });
  await done;
  await settled(() => expect(text(dom.container)).toContain("$0.49 more than checkout"));
  const page = text(dom.container)!;
  expect(page).toContain("#1001");
  // Not a Canada Post rate: shown only under "All unfulfilled".
  expect(page).not.toContain("#1002");
  // The date in the shop's time zone: 03:30 UTC is still the 29th in Toronto.
  expect(page).toContain("Nov 29, 2026");
  expect(page).toContain("$15.84");
  expect(page).toContain("$16.33");

  const button = [...dom.container.querySelectorAll("button")].find((b) => text(b) === "Create label")!;
  await act(async () => button.click());
  await settled(() => expect(dom.container.querySelector('[data-testid="label-failures"]')).not.toBeNull());
  const failure = dom.container.querySelector('[data-testid="label-failures"] li')!;
  expect(text(failure)).toBe("#1001: Canada Post 9111: The postal code is not valid.");
  expect(failure.getAttribute("data-code")).toBe("9111");
  expect(toasts).toEqual([{ message: "1 of 1 orders got no label", isError: true }]);
  expect(calls).toContain(`POST /api/orders/${id}/labels`);
});

test("the tracking timeline at the shop's local time, in the merchant's language", async () => {
  const events = [
    {
      code: "1496",
      occurred_at: "2026-11-30T15:05:00Z",
      description: "Delivered",
      site: "MONTREAL",
      province: "QC",
    },
    {
      code: "0100",
      occurred_at: "2026-11-29T02:00:00Z",
      description: "Item accepted",
      site: null,
      province: null,
    },
  ];
  const { done } = renderAdmin(<TrackingTimeline events={events} timeZone="America/Vancouver" />, {}, "fr");
  await done;
  const items = [...dom.container.querySelectorAll('[data-testid="tracking-timeline"] li')].map((li) =>
    text(li),
  );
  expect(items[0]).toMatch(/^30 nov\. 2026, 07 h 05 — Delivered \(MONTREAL, QC\)$/);
  expect(items[1]).toMatch(/^28 nov\. 2026, 18 h 00 — Item accepted$/);
  expect(text(dom.container)).toContain("Heures de America/Vancouver");
});

test("Canada Post's service notice above the settings, at the shop's hours and in the merchant's language", async () => {
  const notice = {
    text: "Maintenance des services Web",
    from: "2026-12-06T07:00:00Z",
    to: "2026-12-06T11:00:00Z",
  };
  const { done } = renderAdmin(
    <ServiceNotices timeZone="America/Toronto" />,
    { "GET /api/service-notices": [200, { notices: [notice] }] },
    "fr",
  );
  await done;
  await settled(() => expect(dom.container.querySelector('[data-testid="service-notices"]')).not.toBeNull());
  const banner = text(dom.container.querySelector('[data-testid="service-notices"]'))!;
  expect(banner).toContain("Avis de service de Postes Canada");
  // 07:00 and 11:00 UTC are 02:00 and 06:00 in Toronto (EST, UTC-5).
  expect(banner).toMatch(
    /Maintenance des services Web \(du 6 déc\. 2026, 02 h 00 au 6 déc\. 2026, 06 h 00\)/,
  );
});

test("no service notice, or Canada Post not reachable: nothing above the settings", async () => {
  for (const answer of [
    [200, { notices: [] }],
    [502, { type: "canada_post_unreachable", message: "no answer" }],
  ] as [number, unknown][]) {
    const { done, calls } = renderAdmin(<ServiceNotices timeZone="America/Toronto" />, {
      "GET /api/service-notices": answer,
    });
    await done;
    await settled(() => expect(calls).toContain("GET /api/service-notices"));
    await act(async () => new Promise((r) => setTimeout(r, 50)));
    expect(dom.container.querySelector('[data-testid="service-notices"]')).toBeNull();
  }
});
