/**
 * Variant sizes and customs data from the canada_post metafields into the app's table: a product at a time
 * when products webhooks say it changed, and the whole catalogue once when the shop installs (products
 * made before the app came fire no webhook). The catalogue is read in the background, a page at a time:
 * until it is done, checkout packs unknown variants with the merchant's default item size.
 */
import type { Session } from "@shopify/shopify-api";
import { adminGraphql } from "./admin-graphql";
import type { AppContext } from "./context";
import { PRODUCT_DIMENSIONS } from "./queries";
import { variantDataOf } from "./variant-catalog";

type Fields = { nodes: { key: string; value: string }[] };
interface ProductNode {
  id: string;
  legacyResourceId: string;
  metafields: Fields;
  variants: { nodes: { id: string; legacyResourceId: string; sku: string | null; metafields: Fields }[] };
}

const fieldsOf = (m: Fields | undefined) => Object.fromEntries((m?.nodes ?? []).map((f) => [f.key, f.value]));

const PRODUCT_FIELDS = `id legacyResourceId
  metafields(namespace: "canada_post", first: 10) { nodes { key value } }
  variants(first: 100) { nodes { id legacyResourceId sku metafields(namespace: "canada_post", first: 10) { nodes { key value } } } }`;

const CATALOGUE_PAGE = `query CataloguePage($after: String) {
  products(first: 25, after: $after) { pageInfo { hasNextPage endCursor } nodes { ${PRODUCT_FIELDS} } }
}`;

export class ProductSync {
  private readonly running = new Map<string, Promise<number>>();

  constructor(private readonly ctx: AppContext) {}

  async product(session: Session, productGid: string): Promise<void> {
    const { product } = await adminGraphql<{ product: ProductNode | null }>(
      this.ctx.shopify,
      session,
      PRODUCT_DIMENSIONS,
      {
        id: productGid,
      },
    );
    if (product) await this.save(session.shop, product);
  }

  /** Reads the whole catalogue in the background (once at a time per shop); answers the products read. */
  catalogue(session: Session): Promise<number> {
    let run = this.running.get(session.shop);
    if (!run) {
      run = this.readAll(session)
        .catch((e: Error) => {
          this.ctx.logger.warn(`reading ${session.shop}'s product sizes: ${e.message}`);
          return 0;
        })
        .finally(() => this.running.delete(session.shop));
      this.running.set(session.shop, run);
    }
    return run;
  }

  /** Resolves when the shop's catalogue read (if one runs) is done. */
  async settled(shop: string): Promise<void> {
    await this.running.get(shop);
  }

  private async readAll(session: Session): Promise<number> {
    let after: string | null = null;
    let count = 0;
    for (;;) {
      const {
        products,
      }: {
        products: { pageInfo: { hasNextPage: boolean; endCursor: string | null }; nodes: ProductNode[] };
      } = await adminGraphql(this.ctx.shopify, session, CATALOGUE_PAGE, { after });
      for (const p of products.nodes) await this.save(session.shop, p);
      count += products.nodes.length;
      if (!products.pageInfo.hasNextPage || !products.pageInfo.endCursor) return count;
      after = products.pageInfo.endCursor;
    }
  }

  private async save(shop: string, product: ProductNode): Promise<void> {
    const own = fieldsOf(product.metafields);
    await this.ctx.variants.save(
      shop,
      Number(product.legacyResourceId),
      product.variants.nodes.map((v) => ({
        id: Number(v.legacyResourceId),
        sku: v.sku,
        data: variantDataOf(fieldsOf(v.metafields), own),
      })),
    );
  }
}
