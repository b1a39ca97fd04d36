/**
 * What the local Shopify keeps: apps and their installations and tokens, and for each shop its location,
 * catalogue, orders with their fulfillment orders and fulfillments, carrier services and webhook
 * subscriptions. Numeric ids are the tails of Shopify's `gid://shopify/{Type}/{id}`; amounts are integer
 * cents in the shop's currency; weights are grams.
 */

export interface AppConfig {
  /** The app's client id (Shopify's "API key"). */
  apiKey: string;
  /** The app's client secret: signs OAuth redirects, session tokens, webhooks and rate requests. */
  apiSecret: string;
  /** Where the app is served (the App URL of its configuration), e.g. http://127.0.0.1:3000. */
  appUrl?: string;
  /** The access scopes the app's configuration asks for (granted by token exchange). */
  scopes?: string[];
  name?: string;
  /** Allowed redirection URLs for OAuth; any URL on the app URL's origin when omitted. */
  redirectUrls?: string[];
  /**
   * Where the mandatory privacy webhooks go (shopify.app.toml `compliance_topics`): one URL for all three
   * topics, or one per topic. Relative paths are resolved against `appUrl`. Default `/webhooks`.
   */
  complianceUrl?: string | { customersDataRequest?: string; customersRedact?: string; shopRedact?: string };
  /** App-specific subscriptions (shopify.app.toml `[[webhooks.subscriptions]]`): `orders/create`... */
  webhooks?: { topics: string[]; uri: string }[];
  /** The API version of app-specific webhooks (shopify.app.toml `[webhooks] api_version`). */
  webhooksApiVersion?: string;
}

export interface App extends Required<Omit<AppConfig, "redirectUrls" | "complianceUrl" | "appUrl">> {
  appUrl?: string;
  redirectUrls?: string[];
  complianceUrl?: AppConfig["complianceUrl"];
}

export interface Address {
  firstName?: string;
  lastName?: string;
  name?: string;
  company?: string;
  address1?: string;
  address2?: string;
  city?: string;
  province?: string;
  provinceCode?: string;
  zip?: string;
  country?: string;
  countryCode: string;
  phone?: string;
}

export interface StaffMember {
  id: number;
  firstName: string;
  lastName: string;
  email: string;
  accountOwner: boolean;
  locale: string;
  collaborator: boolean;
  emailVerified: boolean;
}

export interface BackupRate {
  name: string;
  /** Cents. */
  price: number;
  /** Only for these destination countries (all when omitted). */
  countries?: string[];
}

export interface Location {
  id: number;
  name: string;
  address: Address;
  isActive: boolean;
  createdAt: Date;
}

export interface Metafield {
  id: number;
  /** The owner's gid, e.g. gid://shopify/Product/123. */
  ownerId: string;
  namespace: string;
  key: string;
  type: string;
  value: string;
  createdAt: Date;
  updatedAt: Date;
}

export interface Product {
  id: number;
  title: string;
  handle: string;
  vendor: string;
  productType: string;
  status: "ACTIVE" | "ARCHIVED" | "DRAFT";
  tags: string[];
  createdAt: Date;
  updatedAt: Date;
  variantIds: number[];
}

export interface Variant {
  id: number;
  productId: number;
  inventoryItemId: number;
  title: string;
  sku: string;
  barcode?: string;
  /** Cents. */
  price: number;
  compareAtPrice?: number;
  grams: number;
  /** The unit the merchant entered the weight in (Shopify keeps it; grams stay the truth here). */
  weightUnit: "GRAMS" | "KILOGRAMS" | "OUNCES" | "POUNDS";
  requiresShipping: boolean;
  taxable: boolean;
  inventoryQuantity: number;
  harmonizedSystemCode?: string;
  countryCodeOfOrigin?: string;
  position: number;
  createdAt: Date;
  updatedAt: Date;
}

export interface Customer {
  id: number;
  email: string;
  firstName?: string;
  lastName?: string;
  phone?: string;
  tags: string[];
}

export interface LineItem {
  id: number;
  productId?: number;
  variantId?: number;
  title: string;
  variantTitle?: string;
  sku: string;
  vendor: string;
  quantity: number;
  /** Cents, per unit. */
  price: number;
  grams: number;
  requiresShipping: boolean;
  taxable: boolean;
}

export interface ShippingLine {
  id: number;
  code: string;
  title: string;
  source: string;
  /** 32 hex characters when a carrier service computed the rate, else undefined. */
  carrierIdentifier?: string;
  /** Cents. */
  price: number;
  phone?: string;
}

export type FulfillmentOrderStatus = "OPEN" | "IN_PROGRESS" | "CLOSED" | "CANCELLED";

export interface FulfillmentOrderLine {
  id: number;
  lineItemId: number;
  totalQuantity: number;
  remainingQuantity: number;
}

export interface FulfillmentOrder {
  id: number;
  orderId: number;
  locationId: number;
  status: FulfillmentOrderStatus;
  requestStatus: "UNSUBMITTED";
  lines: FulfillmentOrderLine[];
  delivery: { methodType: "SHIPPING" | "NONE"; serviceCode?: string; presentedName?: string };
  createdAt: Date;
  updatedAt: Date;
}

export interface Tracking {
  company?: string;
  number: string;
  url?: string;
}

/** Shopify's FulfillmentEventStatus values (Admin API 2026-07). */
export const FULFILLMENT_EVENT_STATUSES = [
  "LABEL_PURCHASED",
  "LABEL_PRINTED",
  "READY_FOR_PICKUP",
  "CONFIRMED",
  "IN_TRANSIT",
  "OUT_FOR_DELIVERY",
  "ATTEMPTED_DELIVERY",
  "DELAYED",
  "DELIVERED",
  "FAILURE",
  "CARRIER_PICKED_UP",
] as const;
export type FulfillmentEventStatus = (typeof FULFILLMENT_EVENT_STATUSES)[number];

export interface FulfillmentEvent {
  id: number;
  status: FulfillmentEventStatus;
  happenedAt: Date;
  createdAt: Date;
  message?: string;
  estimatedDeliveryAt?: Date;
  city?: string;
  province?: string;
  country?: string;
  zip?: string;
  address1?: string;
  latitude?: number;
  longitude?: number;
}

export interface FulfillmentLine {
  id: number;
  lineItemId: number;
  fulfillmentOrderId: number;
  fulfillmentOrderLineId: number;
  quantity: number;
}

export interface Fulfillment {
  id: number;
  orderId: number;
  /** 1 for "#1001-F1". */
  sequence: number;
  locationId: number;
  status: "SUCCESS" | "CANCELLED";
  tracking: Tracking[];
  lines: FulfillmentLine[];
  events: FulfillmentEvent[];
  notifyCustomer: boolean;
  /** Who made it: an app's client id, or "admin" for the merchant in Shopify's admin. */
  createdBy: string;
  createdAt: Date;
  updatedAt: Date;
}

export interface Order {
  id: number;
  number: number;
  name: string;
  email?: string;
  phone?: string;
  customerId?: number;
  note?: string;
  tags: string[];
  test: boolean;
  currency: string;
  lineItems: LineItem[];
  shippingLine?: ShippingLine;
  shippingAddress?: Address;
  billingAddress?: Address;
  fulfillmentOrderIds: number[];
  fulfillmentIds: number[];
  createdAt: Date;
  updatedAt: Date;
  cancelledAt?: Date;
  cancelReason?: "CUSTOMER" | "DECLINED" | "FRAUD" | "INVENTORY" | "OTHER" | "STAFF";
  closedAt?: Date;
  /** The checkout it was placed from, when placed through /__shopify/orders. */
  checkoutId?: string;
}

export interface CarrierService {
  id: number;
  apiKey: string;
  name: string;
  callbackUrl: string;
  active: boolean;
  supportsServiceDiscovery: boolean;
  /** What orders' shipping lines name as carrierIdentifier (32 hex). */
  carrierIdentifier: string;
}

export interface WebhookSubscription {
  id: number;
  apiKey: string;
  /** GraphQL enum form: ORDERS_CREATE. */
  topic: string;
  uri: string;
  format: "JSON" | "XML";
  includeFields: string[];
  metafieldNamespaces: string[];
  filter: string;
  name?: string;
  apiVersion: string;
  createdAt: Date;
  updatedAt: Date;
}
