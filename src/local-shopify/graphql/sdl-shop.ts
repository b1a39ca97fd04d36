/**
 * The shop, carrier services and webhook subscriptions.
 * From Shopify's Admin GraphQL schema (2026-07), cut to what the local Shopify serves: every field kept has
 * Shopify's name, arguments and type; descriptions are left out.
 */
export const SHOP_AND_SUBSCRIPTIONS_SDL = `
type Shop implements HasMetafields & Node {
  id: ID!
  name: String!
  email: String!
  contactEmail: String!
  myshopifyDomain: String!
  url: URL!
  currencyCode: CurrencyCode!
  ianaTimezone: String!
  timezoneAbbreviation: String!
  timezoneOffset: String!
  timezoneOffsetMinutes: Int!
  weightUnit: WeightUnit!
  billingAddress: ShopAddress! @deprecated(reason: "Use \`shopAddress\` instead.")
  shopAddress: ShopAddress!
  primaryDomain: Domain!
  plan: ShopPlan!
  metafield(namespace: String, key: String!): Metafield
  metafields(namespace: String, keys: [String!], first: Int, after: String, last: Int, before: String, reverse: Boolean = false): MetafieldConnection!
}

type ShopAddress implements Node {
  id: ID!
  address1: String
  address2: String
  city: String
  company: String
  country: String
  countryCodeV2: CountryCode
  phone: String
  province: String
  provinceCode: String
  zip: String
  formatted(withCompany: Boolean = true): [String!]!
}

type Domain implements Node {
  id: ID!
  host: String!
  url: URL!
  sslEnabled: Boolean!
}

type ShopPlan {
  partnerDevelopment: Boolean!
  publicDisplayName: String!
  shopifyPlus: Boolean!
}

type DeliveryCarrierService implements Node {
  id: ID!
  name: String
  formattedName: String
  callbackUrl: URL
  active: Boolean!
  supportsServiceDiscovery: Boolean!
}

type DeliveryCarrierServiceConnection {
  edges: [DeliveryCarrierServiceEdge!]!
  nodes: [DeliveryCarrierService!]!
  pageInfo: PageInfo!
}

type DeliveryCarrierServiceEdge {
  cursor: String!
  node: DeliveryCarrierService!
}

input DeliveryCarrierServiceCreateInput {
  name: String!
  callbackUrl: URL!
  supportsServiceDiscovery: Boolean!
  active: Boolean!
}

input DeliveryCarrierServiceUpdateInput {
  id: ID!
  name: String
  callbackUrl: URL
  supportsServiceDiscovery: Boolean
  active: Boolean
}

type CarrierServiceCreatePayload {
  carrierService: DeliveryCarrierService
  userErrors: [CarrierServiceCreateUserError!]!
}

type CarrierServiceUpdatePayload {
  carrierService: DeliveryCarrierService
  userErrors: [CarrierServiceUpdateUserError!]!
}

type CarrierServiceDeletePayload {
  deletedId: ID
  userErrors: [CarrierServiceDeleteUserError!]!
}

type CarrierServiceCreateUserError implements DisplayableError {
  code: CarrierServiceCreateUserErrorCode
  field: [String!]
  message: String!
}

type CarrierServiceUpdateUserError implements DisplayableError {
  code: CarrierServiceUpdateUserErrorCode
  field: [String!]
  message: String!
}

type CarrierServiceDeleteUserError implements DisplayableError {
  code: CarrierServiceDeleteUserErrorCode
  field: [String!]
  message: String!
}

enum CarrierServiceCreateUserErrorCode {
  CARRIER_SERVICE_CREATE_FAILED
}

enum CarrierServiceUpdateUserErrorCode {
  CARRIER_SERVICE_UPDATE_FAILED
}

enum CarrierServiceDeleteUserErrorCode {
  CARRIER_SERVICE_DELETE_FAILED
}

enum CarrierServiceSortKeys {
  CREATED_AT
  ID
  UPDATED_AT
}

type WebhookSubscription implements LegacyInteroperability & Node {
  id: ID!
  topic: WebhookSubscriptionTopic!
  format: WebhookSubscriptionFormat!
  uri: String!
  callbackUrl: URL! @deprecated(reason: "Use \`uri\` instead.")
  endpoint: WebhookSubscriptionEndpoint! @deprecated(reason: "Use \`uri\` instead.")
  includeFields: [String!]!
  metafieldNamespaces: [String!]!
  filter: String
  name: String
  apiVersion: ApiVersion!
  createdAt: DateTime!
  updatedAt: DateTime!
  legacyResourceId: UnsignedInt64!
}

type WebhookSubscriptionConnection {
  edges: [WebhookSubscriptionEdge!]!
  nodes: [WebhookSubscription!]!
  pageInfo: PageInfo!
}

type WebhookSubscriptionEdge {
  cursor: String!
  node: WebhookSubscription!
}

union WebhookSubscriptionEndpoint = WebhookEventBridgeEndpoint | WebhookHttpEndpoint | WebhookPubSubEndpoint

type WebhookHttpEndpoint {
  callbackUrl: URL!
}

type WebhookEventBridgeEndpoint {
  arn: ARN!
}

type WebhookPubSubEndpoint {
  pubSubProject: String!
  pubSubTopic: String!
}

input WebhookSubscriptionInput {
  format: WebhookSubscriptionFormat
  includeFields: [String!]
  filter: String
  metafieldNamespaces: [String!]
  name: String
  callbackUrl: URL @deprecated(reason: "Use \`uri\` instead.")
  uri: String
}

type WebhookSubscriptionCreatePayload {
  userErrors: [UserError!]!
  webhookSubscription: WebhookSubscription
}

type WebhookSubscriptionUpdatePayload {
  userErrors: [UserError!]!
  webhookSubscription: WebhookSubscription
}

type WebhookSubscriptionDeletePayload {
  deletedWebhookSubscriptionId: ID
  userErrors: [UserError!]!
}

type ApiVersion {
  displayName: String!
  handle: String!
  supported: Boolean!
}

enum WebhookSubscriptionFormat {
  JSON
  XML
}

enum WebhookSubscriptionSortKeys {
  CREATED_AT
  ID
}

enum WebhookSubscriptionTopic {
  APP_UNINSTALLED
  CARTS_CREATE
  CARTS_UPDATE
  CHECKOUTS_CREATE
  CHECKOUTS_UPDATE
  CUSTOMERS_CREATE
  CUSTOMERS_UPDATE
  CUSTOMERS_DELETE
  FULFILLMENTS_CREATE
  FULFILLMENTS_UPDATE
  FULFILLMENT_EVENTS_CREATE
  FULFILLMENT_EVENTS_DELETE
  FULFILLMENT_ORDERS_CANCELLED
  FULFILLMENT_ORDERS_FULFILLMENT_REQUEST_SUBMITTED
  FULFILLMENT_ORDERS_HOLD_RELEASED
  FULFILLMENT_ORDERS_MOVED
  FULFILLMENT_ORDERS_ORDER_ROUTING_COMPLETE
  FULFILLMENT_ORDERS_PLACED_ON_HOLD
  FULFILLMENT_ORDERS_SPLIT
  INVENTORY_ITEMS_UPDATE
  LOCATIONS_CREATE
  LOCATIONS_UPDATE
  ORDERS_CANCELLED
  ORDERS_CREATE
  ORDERS_DELETE
  ORDERS_EDITED
  ORDERS_FULFILLED
  ORDERS_PAID
  ORDERS_PARTIALLY_FULFILLED
  ORDERS_UPDATED
  PRODUCTS_CREATE
  PRODUCTS_DELETE
  PRODUCTS_UPDATE
  SHOP_UPDATE
}
`;
