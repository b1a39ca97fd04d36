/**
 * The carrier-service callback: Shopify asks for rates on every cart change and waits 10 s at most (3 s
 * under heavy load), with no retry. The signature is checked over the raw body before anything else: a bad
 * or missing one is refused (401) and costs no Canada Post call. Then the cart is priced by the shop's core
 * (coalesced calls, cache, deadline, fallback) and answered in Shopify's format. What the shopper cannot
 * change (over 30 kg, no service to that country) is an empty list; Canada Post slow or down is the
 * merchant's fallback rates, or with none a 503 so that Shopify shows its backup rates. Never a hang.
 */
import type { FastifyInstance } from "fastify";
import { PackingError } from "../shipping/packing";
import type { AppContext } from "./context";
import { bodySignatureValid } from "./hmac";
import {
  cartLinesOf,
  cartQuoteRequestOf,
  currencyOf,
  rateRequestOf,
  RateRequestError,
  shopifyRatesOf,
  variantIdsOf,
} from "./rate-request";
import { CARRIER_CALLBACK_PATH } from "./registration";
import { ShopNotInstalledError } from "./shop-cores";

/** Always under Shopify's shortest wait (3 s), whatever deadline the merchant set. */
export const CALLBACK_DEADLINE_MS = 2_800;

export async function carrierRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  // The raw bytes, unparsed: the signature is over them, and nothing is parsed before it is checked.
  app.addContentTypeParser("*", { parseAs: "buffer" }, (_req, body, done) => done(null, body));
  app.post(CARRIER_CALLBACK_PATH, async (request, reply) => {
    const raw = request.body as Buffer | undefined;
    if (
      !raw?.length ||
      !bodySignatureValid(raw, request.headers["x-shopify-hmac-sha256"], ctx.config.apiSecret)
    )
      return reply.code(401).send({ error: "invalid or missing X-Shopify-Hmac-Sha256" });
    const shop = String(request.headers["x-shopify-shop-domain"] ?? "").toLowerCase();
    let rate;
    try {
      rate = rateRequestOf(JSON.parse(raw.toString("utf8")));
    } catch (e) {
      const message = e instanceof RateRequestError ? e.message : "the body is not JSON";
      return reply.code(400).send({ error: message });
    }
    // The shopper gone (Shopify hung up) or our own deadline: the core stops waiting and falls back.
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), CALLBACK_DEADLINE_MS);
    reply.raw.once("close", () => {
      if (!reply.raw.writableFinished) controller.abort();
    });
    try {
      const core = await ctx.cores.forShop(shop);
      const variants = await ctx.variants.get(shop, variantIdsOf(rate));
      const lines = cartLinesOf(rate, variants);
      if (!lines.length) return { rates: [] };
      const quote = await core.shipping.rates.quoteCart(cartQuoteRequestOf(rate, lines, controller.signal));
      if (quote.source === "fallback" && !quote.quotes.length) {
        ctx.logger.warn(
          `Canada Post rates for ${shop}: no fallback rates configured (${quote.reason}); Shopify shows its backup rates`,
        );
        return reply
          .code(503)
          .send({ error: "Canada Post could not be reached in time", reason: quote.reason });
      }
      if (quote.source === "fallback")
        ctx.logger.warn(`Canada Post rates for ${shop} fell back: ${quote.reason}`);
      return { rates: shopifyRatesOf(quote, currencyOf(rate), core.shipping.settings.shipments.timeZone) };
    } catch (e) {
      if (e instanceof PackingError) return { rates: [] }; // cannot ship as parcels: no Canada Post rate
      if (e instanceof ShopNotInstalledError) return reply.code(404).send({ error: e.message });
      ctx.logger.error(`Canada Post rates for ${shop} failed: ${(e as Error).message}`);
      return reply.code(503).send({ error: "rates are not available now" });
    } finally {
      clearTimeout(timer);
    }
  });
}
