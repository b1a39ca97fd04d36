import type { MedusaContainer } from "@medusajs/framework/types";
import { ContainerRegistrationKeys, Modules, ProductStatus } from "@medusajs/framework/utils";
import {
  createApiKeysWorkflow,
  createInventoryLevelsWorkflow,
  createProductsWorkflow,
  createRegionsWorkflow,
  createSalesChannelsWorkflow,
  createShippingOptionsWorkflow,
  createShippingProfilesWorkflow,
  createStockLocationsWorkflow,
  createTaxRegionsWorkflow,
  linkSalesChannelsToApiKeyWorkflow,
  linkSalesChannelsToStockLocationWorkflow,
  updateStoresWorkflow,
} from "@medusajs/medusa/core-flows";
import { ensureCanadianTaxRates } from "./canadian-tax-rates";
import { serviceNameOf } from "./service-names";

/**
 * The demo store "Maple Goods": a Canadian shop in Ottawa selling in CAD and shipping with Canada Post.
 * Every piece is found or created, so seeding twice (or after a crash half way) never duplicates anything.
 */

/** The provider's row id in the fulfillment_provider table (the container key is `fp_` + this). */
export const CANADA_POST_PROVIDER_ID = "canada-post_canada-post";
export const DEMO_REGION_NAME = "Canada";
export const DEMO_WORLD_REGION_NAME = "Rest of the world";
export const DEMO_STOCK_LOCATION_NAME = "Ottawa warehouse";
export const DEMO_SALES_CHANNEL_NAME = "Default Sales Channel";
export const DEMO_API_KEY_TITLE = "Maple Goods webshop";
const FULFILLMENT_SET_NAME = "Ottawa warehouse shipping";

/** Where each Canada Post option is offered: one service zone per destination group. */
const ZONES = [
  { name: "Canada", countries: ["ca"], services: ["DOM.RP", "DOM.EP", "DOM.XP", "DOM.PC"] },
  { name: "United States", countries: ["us"], services: ["USA.EP", "USA.XP"] },
  {
    name: "International",
    countries: ["gb", "fr", "de", "it", "es", "nl", "be", "ie", "jp", "au", "mx"],
    services: ["INT.XP", "INT.IP.AIR"],
  },
] as const;

/** Real weights (grams) and sizes (cm): Canada Post's prices depend on them. */
export const DEMO_PRODUCTS = [
  {
    handle: "maple-syrup-tin",
    title: "Maple syrup tin (540 ml)",
    weight: 540,
    l: 10,
    w: 10,
    h: 15,
    price: 18,
  },
  { handle: "wool-blanket", title: "Wool blanket", weight: 1800, l: 40, w: 30, h: 15, price: 149 },
  { handle: "ceramic-mug", title: "Ceramic mug", weight: 450, l: 12, w: 10, h: 10, price: 24 },
  { handle: "canoe-paddle", title: "Canoe paddle", weight: 900, l: 150, w: 20, h: 5, price: 89 },
  { handle: "tuque", title: "Knit tuque", weight: 120, l: 25, w: 20, h: 3, price: 32 },
] as const;

export interface SeedDemoOptions {
  /** Units in stock per product at the Ottawa warehouse (default 1000). */
  stockedQuantity?: number;
  log?: (message: string) => void;
}

export interface DemoStore {
  regionId: string;
  salesChannelId: string;
  stockLocationId: string;
  shippingProfileId: string;
  publishableKey: string;
  shippingOptions: { id: string; name: string; serviceCode: string }[];
  products: { id: string; title: string; variantId: string }[];
}

type Query = {
  graph: (q: { entity: string; fields: string[]; filters?: Record<string, unknown> }) => Promise<{
    data: Record<string, any>[]; // eslint-disable-line @typescript-eslint/no-explicit-any
  }>;
};

export async function seedDemoStore(
  container: MedusaContainer,
  options: SeedDemoOptions = {},
): Promise<DemoStore> {
  const log = options.log ?? (() => undefined);
  const query = container.resolve(ContainerRegistrationKeys.QUERY) as unknown as Query;
  const link = container.resolve(ContainerRegistrationKeys.LINK);
  const one = async (entity: string, fields: string[], filters: Record<string, unknown>) =>
    (await query.graph({ entity, fields, filters })).data[0];

  // The sales channel (Medusa creates a default one at first boot).
  let salesChannel = await one("sales_channel", ["id"], { name: DEMO_SALES_CHANNEL_NAME });
  if (!salesChannel) {
    const { result } = await createSalesChannelsWorkflow(container).run({
      input: { salesChannelsData: [{ name: DEMO_SALES_CHANNEL_NAME }] },
    });
    salesChannel = result[0]!;
  }
  const salesChannelId = salesChannel.id as string;
  // Region Canada in CAD with the manual payment provider, and its tax region.
  let region = await one("region", ["id"], { name: DEMO_REGION_NAME });
  if (!region) {
    log("Creating the region Canada (CAD)");
    const { result } = await createRegionsWorkflow(container).run({
      input: {
        regions: [
          {
            name: DEMO_REGION_NAME,
            currency_code: "cad",
            countries: ["ca"],
            payment_providers: ["pp_system_default"],
          },
        ],
      },
    });
    region = result[0]!;
  }
  // Shoppers in the US and abroad also pay in CAD, so the USA.* and INT.* options have a region to serve.
  if (!(await one("region", ["id"], { name: DEMO_WORLD_REGION_NAME }))) {
    log("Creating the region Rest of the world (CAD)");
    await createRegionsWorkflow(container).run({
      input: {
        regions: [
          {
            name: DEMO_WORLD_REGION_NAME,
            currency_code: "cad",
            countries: [...new Set(ZONES.filter((z) => z.name !== "Canada").flatMap((z) => z.countries))],
            payment_providers: ["pp_system_default"],
          },
        ],
      },
    });
  }
  if (!(await one("tax_region", ["id"], { country_code: "ca", parent_id: null }))) {
    await createTaxRegionsWorkflow(container).run({
      input: [{ country_code: "ca", provider_id: "tp_system" }],
    });
  }
  // GST, HST, QST and PST per province (canadian-tax-rates.ts): a Québec order is taxed 14.975 %, not 0.
  await ensureCanadianTaxRates(container, log);

  // The Ottawa warehouse: origin of every parcel, with the Canada Post provider enabled on it.
  let location = await one("stock_location", ["id"], { name: DEMO_STOCK_LOCATION_NAME });
  if (!location) {
    log("Creating the stock location Ottawa warehouse (K2B 8J6)");
    const { result } = await createStockLocationsWorkflow(container).run({
      input: {
        locations: [
          {
            name: DEMO_STOCK_LOCATION_NAME,
            address: {
              address_1: "502 Main St N",
              city: "Ottawa",
              province: "ON",
              postal_code: "K2B 8J6",
              country_code: "CA",
              phone: "613-555-0100",
            },
          },
        ],
      },
    });
    location = result[0]!;
    const stockLocationId = location.id as string;
    await linkSalesChannelsToStockLocationWorkflow(container).run({
      input: { id: stockLocationId, add: [salesChannelId] },
    });
    // A shipping option is refused unless its provider is enabled on the location.
    for (const providerId of [CANADA_POST_PROVIDER_ID, "manual_manual"]) {
      await link.create({
        [Modules.STOCK_LOCATION]: { stock_location_id: stockLocationId },
        [Modules.FULFILLMENT]: { fulfillment_provider_id: providerId },
      });
    }
  }
  const stockLocationId = location.id as string;

  // `medusa db:migrate` makes the default profile in a migration script; a test runner's database lacks it.
  let profile = await one("shipping_profile", ["id"], { type: "default" });
  if (!profile) {
    const { result } = await createShippingProfilesWorkflow(container).run({
      input: { data: [{ name: "Default Shipping Profile", type: "default" }] },
    });
    profile = result[0]!;
  }
  const shippingProfileId = profile.id as string;

  await ensureShippingOptions(container, query, stockLocationId, shippingProfileId, log);
  const publishableKey = await ensurePublishableKey(container, query, salesChannelId, log);
  const products = await ensureProducts(container, query, salesChannelId, shippingProfileId, log);
  await ensureInventory(container, query, stockLocationId, options.stockedQuantity ?? 1000);

  const store = await one("store", ["id", "metadata"], {});
  if (!store) throw new Error("Medusa has no store row: run `npx medusa db:migrate` first");
  await updateStoresWorkflow(container).run({
    input: {
      selector: { id: store.id },
      update: {
        name: "Maple Goods",
        supported_currencies: [{ currency_code: "cad", is_default: true }],
        default_sales_channel_id: salesChannelId,
        // Written last: start.ts reads it as "this store is fully seeded".
        metadata: { ...(store.metadata ?? {}), canada_post_demo: true },
      },
    },
  });

  const sets = await query.graph({
    entity: "fulfillment_set",
    fields: [
      "service_zones.shipping_options.id",
      "service_zones.shipping_options.name",
      "service_zones.shipping_options.data",
    ],
    filters: { name: FULFILLMENT_SET_NAME },
  });
  const shippingOptions = (sets.data[0]?.service_zones ?? []).flatMap(
    (z: { shipping_options: { id: string; name: string; data: { service_code: string } }[] }) =>
      z.shipping_options.map((o) => ({ id: o.id, name: o.name, serviceCode: o.data.service_code })),
  );
  return {
    regionId: region.id as string,
    salesChannelId,
    stockLocationId,
    shippingProfileId,
    publishableKey,
    shippingOptions,
    products,
  };
}

async function ensureShippingOptions(
  container: MedusaContainer,
  query: Query,
  stockLocationId: string,
  shippingProfileId: string,
  log: (m: string) => void,
): Promise<void> {
  const fulfillment = container.resolve(Modules.FULFILLMENT);
  const link = container.resolve(ContainerRegistrationKeys.LINK);
  let [set] = (
    await query.graph({
      entity: "fulfillment_set",
      fields: ["id", "service_zones.id", "service_zones.name", "service_zones.shipping_options.data"],
      filters: { name: FULFILLMENT_SET_NAME },
    })
  ).data;
  if (!set) {
    log("Creating the shipping zones Canada, United States and International");
    const created = await fulfillment.createFulfillmentSets({
      name: FULFILLMENT_SET_NAME,
      type: "shipping",
      service_zones: ZONES.map((z) => ({
        name: z.name,
        geo_zones: z.countries.map((country_code) => ({ type: "country" as const, country_code })),
      })),
    });
    await link.create({
      [Modules.STOCK_LOCATION]: { stock_location_id: stockLocationId },
      [Modules.FULFILLMENT]: { fulfillment_set_id: created.id },
    });
    set = {
      id: created.id,
      service_zones: created.service_zones.map((z) => ({ ...z, shipping_options: [] })),
    };
  }
  const missing = ZONES.flatMap((zone) => {
    const serviceZone = (
      set!.service_zones as {
        id: string;
        name: string;
        shipping_options?: { data?: { service_code?: string } }[];
      }[]
    ).find((z) => z.name === zone.name);
    if (!serviceZone)
      throw new Error(`The fulfillment set ${FULFILLMENT_SET_NAME} has no service zone ${zone.name}`);
    const have = new Set((serviceZone.shipping_options ?? []).map((o) => o.data?.service_code));
    return zone.services
      .filter((code) => !have.has(code))
      .map((code) => ({ code, serviceZoneId: serviceZone.id }));
  });
  if (missing.length === 0) return;
  log(`Creating the calculated Canada Post shipping options ${missing.map((m) => m.code).join(", ")}`);
  await createShippingOptionsWorkflow(container).run({
    input: missing.map(({ code, serviceZoneId }) => {
      const name = serviceNameOf(code);
      return {
        name,
        price_type: "calculated" as const,
        provider_id: CANADA_POST_PROVIDER_ID,
        service_zone_id: serviceZoneId,
        shipping_profile_id: shippingProfileId,
        // The provider's own fulfillment option, as the admin's dropdown would store it.
        data: { id: `canada-post-${code}`, service_code: code, name },
        type: {
          label: name.replace(/^Canada Post /, ""),
          description: `Canada Post ${code}, priced live`,
          code: code.toLowerCase(),
        },
        rules: [
          { attribute: "enabled_in_store", value: "true", operator: "eq" as const },
          { attribute: "is_return", value: "false", operator: "eq" as const },
        ],
      };
    }),
  });
}

async function ensurePublishableKey(
  container: MedusaContainer,
  query: Query,
  salesChannelId: string,
  log: (m: string) => void,
): Promise<string> {
  const existing = (
    await query.graph({
      entity: "api_key",
      fields: ["id", "token", "revoked_at"],
      filters: { title: DEMO_API_KEY_TITLE, type: "publishable" },
    })
  ).data.find((k) => !k.revoked_at);
  if (existing) return existing.token as string;
  log("Creating the publishable API key");
  const { result } = await createApiKeysWorkflow(container).run({
    input: { api_keys: [{ title: DEMO_API_KEY_TITLE, type: "publishable", created_by: "" }] },
  });
  const key = result[0]!;
  await linkSalesChannelsToApiKeyWorkflow(container).run({
    input: { id: key.id, add: [salesChannelId] },
  });
  return key.token;
}

async function ensureProducts(
  container: MedusaContainer,
  query: Query,
  salesChannelId: string,
  shippingProfileId: string,
  log: (m: string) => void,
): Promise<DemoStore["products"]> {
  const handles = DEMO_PRODUCTS.map((p) => p.handle);
  const lookup = async () =>
    (
      await query.graph({
        entity: "product",
        fields: ["id", "title", "handle", "variants.id"],
        filters: { handle: handles },
      })
    ).data;
  const have = new Set((await lookup()).map((p) => p.handle as string));
  const missing = DEMO_PRODUCTS.filter((p) => !have.has(p.handle));
  if (missing.length > 0) {
    log(`Creating the products ${missing.map((p) => p.title).join(", ")}`);
    await createProductsWorkflow(container).run({
      input: {
        products: missing.map((p) => {
          const size = { weight: p.weight, length: p.l, width: p.w, height: p.h };
          return {
            title: p.title,
            handle: p.handle,
            status: ProductStatus.PUBLISHED,
            shipping_profile_id: shippingProfileId,
            ...size,
            options: [{ title: "Format", values: ["Standard"] }],
            variants: [
              {
                title: "Standard",
                sku: p.handle.toUpperCase(),
                options: { Format: "Standard" },
                manage_inventory: true,
                ...size,
                prices: [{ amount: p.price, currency_code: "cad" }],
              },
            ],
            sales_channels: [{ id: salesChannelId }],
          };
        }),
      },
    });
  }
  const byHandle = new Map((await lookup()).map((p) => [p.handle as string, p]));
  return DEMO_PRODUCTS.map((d) => {
    const p = byHandle.get(d.handle)!;
    return { id: p.id as string, title: p.title as string, variantId: p.variants[0].id as string };
  });
}

async function ensureInventory(
  container: MedusaContainer,
  query: Query,
  stockLocationId: string,
  stockedQuantity: number,
): Promise<void> {
  const { data: items } = await query.graph({
    entity: "inventory_item",
    fields: ["id", "sku", "location_levels.location_id"],
    filters: { sku: DEMO_PRODUCTS.map((p) => p.handle.toUpperCase()) },
  });
  const levels = items
    .filter(
      (i) =>
        !(i.location_levels ?? []).some((l: { location_id: string }) => l.location_id === stockLocationId),
    )
    .map((i) => ({
      inventory_item_id: i.id as string,
      location_id: stockLocationId,
      stocked_quantity: stockedQuantity,
    }));
  if (levels.length === 0) return;
  await createInventoryLevelsWorkflow(container).run({ input: { inventory_levels: levels } });
}
