/**
 * Installing and opening the app. OAuth (GET /auth?shop= then /auth/callback) through shopify-api, for an
 * install from outside the admin; token exchange for the embedded admin: a session token (App Bridge's
 * id_token, or the Bearer token of an admin API call) is exchanged for the shop's offline token the first
 * time, and the shop is registered (carrier service, webhooks) then. Every admin API call is authenticated
 * with the session token (decodeSessionToken checks its signature, audience and expiry).
 */
import { RequestedTokenType, type Session } from "@shopify/shopify-api";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { offlineSession, type AppContext } from "./context";
import { registerShop } from "./registration";

export class UnauthorizedError extends Error {
  override readonly name = "UnauthorizedError";
}

/** Stores the offline session and registers the shop (carrier service, webhooks, settings). */
export async function installed(ctx: AppContext, session: Session): Promise<void> {
  await ctx.sessions.storeSession(session);
  await registerShop(ctx.shopify, ctx.shops, session, ctx.config.appUrl);
  ctx.cores.invalidate(session.shop);
  void ctx.products?.catalogue(session);
}

/** The shop a session token speaks for, installing the app through token exchange when it has no token yet. */
export async function shopOfSessionToken(ctx: AppContext, token: string): Promise<string> {
  return (await staffOfSessionToken(ctx, token)).shop;
}

/** The shop and the staff member (the token's subject) a session token speaks for; installs as above. */
export async function staffOfSessionToken(
  ctx: AppContext,
  token: string,
): Promise<{ shop: string; user: string }> {
  let payload;
  try {
    payload = await ctx.shopify.session.decodeSessionToken(token);
  } catch (e) {
    throw new UnauthorizedError(`session token refused: ${(e as Error).message}`);
  }
  const shop = ctx.shopify.utils.sanitizeShop(new URL(payload.dest).hostname);
  if (!shop) throw new UnauthorizedError("the session token names no shop");
  const row = await ctx.shops.get(shop);
  const hasSession = await offlineSession(ctx, shop).then(
    () => true,
    () => false,
  );
  if (!hasSession || !row || row.uninstalled_at) {
    const { session } = await ctx.shopify.auth.tokenExchange({
      shop,
      sessionToken: token,
      requestedTokenType: RequestedTokenType.OfflineAccessToken,
    });
    await installed(ctx, session);
  }
  return { shop, user: String(payload.sub ?? "") };
}

/** The Bearer session token of an admin API request → the shop (request.shop) and staff member (request.user). */
export function sessionTokenAuth(ctx: AppContext) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const header = request.headers.authorization ?? "";
    const token = /^Bearer\s+(.+)$/i.exec(header)?.[1];
    if (!token) return reply.code(401).send({ error: "missing Authorization: Bearer <session token>" });
    try {
      const staff = await staffOfSessionToken(ctx, token);
      Object.assign(request, staff);
    } catch (e) {
      if (e instanceof UnauthorizedError)
        return reply
          .code(401)
          .header("X-Shopify-Retry-Invalid-Session-Request", "1")
          .send({ error: e.message });
      throw e;
    }
  };
}

export async function authRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  app.get("/auth", async (request, reply) => {
    const shop = ctx.shopify.utils.sanitizeShop(String((request.query as { shop?: string }).shop ?? ""));
    if (!shop) return reply.code(400).send({ error: "give the shop: /auth?shop=your-shop.myshopify.com" });
    reply.hijack(); // shopify-api answers on the raw response (redirect and its state cookie)
    await ctx.shopify.auth.begin({
      shop,
      callbackPath: "/auth/callback",
      isOnline: false,
      rawRequest: request.raw,
      rawResponse: reply.raw,
    });
  });

  app.get("/auth/callback", async (request, reply) => {
    const { session } = await ctx.shopify.auth.callback({ rawRequest: request.raw, rawResponse: reply.raw });
    await installed(ctx, session);
    const target = await ctx.shopify.auth.getEmbeddedAppUrl({
      rawRequest: request.raw,
      rawResponse: reply.raw,
    });
    return reply.redirect(target);
  });

  app.get("/health", async () => ({ ok: true }));
}
