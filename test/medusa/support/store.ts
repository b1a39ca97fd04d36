import type { MedusaContainer } from "@medusajs/framework/types";
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils";
import {
  createApiKeysWorkflow,
  createProductsWorkflow,
  createRegionsWorkflow,
  createSalesChannelsWorkflow,
  createShippingOptionsWorkflow,
  createShippingProfilesWorkflow,
  createStockLocationsWorkflow,
  linkSalesChannelsToApiKeyWorkflow,
  linkSalesChannelsToStockLocationWorkflow,
} from "@medusajs/medusa/core-flows";

/**
 * A small Canadian store for the Medusa suites, in the shape of seedDemoStore's result: one region in CAD
 * with the system payment provider, a stock location in Ottawa serving Canada through the Canada Post
 * provider, one calculated shipping option per domestic service, and products whose weights (grams) and
 * sizes (cm) the tests choose, so the parcels they make are known.
 */
/** The provider's row id (its container key adds "fp_": fp_canada-post_canada-post). */
export const CANADA_POST_PROVIDER_ID = "canada-post_canada-post";

export interface TestProduct {
  title: string;
  /** Grams and centimetres: the catalogue units medusa-config.ts declares. */
  weight: number;
  length: number;
  width: number;
  height: number;
  price: number;
}

export interface TestStore {
  regionId: string;
  salesChannelId: string;
  stockLocationId: string;
  shippingProfileId: string;
  publishableKey: string;
  shippingOptions: { id: string; name: string; serviceCode: string }[];
  products: { id: string; title: string; variantId: string }[];
}

export const DOMESTIC_SERVICES = [
  { serviceCode: "DOM.RP", name: "Canada Post Regular Parcel" },
  { serviceCode: "DOM.EP", name: "Canada Post Expedited Parcel" },
  { serviceCode: "DOM.XP", name: "Canada Post Xpresspost" },
] as const;

export async function seedTestStore(container: MedusaContainer, products: TestProduct[]): Promise<TestStore> {
  const link = container.resolve(ContainerRegistrationKeys.LINK);
  const fulfillment = container.resolve(Modules.FULFILLMENT);

  const {
    result: [salesChannel],
  } = await createSalesChannelsWorkflow(container).run({
    input: { salesChannelsData: [{ name: "Maple Goods web store" }] },
  });
  const {
    result: [region],
  } = await createRegionsWorkflow(container).run({
    input: {
      regions: [
        { name: "Canada", currency_code: "cad", countries: ["ca"], payment_providers: ["pp_system_default"] },
      ],
    },
  });
  const {
    result: [location],
  } = await createStockLocationsWorkflow(container).run({
    input: {
      locations: [
        {
          name: "Ottawa warehouse",
          address: { address_1: "502 Main St N", city: "Ottawa", country_code: "CA", postal_code: "K2B 8J6" },
        },
      ],
    },
  });
  // The provider must be enabled on the location, or Medusa refuses its shipping options.
  await link.create({
    [Modules.STOCK_LOCATION]: { stock_location_id: location!.id },
    [Modules.FULFILLMENT]: { fulfillment_provider_id: CANADA_POST_PROVIDER_ID },
  });
  const fulfillmentSet = await fulfillment.createFulfillmentSets({
    name: "Ottawa shipping",
    type: "shipping",
    service_zones: [{ name: "Canada", geo_zones: [{ country_code: "ca", type: "country" }] }],
  });
  await link.create({
    [Modules.STOCK_LOCATION]: { stock_location_id: location!.id },
    [Modules.FULFILLMENT]: { fulfillment_set_id: fulfillmentSet.id },
  });
  await linkSalesChannelsToStockLocationWorkflow(container).run({
    input: { id: location!.id, add: [salesChannel!.id] },
  });

  const {
    result: [profile],
  } = await createShippingProfilesWorkflow(container).run({
    input: { data: [{ name: "Parcels", type: "default" }] },
  });
  const { result: options } = await createShippingOptionsWorkflow(container).run({
    input: DOMESTIC_SERVICES.map((s) => ({
      name: s.name,
      price_type: "calculated" as const,
      provider_id: CANADA_POST_PROVIDER_ID,
      service_zone_id: fulfillmentSet.service_zones[0]!.id,
      shipping_profile_id: profile!.id,
      type: { label: s.name, description: s.name, code: s.serviceCode },
      // The provider's own fulfillment option, as the admin's dropdown stores it.
      data: { id: `canada-post-${s.serviceCode}`, service_code: s.serviceCode, name: s.name },
      rules: [
        { attribute: "enabled_in_store", value: "true", operator: "eq" as const },
        { attribute: "is_return", value: "false", operator: "eq" as const },
      ],
    })),
  });

  const {
    result: [apiKey],
  } = await createApiKeysWorkflow(container).run({
    input: { api_keys: [{ title: "Web store", type: "publishable", created_by: "" }] },
  });
  await linkSalesChannelsToApiKeyWorkflow(container).run({
    input: { id: apiKey!.id, add: [salesChannel!.id] },
  });

  const { result: created } = await createProductsWorkflow(container).run({
    input: {
      products: products.map((p) => ({
        title: p.title,
        status: "published" as const,
        shipping_profile_id: profile!.id,
        sales_channels: [{ id: salesChannel!.id }],
        options: [{ title: "Size", values: ["One size"] }],
        variants: [
          {
            title: "One size",
            sku: p.title.toUpperCase().replace(/\W+/g, "-"),
            options: { Size: "One size" },
            manage_inventory: false,
            weight: p.weight,
            length: p.length,
            width: p.width,
            height: p.height,
            prices: [{ amount: p.price, currency_code: "cad" }],
          },
        ],
      })),
    },
  });

  return {
    regionId: region!.id,
    salesChannelId: salesChannel!.id,
    stockLocationId: location!.id,
    shippingProfileId: profile!.id,
    publishableKey: apiKey!.token,
    shippingOptions: options.map((o) => ({
      id: o.id,
      name: o.name,
      serviceCode: String((o.data as { service_code?: unknown }).service_code),
    })),
    products: created.map((p) => ({ id: p.id, title: p.title, variantId: p.variants[0]!.id })),
  };
}
