/**
 * Connect with Canada Post from the embedded admin's Settings page. Behind the session token: the connection
 * (GET), start (POST …/start: the Canada Post page and the nonce the page keeps), complete (POST
 * …/complete: Canada Post's return with that nonce, by the same staff member) and disconnect (DELETE).
 * Outside it: GET /connection/return, where Canada Post sends the browser, which completes nothing and only
 * carries the return into the embedded admin (the Settings page), where an authenticated call completes it.
 */
import type { FastifyInstance, FastifyRequest } from "fastify";
import type { AppContext } from "./context";
import { RETURN_PATH, type ShopConnections } from "./shop-connection";

type Authed = FastifyRequest & { shop: string; user: string };

/** Canada Post's own query parameters on the return, and the state the app gave it. */
const RETURN_PARAMS = ["state", "token-id", "registration-status"];

export async function adminConnectionRoutes(app: FastifyInstance, connections: ShopConnections) {
  app.get("/api/connection", async (request) => ({
    connection: await connections.view((request as Authed).shop),
  }));

  app.post("/api/connection/start", async (request) => {
    const r = request as Authed;
    const host = (request.body as { host?: unknown } | undefined)?.host;
    return connections.start(r.shop, r.user, typeof host === "string" && host ? host : undefined);
  });

  app.post("/api/connection/complete", async (request) => {
    const r = request as Authed;
    const body = (request.body ?? {}) as Record<string, unknown>;
    const query = Object.fromEntries(RETURN_PARAMS.map((k) => [k, body[k]]));
    const nonce = typeof body.nonce === "string" ? body.nonce : undefined;
    return { connection: await connections.complete(r.shop, r.user, query, nonce) };
  });

  app.delete("/api/connection", async (request) => ({
    connection: await connections.disconnect((request as Authed).shop),
  }));
}

/**
 * Where the embedded admin's Settings page is for a shop: the admin's own URL in development (the local
 * Shopify), else the host Shopify gave the app (checked to be Shopify's admin), else the shop's admin.
 */
export function embeddedSettingsUrl(ctx: AppContext, shop: string, host: string | undefined): string {
  const local = ctx.adminUrlOf?.(shop);
  if (local) return `${local}/apps/${encodeURIComponent(ctx.config.apiKey)}/settings`;
  const safeHost = host ? ctx.shopify.utils.sanitizeHost(host) : null;
  const admin = safeHost
    ? `https://${Buffer.from(safeHost, "base64").toString("utf8")}`
    : `https://admin.shopify.com/store/${shop.replace(/\.myshopify\.com$/, "")}`;
  return `${admin}/apps/${encodeURIComponent(ctx.config.apiKey)}/settings`;
}

export async function connectionReturnRoute(app: FastifyInstance, ctx: AppContext) {
  app.get(RETURN_PATH, async (request, reply) => {
    const q = request.query as Record<string, string | undefined>;
    const shop = ctx.shopify.utils.sanitizeShop(q.shop ?? "");
    if (!shop) return reply.code(400).send({ type: "invalid_request", message: "no shop in this return" });
    const target = new URL(embeddedSettingsUrl(ctx, shop, q.host));
    for (const k of RETURN_PARAMS) if (typeof q[k] === "string") target.searchParams.set(k, q[k]);
    return reply.redirect(target.toString());
  });
}
