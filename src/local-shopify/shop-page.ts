import { escapeHtml } from "./http";
import { displayFulfillmentStatus } from "./orders";
import type { Runtime } from "./server";
import type { ShopState } from "./store";

/** A one-page look at a shop (GET / or /admin on its URL): its apps, orders and where the controls are. */
export function shopIndexPage(rt: Runtime, shop: ShopState): string {
  const state = rt.world.state;
  const apps = [...state.apps.values()]
    .map((app) => {
      const inst = state.installation(shop.domain, app.apiKey);
      const open = app.appUrl
        ? ` · <a href="/admin/apps/${encodeURIComponent(app.apiKey)}">open in the admin</a>`
        : "";
      return `<li><b>${escapeHtml(app.name)}</b> <code>${escapeHtml(app.apiKey)}</code>: ${inst ? `installed (${escapeHtml(inst.scopes.join(", ") || "no scopes")})` : "not installed"}${open}</li>`;
    })
    .join("");
  const orders = [...shop.orders.values()]
    .map(
      (o) =>
        `<tr><td>${escapeHtml(o.name)}</td><td>${escapeHtml(o.shippingAddress?.city ?? "")} ${escapeHtml(o.shippingAddress?.countryCode ?? "")}</td><td>${escapeHtml(o.shippingLine?.code ?? "")}</td><td>${displayFulfillmentStatus(shop, o)}${o.cancelledAt ? " (cancelled)" : ""}</td></tr>`,
    )
    .join("");
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(shop.name)} · local Shopify</title>
<style>body{font-family:system-ui,sans-serif;margin:2rem;max-width:50rem}td,th{padding:.2rem .8rem;text-align:left}code{background:#f4f4f4;padding:0 .3em}</style></head><body>
<h1>${escapeHtml(shop.name)}</h1><p><code>${escapeHtml(shop.domain)}</code> · Admin GraphQL at <code>${escapeHtml(shop.url)}/admin/api/{version}/graphql.json</code></p>
<h2>Apps</h2><ul>${apps}</ul>
<h2>Orders</h2><table><tr><th>Order</th><th>To</th><th>Service</th><th>Fulfillment</th></tr>${orders}</table>
<p>Controls (JSON): <a href="/__shopify/state">/__shopify/state</a>, <a href="/__shopify/requests">requests</a>, <a href="/__shopify/webhooks">webhooks</a>.</p>
</body></html>`;
}
