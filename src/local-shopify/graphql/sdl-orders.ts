/**
 * Orders, their line items, shipping lines and customers.
 * From Shopify's Admin GraphQL schema (2026-07), cut to what the local Shopify serves: every field kept has
 * Shopify's name, arguments and type; descriptions are left out.
 */
export const ORDERS_SDL = `
type Order implements HasMetafields & LegacyInteroperability & Node {
  id: ID!
  legacyResourceId: UnsignedInt64!
  name: String!
  email: String
  phone: String
  note: String
  tags: [String!]!
  test: Boolean!
  createdAt: DateTime!
  updatedAt: DateTime!
  processedAt: DateTime!
  cancelledAt: DateTime
  cancelReason: OrderCancelReason
  closed: Boolean!
  closedAt: DateTime
  confirmed: Boolean!
  displayFulfillmentStatus: OrderDisplayFulfillmentStatus!
  displayFinancialStatus: OrderDisplayFinancialStatus
  currencyCode: CurrencyCode!
  presentmentCurrencyCode: CurrencyCode!
  subtotalPriceSet: MoneyBag
  totalPriceSet: MoneyBag!
  totalShippingPriceSet: MoneyBag!
  totalTaxSet: MoneyBag
  totalDiscountsSet: MoneyBag
  totalWeight: UnsignedInt64
  requiresShipping: Boolean!
  shippingLine: ShippingLine
  shippingLines(includeRemovals: Boolean = false, first: Int, after: String, last: Int, before: String, reverse: Boolean = false): ShippingLineConnection!
  shippingAddress: MailingAddress
  billingAddress: MailingAddress
  customer: Customer
  lineItems(first: Int, after: String, last: Int, before: String, reverse: Boolean = false): LineItemConnection!
  fulfillmentOrders(displayable: Boolean = false, first: Int, after: String, last: Int, before: String, reverse: Boolean = false, query: String): FulfillmentOrderConnection!
  fulfillments(first: Int, query: String): [Fulfillment!]!
  metafield(namespace: String, key: String!): Metafield
  metafields(namespace: String, keys: [String!], first: Int, after: String, last: Int, before: String, reverse: Boolean = false): MetafieldConnection!
}

type OrderConnection {
  edges: [OrderEdge!]!
  nodes: [Order!]!
  pageInfo: PageInfo!
}

type OrderEdge {
  cursor: String!
  node: Order!
}

type ShippingLine {
  id: ID
  code: String
  title: String!
  source: String
  carrierIdentifier: String
  deliveryCategory: String
  phone: String
  originalPriceSet: MoneyBag!
  discountedPriceSet: MoneyBag!
  custom: Boolean!
}

type ShippingLineConnection {
  edges: [ShippingLineEdge!]!
  nodes: [ShippingLine!]!
  pageInfo: PageInfo!
}

type ShippingLineEdge {
  cursor: String!
  node: ShippingLine!
}

type Customer implements LegacyInteroperability & Node {
  id: ID!
  legacyResourceId: UnsignedInt64!
  email: String @deprecated(reason: "Use \`defaultEmailAddress.emailAddress\` instead.")
  firstName: String
  lastName: String
  displayName: String!
  phone: String @deprecated(reason: "Use \`defaultPhoneNumber.phoneNumber\` instead.")
  tags: [String!]!
}

type LineItem implements Node {
  id: ID!
  name: String!
  title: String!
  variantTitle: String
  sku: String
  vendor: String
  quantity: Int!
  currentQuantity: Int!
  fulfillableQuantity: Int! @deprecated(reason: "Use [FulfillmentOrderLineItem#remainingQuantity](https://shopify.dev/api/admin-graphql/latest/objects/FulfillmentOrderLineItem#field-fulfillmentorderlineitem-remainingquantity) instead.")
  unfulfilledQuantity: Int!
  requiresShipping: Boolean!
  taxable: Boolean!
  originalUnitPriceSet: MoneyBag!
  discountedUnitPriceSet: MoneyBag!
  originalTotalSet: MoneyBag!
  variant: ProductVariant
  product: Product
}

type LineItemConnection {
  edges: [LineItemEdge!]!
  nodes: [LineItem!]!
  pageInfo: PageInfo!
}

type LineItemEdge {
  cursor: String!
  node: LineItem!
}

enum OrderSortKeys {
  CREATED_AT
  CURRENT_TOTAL_PRICE
  CUSTOMER_NAME
  DESTINATION
  FINANCIAL_STATUS
  FULFILLMENT_STATUS
  ID
  ORDER_NUMBER
  PO_NUMBER
  PROCESSED_AT
  RELEVANCE
  TOTAL_ITEMS_QUANTITY
  TOTAL_PRICE
  UPDATED_AT
}

enum OrderDisplayFulfillmentStatus {
  UNFULFILLED
  PARTIALLY_FULFILLED
  FULFILLED
  RESTOCKED
  PENDING_FULFILLMENT
  OPEN
  IN_PROGRESS
  ON_HOLD
  SCHEDULED
  REQUEST_DECLINED
}

enum OrderDisplayFinancialStatus {
  PENDING
  AUTHORIZED
  PARTIALLY_PAID
  PARTIALLY_REFUNDED
  VOIDED
  PAID
  REFUNDED
  EXPIRED
}

enum OrderCancelReason {
  CUSTOMER
  DECLINED
  FRAUD
  INVENTORY
  STAFF
  OTHER
}
`;
