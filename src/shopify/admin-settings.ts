/**
 * The embedded admin's API for the shop's settings (read with the API key masked, written with every
 * problem listed), the Canada Post connection test and service notices, a rate preview (the checkout's own computation),
 * end-of-day manifests (waiting groups, transmit, history, PDFs) and the privacy requests answered.
 */
import type { FastifyInstance, FastifyRequest } from "fastify";
import { parseMerchantSettings } from "../shipping/settings";
import type { AppContext } from "./context";
import { LabelRequestError } from "./labels";
import {
  cartLinesOf,
  cartQuoteRequestOf,
  currencyOf,
  rateRequestOf,
  shopifyRatesOf,
  variantIdsOf,
} from "./rate-request";
import { canadaPostChoiceOf, maskSecret, merchantInputOf, type StoredShopSettings } from "./shop-settings";
import { recordOf, type ShipmentRow } from "./shipment-rows";
import type { CanadaPostKey } from "./shops";

const shopOf = (request: FastifyRequest) => (request as FastifyRequest & { shop: string }).shop;

interface SettingsChange {
  merchant?: Record<string, unknown>;
  app?: Partial<StoredShopSettings["app"]>;
  /** The Canada Post API key: set it, or null to go back to the app's default. */
  credentials?: CanadaPostKey | null;
}

export async function adminSettingsRoutes(app: FastifyInstance, ctx: AppContext) {
  const rowOf = async (shop: string) => {
    const row = await ctx.shops.get(shop);
    if (!row) throw new LabelRequestError(`${shop} has not installed the app`, 403);
    return row;
  };

  app.get("/api/settings", async (request) => {
    const row = await rowOf(shopOf(request));
    const own = ctx.shops.credentialsOf(row);
    const core = await ctx.cores.forShop(row.shop);
    const s = core.shipping.settings;
    return {
      backend: { kind: core.backend.kind, base_url: core.backend.baseUrl },
      credentials: {
        source: own ? "shop" : "app default",
        username: maskSecret(own?.username ?? s.canadaPost.username),
        password_set: Boolean(own?.password ?? s.canadaPost.password),
        customer_number: s.canadaPost.customerNumber ?? null,
        contract_id: s.canadaPost.contractId ?? null,
        env: s.canadaPost.env,
      },
      app: row.settings.app,
      // The settings in force, defaults filled in, without the API key.
      merchant: { ...s, canadaPost: undefined },
      stored: row.settings.merchant,
      carrier_service: { id: row.carrier_service_id, callback_url: row.carrier_callback_url },
      version: row.settings_version,
    };
  });

  app.put("/api/settings", async (request) => {
    const shop = shopOf(request);
    const row = await rowOf(shop);
    const change = (request.body ?? {}) as SettingsChange;
    const merchant = {
      ...row.settings.merchant,
      ...(change.merchant ?? {}),
    } as StoredShopSettings["merchant"];
    const pasted = (merchant.canadaPost ?? {}) as Record<string, unknown>;
    if ("username" in pasted || "password" in pasted)
      throw new LabelRequestError(
        'send the API key as { "credentials": { "username", "password" } }, not in merchant settings',
      );
    const stored: StoredShopSettings = { merchant, app: { ...row.settings.app, ...(change.app ?? {}) } };
    const own =
      change.credentials === undefined ? ctx.shops.credentialsOf(row) : (change.credentials ?? undefined);
    if (own && (!own.username || !own.password))
      throw new LabelRequestError(
        "credentials need both the username and the password of your Canada Post API key",
      );
    // Checked as the core will read them: every problem is listed, nothing is saved.
    parseMerchantSettings(merchantInputOf(stored, canadaPostChoiceOf(stored, own, {})));
    const version = await ctx.shops.saveSettings(shop, stored, change.credentials);
    ctx.cores.invalidate(shop);
    return { saved: true, version };
  });

  app.post("/api/settings/test-connection", async (request) => {
    const core = await ctx.cores.forShop(shopOf(request));
    return { backend: core.backend.kind, report: await core.shipping.connection.test() };
  });

  // Canada Post's scheduled outages (Get Service Info), in the shop's language: none is an empty list.
  app.get("/api/service-notices", async (request) => {
    const core = await ctx.cores.forShop(shopOf(request));
    return { notices: await core.shipping.serviceNotices() };
  });

  app.post("/api/rates/preview", async (request) => {
    const shop = shopOf(request);
    const core = await ctx.cores.forShop(shop);
    const rate = rateRequestOf(request.body);
    const lines = cartLinesOf(rate, await ctx.variants.get(shop, variantIdsOf(rate)));
    const quote = await core.shipping.rates.quoteCart(cartQuoteRequestOf(rate, lines));
    return {
      rates: shopifyRatesOf(quote, currencyOf(rate), core.shipping.settings.shipments.timeZone),
      source: quote.source,
      reason: quote.reason ?? null,
      problem: quote.problem ?? null,
      parcels: quote.parcels,
    };
  });

  const waitingRecords = async (shop: string) =>
    (
      await ctx.pool.query<ShipmentRow>(
        "select * from shipments where shop = $1 and status = 'created' and mode = 'manifest' and group_id is not null",
        [shop],
      )
    ).rows.map(recordOf);

  app.get("/api/manifests", async (request) => {
    const shop = shopOf(request);
    const core = await ctx.cores.forShop(shop);
    const { rows } = await ctx.pool.query(
      "select id, manifest_id, po_number, group_ids, shipment_count, document_media_type, problem, created_at from manifests where shop = $1 order by created_at desc limit 100",
      [shop],
    );
    return {
      mode: core.shipping.settings.shipments.mode,
      waiting: core.shipping.manifests.waiting(await waitingRecords(shop)),
      history: rows.map((r) => ({
        ...r,
        document_url: r.document_media_type ? `/api/manifests/${r.id}/document` : null,
      })),
    };
  });

  app.post("/api/manifests/transmit", async (request, reply) => {
    const shop = shopOf(request);
    const core = await ctx.cores.forShop(shop);
    const groupIds = ((request.body ?? {}) as { group_ids?: string[] }).group_ids ?? [];
    const waiting = await waitingRecords(shop);
    const { manifests, transmitted } = await core.shipping.manifests.transmit(groupIds, waiting);
    for (const m of manifests)
      await ctx.pool.query(
        `insert into manifests (shop, manifest_id, po_number, group_ids, shipment_count, document_location, document_media_type, links, problem)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9) on conflict (shop, manifest_id) do nothing`,
        [
          shop,
          m.manifestId,
          m.poNumber ?? null,
          m.groupIds,
          transmitted.length,
          m.document?.location ?? null,
          m.document?.mediaType ?? null,
          JSON.stringify(m.links),
          m.problem ?? null,
        ],
      );
    return reply.code(201).send({ manifests, transmitted: transmitted.length });
  });

  app.get("/api/manifests/:id/document", async (request, reply) => {
    const shop = shopOf(request);
    const id = (request.params as { id: string }).id;
    if (!/^\d{1,18}$/.test(id)) throw new LabelRequestError("no such manifest", 404);
    const { rows } = await ctx.pool.query<{ manifest_id: string; document_location: string | null }>(
      "select manifest_id, document_location from manifests where shop = $1 and id = $2",
      [shop, id],
    );
    const core = await ctx.cores.forShop(shop);
    const doc = rows[0]?.document_location
      ? await core.shipping.shipments.labels.get(rows[0].document_location)
      : undefined;
    if (!doc) throw new LabelRequestError("this manifest has no document", 404);
    return reply
      .type(doc.mediaType)
      .header(
        "content-disposition",
        `attachment; filename="manifest-${rows[0]!.manifest_id.replace(/[^A-Za-z0-9_-]/g, "")}.pdf"`,
      )
      .send(doc.data);
  });

  app.get("/api/data-requests", async (request) => {
    const { rows } = await ctx.pool.query(
      "select id, customer_id, payload, created_at from data_requests where shop = $1 order by created_at desc limit 50",
      [shopOf(request)],
    );
    return { data_requests: rows };
  });
}
