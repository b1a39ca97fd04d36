/**
 * The admin's pages by path, inside Shopify's admin frame. App Bridge draws the app's navigation
 * (`ui-nav-menu`) in the admin's sidebar; a click there reaches the app as a `shopify:navigate` event on the
 * menu's link, and the app changes page without reloading (history.pushState), as Shopify's React Router
 * template does.
 */
import { createContext, useCallback, useContext, useEffect, useState, type ReactNode } from "react";

export type Page = "orders" | "shipments" | "manifests" | "settings";

export const PAGES: Record<Page, string> = {
  orders: "/orders",
  shipments: "/shipments",
  manifests: "/manifests",
  settings: "/settings",
};

export function pageOf(pathname: string): Page {
  const found = (Object.keys(PAGES) as Page[]).find(
    (p) => pathname === PAGES[p] || pathname.startsWith(`${PAGES[p]}/`),
  );
  return found ?? "orders";
}

interface Route {
  page: Page;
  query: URLSearchParams;
  navigate: (path: string) => void;
}

const RouteContext = createContext<Route>({
  page: "orders",
  query: new URLSearchParams(),
  navigate: () => undefined,
});

/** Query parameters App Bridge's launch adds, kept across pages (shop, host, locale...), minus one-shot ones. */
const ONE_SHOT = ["id_token", "hmac", "timestamp", "session", "state", "token-id", "registration-status"];

export function RouterProvider({ children }: { children: ReactNode }) {
  const [location, setLocation] = useState(() => ({
    path: window.location.pathname,
    search: window.location.search,
  }));
  const navigate = useCallback((target: string) => {
    const url = new URL(target, window.location.origin);
    const kept = new URLSearchParams(window.location.search);
    for (const k of ONE_SHOT) kept.delete(k);
    for (const [k, v] of url.searchParams) kept.set(k, v);
    for (const k of ["order_id", "print"]) if (!url.searchParams.has(k)) kept.delete(k);
    const search = kept.toString() ? `?${kept}` : "";
    window.history.pushState(null, "", `${url.pathname}${search}`);
    setLocation({ path: url.pathname, search });
  }, []);
  useEffect(() => {
    const onPop = () => setLocation({ path: window.location.pathname, search: window.location.search });
    const onShopifyNavigate = (event: Event) => {
      const href = (event.target as Element | null)?.getAttribute?.("href");
      if (href) navigate(href);
    };
    window.addEventListener("popstate", onPop);
    document.addEventListener("shopify:navigate", onShopifyNavigate);
    return () => {
      window.removeEventListener("popstate", onPop);
      document.removeEventListener("shopify:navigate", onShopifyNavigate);
    };
  }, [navigate]);
  return (
    <RouteContext.Provider
      value={{ page: pageOf(location.path), query: new URLSearchParams(location.search), navigate }}
    >
      {children}
    </RouteContext.Provider>
  );
}

export const useRoute = () => useContext(RouteContext);
