/**
 * What installing does in the shop: the shop's row (its address as the origin of parcels), the carrier
 * service that gives checkout its rates (created once, updated when the app's URL changed), and the webhook
 * subscriptions (shopify-api's register, which creates what is missing and updates what moved).
 */
import { DeliveryMethod, type Session, type Shopify } from "@shopify/shopify-api";
import { adminGraphql, checkUserErrors, type UserError } from "./admin-graphql";
import {
  CARRIER_SERVICE_CREATE,
  CARRIER_SERVICE_UPDATE,
  CARRIER_SERVICES_QUERY,
  SHOP_QUERY,
} from "./queries";
import { initialSettings, type ShopAddress } from "./shop-settings";
import type { Shops } from "./shops";

export const CARRIER_SERVICE_NAME = "Canada Post";
export const CARRIER_CALLBACK_PATH = "/carrier-service/rates";
export const WEBHOOK_PATH = "/webhooks";

/** The topics the app subscribes to by API (the privacy topics come from shopify.app.toml). */
export const WEBHOOK_TOPICS = [
  "APP_UNINSTALLED",
  "ORDERS_CREATE",
  "PRODUCTS_CREATE",
  "PRODUCTS_UPDATE",
  "FULFILLMENTS_CREATE",
  "FULFILLMENTS_UPDATE",
] as const;

/**
 * Handlers as shopify-api wants them to register subscriptions. The app answers webhooks itself (one
 * route, dedupe by webhook id), so the callbacks here are never called by the library.
 */
export function addWebhookHandlers(shopify: Shopify): void {
  const handler = {
    deliveryMethod: DeliveryMethod.Http as const,
    callbackUrl: WEBHOOK_PATH,
    callback: async () => undefined,
  };
  shopify.webhooks.addHandlers(Object.fromEntries(WEBHOOK_TOPICS.map((t) => [t, handler])));
}

interface ShopInfo {
  shop: { name: string; email: string; currencyCode: string; shopAddress: ShopAddress };
}

interface CarrierService {
  id: string;
  name: string | null;
  callbackUrl: string | null;
  active: boolean;
}

export interface InstallReport {
  carrierServiceId: string;
  carrierService: "created" | "updated" | "unchanged";
  webhooks: Record<string, boolean>;
}

export async function registerShop(
  shopify: Shopify,
  shops: Shops,
  session: Session,
  appUrl: URL,
): Promise<InstallReport> {
  const info = await adminGraphql<ShopInfo>(shopify, session, SHOP_QUERY);
  const row = await shops.installed(
    session.shop,
    session.scope ?? "",
    info.shop.name,
    initialSettings(info.shop.name, info.shop.shopAddress, info.shop.email),
  );
  const callbackUrl = new URL(CARRIER_CALLBACK_PATH, appUrl).toString();
  const { carrierServices } = await adminGraphql<{ carrierServices: { nodes: CarrierService[] } }>(
    shopify,
    session,
    CARRIER_SERVICES_QUERY,
  );
  // Ours: the one whose id we kept, else one of our name calling this app (an install before the row was kept).
  const ours =
    carrierServices.nodes.find((c) => c.id === row.carrier_service_id) ??
    carrierServices.nodes.find(
      (c) => c.name === CARRIER_SERVICE_NAME && c.callbackUrl?.endsWith(CARRIER_CALLBACK_PATH),
    );
  let id: string;
  let outcome: InstallReport["carrierService"] = "unchanged";
  if (!ours) {
    const { carrierServiceCreate } = await adminGraphql<{
      carrierServiceCreate: { carrierService: CarrierService | null; userErrors: UserError[] };
    }>(shopify, session, CARRIER_SERVICE_CREATE, {
      input: { name: CARRIER_SERVICE_NAME, callbackUrl, supportsServiceDiscovery: true, active: true },
    });
    id = checkUserErrors("carrierServiceCreate", carrierServiceCreate).carrierService!.id;
    outcome = "created";
  } else {
    id = ours.id;
    if (ours.callbackUrl !== callbackUrl || !ours.active) {
      const { carrierServiceUpdate } = await adminGraphql<{
        carrierServiceUpdate: { carrierService: CarrierService | null; userErrors: UserError[] };
      }>(shopify, session, CARRIER_SERVICE_UPDATE, { input: { id, callbackUrl, active: true } });
      checkUserErrors("carrierServiceUpdate", carrierServiceUpdate);
      outcome = "updated";
    }
  }
  await shops.setCarrierService(session.shop, id, callbackUrl);
  const registered = await shopify.webhooks.register({ session });
  const webhooks = Object.fromEntries(
    Object.entries(registered).map(([topic, results]) => [topic, results.every((r) => r.success)]),
  );
  const failed = Object.entries(registered).flatMap(([topic, results]) =>
    results.filter((r) => !r.success).map((r) => `${topic}: ${JSON.stringify(r.result)}`),
  );
  if (failed.length) throw new Error(`Shopify refused webhook subscriptions: ${failed.join("; ")}`);
  return { carrierServiceId: id, carrierService: outcome, webhooks };
}
