/**
 * The embedded admin (admin/, built by Vite into admin/dist) served at the app's URL: its pages answer the
 * built index.html with the app's client id and the App Bridge script filled in, its hashed assets are
 * served as files. Opened by Shopify's admin with an id_token, the app is installed then (token exchange) if
 * the shop has no offline token yet; the page itself asks App Bridge for a fresh session token per API call.
 *
 * App Bridge comes from Shopify's CDN. A development launch may name another script instead (the local
 * Shopify's stand-in, which cannot be Shopify's): that choice is the server's option, never in the build.
 */
import { existsSync, readFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { extname, join, resolve } from "node:path";
import type { FastifyInstance, FastifyReply } from "fastify";
import { shopOfSessionToken } from "./auth-routes";
import type { AppContext } from "./context";

export const APP_BRIDGE_CDN = "https://cdn.shopify.com/shopifycloud/app-bridge.js";
export const DEFAULT_ADMIN_DIST = resolve(__dirname, "../../admin/dist");

/** The embedded admin's pages (client-side routes): each answers index.html. */
export const ADMIN_PAGES = ["/", "/orders", "/shipments", "/manifests", "/settings"];

export interface AdminPageOptions {
  /** Where the built admin is (admin/dist). */
  dist?: string;
  /** The App Bridge script; Shopify's CDN unless a development launch names its stand-in. */
  appBridgeScript?: string;
  /** Besides the shop's admin and admin.shopify.com, who may frame the app (the local Shopify's admin). */
  frameAncestors?: string[];
}

const TYPES: Record<string, string> = {
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".woff2": "font/woff2",
  ".json": "application/json",
};

const escapeAttr = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function notBuilt(dist: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Canada Post</title></head><body>
<h1>Canada Post</h1><p>The embedded admin is not built (${escapeAttr(dist)} is missing): run <code>npm run build:admin</code>.</p></body></html>`;
}

export async function adminPageRoutes(app: FastifyInstance, ctx: AppContext, options: AdminPageOptions = {}) {
  const dist = options.dist ?? DEFAULT_ADMIN_DIST;
  const script = options.appBridgeScript ?? APP_BRIDGE_CDN;
  let template: string | undefined;
  // Read once when built; a missing build is looked for again on each request (it may be built meanwhile).
  const html = (): string | undefined => {
    if (template) return template;
    const file = join(dist, "index.html");
    if (!existsSync(file)) return undefined;
    template = readFileSync(file, "utf8")
      .replaceAll("__SHOPIFY_API_KEY__", escapeAttr(ctx.config.apiKey))
      .replace(APP_BRIDGE_CDN, escapeAttr(script));
    return template;
  };

  const framedBy = (shop: string | undefined) =>
    [
      "https://admin.shopify.com",
      ...(shop ? [`https://${shop}`] : []),
      ...(options.frameAncestors ?? []),
    ].join(" ");

  const page = async (query: Record<string, string | undefined>, reply: FastifyReply) => {
    const shop = query.shop ? (ctx.shopify.utils.sanitizeShop(query.shop) ?? undefined) : undefined;
    if (query.id_token) {
      // Opened by the admin: install now if needed. A stale token (a reloaded frame) installs nothing, and the
      // page still loads: its API calls carry fresh session tokens from App Bridge.
      await shopOfSessionToken(ctx, query.id_token).catch(() => undefined);
    } else if (shop && !query.embedded && !query.host) {
      // Outside the admin with only ?shop=: install by OAuth, as Shopify's install link does.
      return reply.redirect(`/auth?shop=${encodeURIComponent(shop)}`);
    }
    const body = html();
    return reply
      .type("text/html; charset=utf-8")
      .header("Content-Security-Policy", `frame-ancestors ${framedBy(shop)};`)
      .header("cache-control", "no-store")
      .send(body ?? notBuilt(dist));
  };

  for (const path of ADMIN_PAGES)
    app.get(path, (request, reply) => page(request.query as Record<string, string | undefined>, reply));

  app.get("/assets/*", async (request, reply) => {
    const name = (request.params as { "*": string })["*"];
    if (!/^[A-Za-z0-9._-]+$/.test(name)) return reply.code(404).send({ type: "not_found" });
    const data = await readFile(join(dist, "assets", name)).catch(() => undefined);
    if (!data) return reply.code(404).send({ type: "not_found" });
    return reply
      .type(TYPES[extname(name)] ?? "application/octet-stream")
      .header("cache-control", "public, max-age=31536000, immutable")
      .send(data);
  });
}
