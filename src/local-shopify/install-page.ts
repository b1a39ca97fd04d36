import { escapeHtml } from "./http";
import type { App } from "./model";
import type { ShopState } from "./store";

/** The grant screen Shopify shows a merchant installing an app, and its error page. */

const STYLE = `body{font-family:system-ui,sans-serif;background:#f1f1f1;margin:0}main{max-width:34rem;margin:3rem auto;background:#fff;border-radius:12px;padding:2rem;box-shadow:0 1px 3px #0002}
h1{font-size:1.3rem}ul{padding-left:1.2rem}code{background:#f4f4f4;padding:0 .3em;border-radius:4px}
.actions{display:flex;gap:.75rem;margin-top:1.5rem}a.button{padding:.6rem 1.2rem;border-radius:8px;text-decoration:none;border:1px solid #bbb;color:#222}
a.primary{background:#303030;color:#fff;border-color:#303030}.note{color:#666;font-size:.85rem;margin-top:1.5rem}`;

function page(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title><style>${STYLE}</style></head><body><main>${body}</main></body></html>`;
}

export function installPage(
  shop: ShopState,
  app: App,
  scopes: string[],
  installUrl: string,
  cancelUrl: string,
  online: boolean,
): string {
  const list = scopes.length
    ? scopes.map((s) => `<li><code>${escapeHtml(s)}</code></li>`).join("")
    : "<li>No access to store data</li>";
  return page(
    `Install ${app.name}`,
    `<p>${escapeHtml(shop.name)} · <code>${escapeHtml(shop.domain)}</code></p>
<h1>Install ${escapeHtml(app.name)}?</h1>
<p>${escapeHtml(app.name)} will be able to:</p><ul>${list}</ul>
<p>Access: ${online ? `online, for ${escapeHtml(shop.staff.firstName)} ${escapeHtml(shop.staff.lastName)} only` : "offline, for the whole store"}</p>
<div class="actions"><a class="button primary" id="install" href="${escapeHtml(installUrl)}">Install</a><a class="button" id="cancel" href="${escapeHtml(cancelUrl)}">Cancel</a></div>
<p class="note">Local Shopify: nothing here reaches Shopify. Client id <code>${escapeHtml(app.apiKey)}</code>.</p>`,
  );
}

export function oauthErrorPage(message: string): string {
  return page("Oauth error", `<h1>Oauth error invalid_request: ${escapeHtml(message)}</h1>`);
}

export function cancelledPage(shop: ShopState, app: App): string {
  return page(
    "Installation cancelled",
    `<h1>Installation cancelled</h1><p>${escapeHtml(app.name)} was not installed on ${escapeHtml(shop.name)}.</p>`,
  );
}
