/**
 * A stand-in for App Bridge (Shopify's app-bridge.js, which loads only from Shopify's CDN), served at
 * /__shopify/app-bridge.js for an app opened in the local admin (admin-frame.ts). Like App Bridge it lives
 * in the app's frame and asks the admin around it for everything: session tokens (minted by the local
 * Shopify, signed with the app's secret like Shopify's, never by the page), toasts shown in the admin, the
 * app's navigation (`ui-nav-menu`) drawn in the admin's sidebar and clicks on it sent back as
 * `shopify:navigate` events, and `open(url, "_top")` leaving the admin for another site.
 *
 * It provides `window.shopify` with the parts of App Bridge's API an app uses most: config (apiKey, shop,
 * host, locale), idToken(), toast.show/hide, loading(), environment and origin. A development aid only:
 * nothing in Shopify serves it.
 */
export const APP_BRIDGE_STAND_IN_PATH = "/__shopify/app-bridge.js";

export function appBridgeStandIn(): string {
  return `/* Local Shopify: a stand-in for App Bridge (development and tests only). */
(function () {
  "use strict";
  var params = new URLSearchParams(location.search);
  var framed = window.parent !== window;
  var meta = document.querySelector('meta[name="shopify-api-key"]');
  var seq = 0;
  var pending = {};
  function post(message) {
    if (framed) window.parent.postMessage(Object.assign({ source: "local-app-bridge" }, message), "*");
  }
  function ask(message) {
    if (!framed) return Promise.reject(new Error("Open the app from the Shopify admin: App Bridge has no admin to ask."));
    return new Promise(function (resolve, reject) {
      var id = ++seq;
      pending[id] = { resolve: resolve, reject: reject };
      post(Object.assign({ id: id }, message));
      setTimeout(function () {
        if (pending[id]) { delete pending[id]; reject(new Error("the admin did not answer")); }
      }, 10000);
    });
  }
  window.addEventListener("message", function (event) {
    if (event.source !== window.parent) return;
    var d = event.data || {};
    if (d.source !== "local-admin") return;
    if (d.id && pending[d.id]) {
      var p = pending[d.id];
      delete pending[d.id];
      if (d.error) p.reject(new Error(d.error)); else p.resolve(d);
    }
    if (d.type === "navigate") {
      var links = document.querySelectorAll("ui-nav-menu a[href]");
      for (var i = 0; i < links.length; i++) {
        if (links[i].getAttribute("href") === d.href) {
          links[i].dispatchEvent(new CustomEvent("shopify:navigate", { bubbles: true }));
          return;
        }
      }
    }
  });

  // The app's navigation goes to the admin's sidebar, as App Bridge draws ui-nav-menu there.
  function syncNav(menu) {
    var items = [];
    var links = menu.querySelectorAll("a[href]");
    for (var i = 0; i < links.length; i++)
      items.push({ href: links[i].getAttribute("href"), label: links[i].textContent, rel: links[i].getAttribute("rel") });
    post({ type: "nav", items: items });
  }
  if (window.customElements && !customElements.get("ui-nav-menu")) {
    customElements.define("ui-nav-menu", class extends HTMLElement {
      connectedCallback() {
        var self = this;
        this.style.display = "none";
        syncNav(this);
        this._observer = new MutationObserver(function () { syncNav(self); });
        this._observer.observe(this, { subtree: true, childList: true, characterData: true, attributes: true });
      }
      disconnectedCallback() { if (this._observer) this._observer.disconnect(); }
    });
  }

  var nativeOpen = window.open.bind(window);
  window.open = function (url, target, features) {
    if (target === "_top" || target === "_parent") { post({ type: "open", url: String(url) }); return null; }
    return nativeOpen(url, target, features);
  };

  var toastSeq = 0;
  window.shopify = {
    config: {
      apiKey: meta ? meta.getAttribute("content") : "",
      shop: params.get("shop") || "",
      host: params.get("host") || "",
      locale: params.get("locale") || "en",
    },
    environment: { embedded: framed, mobile: false, pos: false },
    origin: framed && document.referrer ? new URL(document.referrer).origin : location.origin,
    idToken: function () { return ask({ type: "idToken" }).then(function (d) { return d.token; }); },
    toast: {
      show: function (message, options) {
        var id = "toast-" + (++toastSeq);
        post({ type: "toast", id: id, message: String(message), isError: Boolean(options && options.isError) });
        return id;
      },
      hide: function (id) { post({ type: "toast-hide", id: id }); },
    },
    loading: function (on) { post({ type: "loading", on: on !== false }); },
    localStandIn: true,
  };
})();
`;
}
