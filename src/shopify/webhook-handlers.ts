/**
 * What each webhook topic does. app/uninstalled removes the shop's sessions and nothing else (a reinstall
 * finds its settings and labels); products keep the variants' sizes; orders/create remembers the service
 * the customer chose; a fulfillment the merchant cancels in Shopify voids or refunds its labels; one the
 * merchant makes in Shopify's admin gets its labels when the shop asked for that; privacy topics per
 * privacy.ts.
 */
import { adminGraphql } from "./admin-graphql";
import { offlineSession, type AppContext } from "./context";
import type { LabelService } from "./labels";
import { SERVICE_CODE } from "./order-mapping";
import { answerDataRequest, redactCustomer } from "./privacy";
import type { ProductSync } from "./product-sync";
import { FULFILLMENT_QUERY } from "./queries";

type Body = Record<string, unknown>;

export class WebhookHandlers {
  constructor(
    private readonly ctx: AppContext,
    private readonly labels: LabelService,
    private readonly products: ProductSync,
  ) {}

  async handle(topic: string, shop: string, body: Body): Promise<void> {
    switch (topic) {
      case "app/uninstalled":
        return this.uninstalled(shop);
      case "orders/create":
        return this.orderCreated(shop, body);
      case "products/create":
      case "products/update":
        return this.productChanged(shop, body);
      case "fulfillments/create":
        return this.fulfillmentCreated(shop, body);
      case "fulfillments/update":
        if (body.status === "cancelled") await this.fulfillmentCancelled(shop, body);
        return;
      case "customers/data_request":
        await answerDataRequest(this.ctx.pool, shop, body);
        return;
      case "customers/redact":
        return redactCustomer(this.ctx.pool, shop, body);
      case "shop/redact":
        this.ctx.cores.invalidate(shop);
        return this.ctx.shops.forget(shop);
      default:
        this.ctx.logger.info(`webhook ${topic} from ${shop}: nothing to do`);
    }
  }

  private async uninstalled(shop: string): Promise<void> {
    await this.ctx.sessions.deleteShop(shop);
    await this.ctx.shops.uninstalled(shop);
    this.ctx.cores.invalidate(shop);
    this.ctx.variants.forgetShop(shop);
  }

  private async orderCreated(shop: string, body: Body): Promise<void> {
    const line = (body.shipping_lines as Body[] | undefined)?.[0];
    if (!line) return;
    const code = typeof line.code === "string" && SERVICE_CODE.test(line.code) ? line.code : null;
    const cents = Math.round(Number(line.price ?? 0) * 100);
    await this.ctx.pool.query(
      `insert into order_choices (shop, order_id, order_name, service_code, title, price_cents, currency, source)
       select $1, $2, $3, $4, $5, $6, $7, $8 where exists (select 1 from shops where shop = $1)
       on conflict (shop, order_id) do nothing`,
      [shop, body.admin_graphql_api_id, body.name, code, line.title, cents, body.currency, line.source],
    );
  }

  private async productChanged(shop: string, body: Body): Promise<void> {
    const session = await offlineSession(this.ctx, shop);
    await this.products.product(
      session,
      (body.admin_graphql_api_id as string) ?? `gid://shopify/Product/${String(body.id)}`,
    );
  }

  private async fulfillmentCancelled(shop: string, body: Body): Promise<void> {
    const id = body.admin_graphql_api_id as string;
    const rows = await this.labels.queries.ofFulfillment(shop, id);
    if (!rows.length) return; // not a Canada Post fulfillment of this app
    await this.labels.cancelFulfillment(shop, id, { inShopify: false });
  }

  /** The merchant fulfilled in Shopify's admin: labels for it when the shop asked for that. */
  private async fulfillmentCreated(shop: string, body: Body): Promise<void> {
    const id = body.admin_graphql_api_id as string;
    if ((await this.labels.queries.ofFulfillment(shop, id)).length) return; // ours
    const core = await this.ctx.cores.forShop(shop);
    if (!core.stored.app.autoLabelOnFulfill) return;
    if (body.tracking_number || (body.tracking_numbers as unknown[] | undefined)?.length) return; // tracked elsewhere
    const session = await offlineSession(this.ctx, shop);
    const { fulfillment } = await adminGraphql<{
      fulfillment: {
        id: string;
        status: string;
        order: { id: string };
        fulfillmentOrders: { nodes: { id: string }[] };
      } | null;
    }>(this.ctx.shopify, session, FULFILLMENT_QUERY, { id });
    if (!fulfillment || fulfillment.status === "CANCELLED") return;
    await this.labels.createLabels(shop, fulfillment.order.id, {
      fulfillmentOrderIds: fulfillment.fulfillmentOrders.nodes.map((f) => f.id),
      existingFulfillmentId: fulfillment.id,
    });
  }
}
