/**
 * Documents and catalogue for the embedded admin: one file to print for a batch of labels (the PDFs merged
 * page after page, or the ZPL labels one after the other for a thermal printer), and the shop's variants
 * with the sizes the app knows (what the settings page's rate preview builds a cart from).
 */
import type { FastifyInstance, FastifyRequest } from "fastify";
import { PDFDocument } from "pdf-lib";
import { adminGraphql } from "./admin-graphql";
import { offlineSession, type AppContext } from "./context";
import { LabelRequestError } from "./labels";
import { legacyIdOf } from "./order-mapping";
import { recordOf, type ShipmentRow } from "./shipment-rows";

const shopOf = (request: FastifyRequest) => (request as FastifyRequest & { shop: string }).shop;

/** At most this many labels in one file: a day's batch, not the whole history. */
export const MAX_MERGED_LABELS = 200;

const VARIANTS = `query PreviewVariants($first: Int!) {
  productVariants(first: $first) { nodes {
    id legacyResourceId sku title price
    product { id legacyResourceId title }
    inventoryItem { measurement { weight { unit value } } }
  } }
}`;

interface VariantNode {
  id: string;
  legacyResourceId: string;
  sku: string | null;
  title: string;
  price: string;
  product: { id: string; legacyResourceId: string; title: string };
  inventoryItem: { measurement: { weight: { unit: string; value: number } | null } | null } | null;
}

const GRAMS_PER: Record<string, number> = {
  GRAMS: 1,
  KILOGRAMS: 1000,
  OUNCES: 28.349523125,
  POUNDS: 453.59237,
};

/** PDFs one after the other in one PDF; ZPL texts one after the other (each label is its own ^XA…^XZ). */
export async function mergeLabels(labels: { mediaType: string; data: Buffer }[]) {
  const zpl = labels.every((l) => l.mediaType.includes("zpl"));
  if (zpl) return { mediaType: labels[0]!.mediaType, data: Buffer.concat(labels.map((l) => l.data)) };
  if (!labels.every((l) => l.mediaType.includes("pdf")))
    throw new LabelRequestError("these labels are PDF and ZPL mixed: print each kind apart");
  const merged = await PDFDocument.create();
  for (const l of labels) {
    const doc = await PDFDocument.load(l.data);
    for (const page of await merged.copyPages(doc, doc.getPageIndices())) merged.addPage(page);
  }
  return { mediaType: "application/pdf", data: Buffer.from(await merged.save()) };
}

export async function adminDocumentRoutes(app: FastifyInstance, ctx: AppContext) {
  app.post("/api/labels/merged", async (request, reply) => {
    const shop = shopOf(request);
    const ids = ((request.body ?? {}) as { shipment_ids?: unknown }).shipment_ids;
    if (!Array.isArray(ids) || !ids.length || !ids.every((i) => /^\d{1,18}$/.test(String(i))))
      throw new LabelRequestError('give the labels as { "shipment_ids": ["12", "13"] }');
    if (ids.length > MAX_MERGED_LABELS)
      throw new LabelRequestError(`at most ${MAX_MERGED_LABELS} labels in one file`);
    const { rows } = await ctx.pool.query<ShipmentRow>(
      "select * from shipments where shop = $1 and id = any($2::bigint[]) order by created_at, parcel_index",
      [shop, ids.map(String)],
    );
    if (rows.length !== ids.length) throw new LabelRequestError("no such shipment", 404);
    const core = await ctx.cores.forShop(shop);
    const labels = [];
    for (const row of rows) {
      const label = await core.shipping.shipments.label(recordOf(row));
      if (!label) throw new LabelRequestError(`Canada Post gave ${row.tracking_pin ?? row.id} no label`, 404);
      labels.push(label);
    }
    const merged = await mergeLabels(labels);
    const ext = merged.mediaType.includes("zpl") ? "zpl" : "pdf";
    return reply
      .type(merged.mediaType)
      .header("content-disposition", `attachment; filename="labels-${rows.length}.${ext}"`)
      .header("cache-control", "private, no-store")
      .send(merged.data);
  });

  app.get("/api/products", async (request) => {
    const shop = shopOf(request);
    const session = await offlineSession(ctx, shop);
    const { productVariants } = await adminGraphql<{ productVariants: { nodes: VariantNode[] } }>(
      ctx.shopify,
      session,
      VARIANTS,
      { first: 100 },
    );
    const sizes = await ctx.variants.get(
      shop,
      productVariants.nodes.map((v) => legacyIdOf(v.id)),
    );
    return {
      variants: productVariants.nodes.map((v) => {
        const w = v.inventoryItem?.measurement?.weight;
        const known = sizes.get(legacyIdOf(v.id));
        return {
          variant_id: Number(v.legacyResourceId),
          product_id: Number(v.product.legacyResourceId),
          title: v.title && v.title !== "Default Title" ? `${v.product.title} – ${v.title}` : v.product.title,
          sku: v.sku,
          grams: w ? Math.round(w.value * (GRAMS_PER[w.unit] ?? 1)) : 0,
          price_cents: Math.round(Number(v.price) * 100),
          dimensions_cm:
            known?.length && known.width && known.height
              ? { length: known.length, width: known.width, height: known.height }
              : null,
        };
      }),
    };
  });
}
