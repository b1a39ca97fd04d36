/**
 * Webhook topics in their two spellings: GraphQL's enum (ORDERS_CREATE, FULFILLMENT_ORDERS_MOVED) and
 * the REST/header form (orders/create, fulfillment_orders/moved). The resource part may itself hold an
 * underscore, so it is found from the known resources rather than at the first underscore.
 */

const RESOURCES = [
  "fulfillment_orders",
  "fulfillment_events",
  "inventory_items",
  "fulfillments",
  "locations",
  "checkouts",
  "customers",
  "products",
  "orders",
  "carts",
  "shop",
  "app",
];

export function topicToHeader(enumTopic: string): string {
  const lower = enumTopic.toLowerCase();
  const resource = RESOURCES.find((r) => lower.startsWith(`${r}_`));
  if (!resource) return lower.replace("_", "/");
  return `${resource}/${lower.slice(resource.length + 1)}`;
}

export function topicToEnum(headerTopic: string): string {
  return headerTopic.replace("/", "_").toUpperCase();
}

/** The topics whose events the local Shopify produces (others can be subscribed to but never fire). */
export const FIRED_TOPICS = [
  "orders/create",
  "orders/updated",
  "orders/cancelled",
  "orders/fulfilled",
  "orders/partially_fulfilled",
  "fulfillments/create",
  "fulfillments/update",
  "products/create",
  "products/update",
  "app/uninstalled",
] as const;

/** The mandatory privacy topics, sent only to the app's configured compliance URL(s). */
export const COMPLIANCE_TOPICS = ["customers/data_request", "customers/redact", "shop/redact"] as const;
export type ComplianceTopic = (typeof COMPLIANCE_TOPICS)[number];

/** The access scopes of which a subscription to the topic needs one (none for app/uninstalled). */
export function scopesForTopic(headerTopic: string): string[] {
  const resource = headerTopic.split("/")[0];
  if (resource === "orders") return ["read_orders"];
  if (resource === "fulfillments") return ["read_fulfillments", "read_orders"];
  if (resource === "fulfillment_events") return ["read_fulfillments", "read_orders"];
  if (resource === "products") return ["read_products"];
  if (resource === "inventory_items") return ["read_inventory", "read_products"];
  if (resource === "fulfillment_orders")
    return ["read_merchant_managed_fulfillment_orders", "read_assigned_fulfillment_orders"];
  if (resource === "customers") return ["read_customers"];
  if (resource === "locations") return ["read_locations"];
  if (resource === "checkouts" || resource === "carts") return ["read_orders"];
  return [];
}
