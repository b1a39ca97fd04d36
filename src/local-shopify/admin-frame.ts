import { escapeHtml } from "./http";
import type { App } from "./model";
import type { ShopState } from "./store";

/**
 * The admin page that shows an app (GET /admin/apps/{apiKey}/{page}), as Shopify's admin does: the admin's
 * chrome around an iframe of the app's URL (signed launch parameters, a fresh id_token, the staff member's
 * locale). The page answers the app's App Bridge stand-in (app-bridge-stand-in.ts) over postMessage, from
 * the app's origin only: session tokens minted here by the local Shopify with the app's secret, toasts, the
 * app's navigation in the sidebar, and leaving for another site. A language menu stands for the staff
 * member's language preference in Shopify (POST /__shopify/staff, then the app is opened again).
 */

const STYLE = `*{box-sizing:border-box}body{margin:0;font-family:system-ui,sans-serif;background:#1a1a1a;height:100vh;display:grid;grid-template:48px 1fr/220px 1fr}
header{grid-column:1/3;display:flex;align-items:center;gap:1rem;padding:0 1rem;color:#e3e3e3;font-size:.9rem}
header b{color:#fff}header .grow{flex:1}header select{background:#303030;color:#fff;border:1px solid #555;border-radius:6px;padding:.2rem}
nav{background:#ebebeb;padding:.75rem;border-radius:12px 0 0 0;font-size:.85rem}nav a{display:block;padding:.35rem .5rem;border-radius:8px;color:#303030;text-decoration:none}
nav a.app{font-weight:600;margin-top:.75rem}nav a.sub{padding-left:1.25rem}nav a[aria-current=page]{background:#fff}
main{background:#f1f1f1;position:relative}iframe{border:0;width:100%;height:100%;display:block}
#toasts{position:fixed;bottom:1.5rem;left:50%;transform:translateX(-50%);display:flex;flex-direction:column;gap:.5rem;z-index:5}
#toasts div{background:#303030;color:#fff;padding:.6rem 1rem;border-radius:10px;font-size:.9rem;box-shadow:0 2px 8px #0004}
#toasts div.error{background:#8e1f0b}#loading{position:absolute;top:0;left:0;height:3px;width:0;background:#5c6ac4}#loading.on{width:70%;transition:width 2s}`;

const LOCALES: [string, string][] = [
  ["en", "English"],
  ["fr", "Français"],
];

export function adminFramePage(shop: ShopState, app: App, launchUrl: string, page: string): string {
  const appOrigin = new URL(launchUrl).origin;
  const base = `/admin/apps/${encodeURIComponent(app.apiKey)}`;
  const options = LOCALES.map(
    ([code, name]) =>
      `<option value="${code}"${shop.staff.locale === code ? " selected" : ""}>${escapeHtml(name)}</option>`,
  ).join("");
  const config = JSON.stringify({ apiKey: app.apiKey, appOrigin, base, page }).replace(/</g, "\\u003c");
  return `<!doctype html><html lang="${escapeHtml(shop.staff.locale)}"><head><meta charset="utf-8">
<title>${escapeHtml(app.name)} · ${escapeHtml(shop.name)} · local Shopify admin</title><style>${STYLE}</style></head><body>
<header><b>${escapeHtml(shop.name)}</b><span>local Shopify admin</span><span class="grow"></span>
<label>${escapeHtml(shop.staff.firstName)} ${escapeHtml(shop.staff.lastName)} · <select id="admin-locale" aria-label="Language">${options}</select></label></header>
<nav><a href="/admin">Home</a><a href="/admin">Orders</a><a class="app" href="${base}">${escapeHtml(app.name)}</a><div id="app-nav"></div></nav>
<main><div id="loading"></div><iframe id="app-iframe" name="app-iframe" title="${escapeHtml(app.name)}" src="${escapeHtml(launchUrl)}"></iframe></main>
<div id="toasts" role="status" aria-live="polite"></div>
<script>
(function () {
  "use strict";
  var config = ${config};
  var frame = document.getElementById("app-iframe");
  function answer(message) { frame.contentWindow.postMessage(Object.assign({ source: "local-admin" }, message), config.appOrigin); }
  function toast(d) {
    var el = document.createElement("div");
    el.textContent = d.message; el.dataset.id = d.id; el.dataset.testid = "admin-toast";
    if (d.isError) el.className = "error";
    document.getElementById("toasts").appendChild(el);
    setTimeout(function () { el.remove(); }, 6000);
  }
  function nav(items) {
    var box = document.getElementById("app-nav"); box.textContent = "";
    items.filter(function (i) { return i.rel !== "home"; }).forEach(function (i) {
      var a = document.createElement("a");
      a.className = "sub"; a.textContent = i.label; a.href = config.base + i.href;
      if (i.href === "/" + config.page || (config.page === "" && i.href === "/")) a.setAttribute("aria-current", "page");
      a.addEventListener("click", function (e) {
        e.preventDefault();
        config.page = i.href.replace(/^\\//, "");
        box.querySelectorAll("a").forEach(function (x) { x.removeAttribute("aria-current"); });
        a.setAttribute("aria-current", "page");
        history.replaceState(null, "", a.href);
        answer({ type: "navigate", href: i.href });
      });
      box.appendChild(a);
    });
  }
  window.addEventListener("message", function (event) {
    if (event.origin !== config.appOrigin || event.source !== frame.contentWindow) return;
    var d = event.data || {};
    if (d.source !== "local-app-bridge") return;
    if (d.type === "idToken") {
      fetch("/__shopify/session-token", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ apiKey: config.apiKey }) })
        .then(function (r) { return r.json(); })
        .then(function (j) { answer({ id: d.id, token: j.token }); }, function (e) { answer({ id: d.id, error: String(e) }); });
    } else if (d.type === "toast") { toast(d); answer({ id: d.id }); }
    else if (d.type === "toast-hide") { var t = document.querySelector('#toasts [data-id="' + d.id + '"]'); if (t) t.remove(); }
    else if (d.type === "nav") nav(d.items || []);
    else if (d.type === "loading") document.getElementById("loading").className = d.on ? "on" : "";
    else if (d.type === "open" && /^https?:/.test(d.url)) location.assign(d.url);
  });
  document.getElementById("admin-locale").addEventListener("change", function (e) {
    fetch("/__shopify/staff", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ locale: e.target.value }) })
      .then(function () { location.reload(); });
  });
})();
</script></body></html>`;
}
