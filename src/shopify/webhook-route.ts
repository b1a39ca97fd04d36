/**
 * Every webhook arrives here: checked by shopify-api's validate (the HMAC over the raw body and Shopify's
 * headers) before anything is read, then processed once per X-Shopify-Webhook-Id. Shopify delivers at least
 * once: a redelivery of a webhook processed (or being processed) is answered 200 and not done again; one
 * whose processing failed is forgotten and answered 500, so Shopify's retry does it.
 */
import type { FastifyInstance } from "fastify";
import type { AppContext } from "./context";
import { WEBHOOK_PATH } from "./registration";
import type { WebhookHandlers } from "./webhook-handlers";

export async function webhookRoutes(app: FastifyInstance, ctx: AppContext, handlers: WebhookHandlers) {
  app.addContentTypeParser("*", { parseAs: "buffer" }, (_req, body, done) => done(null, body));
  app.post(WEBHOOK_PATH, async (request, reply) => {
    const raw = (request.body as Buffer | undefined) ?? Buffer.alloc(0);
    const check = await ctx.shopify.webhooks.validate({
      rawBody: raw.toString("utf8"),
      rawRequest: request.raw,
      rawResponse: reply.raw,
    });
    if (!check.valid) return reply.code(401).send({ error: `webhook refused: ${check.reason}` });
    const topic = String(request.headers["x-shopify-topic"] ?? "");
    const shop = check.domain;
    const webhookId = check.webhookId;
    const claimed = await ctx.pool.query(
      `insert into processed_webhooks (webhook_id, shop, topic) values ($1, $2, $3)
       on conflict (webhook_id) do nothing returning webhook_id`,
      [webhookId, shop, topic],
    );
    if (!claimed.rowCount) return { ok: true, duplicate: true };
    try {
      await handlers.handle(topic, shop, JSON.parse(raw.toString("utf8")) as Record<string, unknown>);
      await ctx.pool.query("update processed_webhooks set state = 'done' where webhook_id = $1", [webhookId]);
      return { ok: true };
    } catch (e) {
      await ctx.pool
        .query("delete from processed_webhooks where webhook_id = $1", [webhookId])
        .catch(() => undefined);
      ctx.logger.error(`webhook ${topic} from ${shop} (${webhookId}) failed: ${(e as Error).message}`);
      return reply.code(500).send({ error: "not processed; Shopify will deliver it again" });
    }
  });
}
