/**
 * Fulfillment orders, fulfillments, tracking and their inputs and payloads.
 * From Shopify's Admin GraphQL schema (2026-07), cut to what the local Shopify serves: every field kept has
 * Shopify's name, arguments and type; descriptions are left out.
 */
export const FULFILLMENTS_SDL = `
type FulfillmentOrder implements Node {
  id: ID!
  status: FulfillmentOrderStatus!
  requestStatus: FulfillmentOrderRequestStatus!
  orderId: ID!
  orderName: String!
  order: Order!
  createdAt: DateTime!
  updatedAt: DateTime!
  fulfillAt: DateTime
  assignedLocation: FulfillmentOrderAssignedLocation!
  deliveryMethod: DeliveryMethod
  destination: FulfillmentOrderDestination
  lineItems(first: Int, after: String, last: Int, before: String, reverse: Boolean = false): FulfillmentOrderLineItemConnection!
  fulfillments(first: Int, after: String, last: Int, before: String, reverse: Boolean = false): FulfillmentConnection!
}

type FulfillmentOrderConnection {
  edges: [FulfillmentOrderEdge!]!
  nodes: [FulfillmentOrder!]!
  pageInfo: PageInfo!
}

type FulfillmentOrderEdge {
  cursor: String!
  node: FulfillmentOrder!
}

type FulfillmentOrderAssignedLocation {
  address1: String
  address2: String
  city: String
  countryCode: CountryCode!
  location: Location
  name: String!
  phone: String
  province: String
  zip: String
}

type FulfillmentOrderDestination implements Node {
  address1: String
  address2: String
  city: String
  company: String
  countryCode: CountryCode
  email: String
  firstName: String
  id: ID!
  lastName: String
  location: Location
  phone: String
  province: String
  zip: String
}

type DeliveryMethod implements Node {
  id: ID!
  methodType: DeliveryMethodType!
  serviceCode: String
  presentedName: String
  minDeliveryDateTime: DateTime
  maxDeliveryDateTime: DateTime
}

type FulfillmentOrderLineItem implements Node {
  id: ID!
  totalQuantity: Int!
  remainingQuantity: Int!
  lineItem: LineItem!
  sku: String
  productTitle: String!
  variantTitle: String
  vendor: String
  requiresShipping: Boolean!
  variant: ProductVariant
  inventoryItemId: ID
  weight: Weight
}

type FulfillmentOrderLineItemConnection {
  edges: [FulfillmentOrderLineItemEdge!]!
  nodes: [FulfillmentOrderLineItem!]!
  pageInfo: PageInfo!
}

type FulfillmentOrderLineItemEdge {
  cursor: String!
  node: FulfillmentOrderLineItem!
}

type Fulfillment implements LegacyInteroperability & Node {
  id: ID!
  legacyResourceId: UnsignedInt64!
  name: String!
  status: FulfillmentStatus!
  displayStatus: FulfillmentDisplayStatus
  createdAt: DateTime!
  updatedAt: DateTime!
  deliveredAt: DateTime
  inTransitAt: DateTime
  estimatedDeliveryAt: DateTime
  requiresShipping: Boolean!
  totalQuantity: Int!
  trackingInfo(first: Int): [FulfillmentTrackingInfo!]!
  events(first: Int, after: String, last: Int, before: String, reverse: Boolean = false, sortKey: FulfillmentEventSortKeys = HAPPENED_AT): FulfillmentEventConnection!
  fulfillmentLineItems(first: Int, after: String, last: Int, before: String, reverse: Boolean = false): FulfillmentLineItemConnection!
  fulfillmentOrders(first: Int, after: String, last: Int, before: String, reverse: Boolean = false): FulfillmentOrderConnection!
  location: Location
  order: Order!
  service: FulfillmentService
}

type FulfillmentConnection {
  edges: [FulfillmentEdge!]!
  nodes: [Fulfillment!]!
  pageInfo: PageInfo!
}

type FulfillmentEdge {
  cursor: String!
  node: Fulfillment!
}

type FulfillmentTrackingInfo {
  company: String
  number: String
  url: URL
}

type FulfillmentEvent implements Node {
  id: ID!
  status: FulfillmentEventStatus!
  happenedAt: DateTime!
  createdAt: DateTime!
  message: String
  estimatedDeliveryAt: DateTime
  city: String
  province: String
  country: String
  zip: String
  address1: String
  latitude: Float
  longitude: Float
}

type FulfillmentEventConnection {
  edges: [FulfillmentEventEdge!]!
  nodes: [FulfillmentEvent!]!
  pageInfo: PageInfo!
}

type FulfillmentEventEdge {
  cursor: String!
  node: FulfillmentEvent!
}

type FulfillmentLineItem implements Node {
  id: ID!
  quantity: Int
  lineItem: LineItem!
  originalTotalSet: MoneyBag!
}

type FulfillmentLineItemConnection {
  edges: [FulfillmentLineItemEdge!]!
  nodes: [FulfillmentLineItem!]!
  pageInfo: PageInfo!
}

type FulfillmentLineItemEdge {
  cursor: String!
  node: FulfillmentLineItem!
}

type FulfillmentService {
  id: ID!
  serviceName: String!
  handle: String!
  type: FulfillmentServiceType!
}

input FulfillmentInput {
  trackingInfo: FulfillmentTrackingInput
  notifyCustomer: Boolean = false
  lineItemsByFulfillmentOrder: [FulfillmentOrderLineItemsInput!]!
  originAddress: FulfillmentOriginAddressInput
}

input FulfillmentOrderLineItemsInput {
  fulfillmentOrderId: ID!
  fulfillmentOrderLineItems: [FulfillmentOrderLineItemInput!]
}

input FulfillmentOrderLineItemInput {
  id: ID!
  quantity: Int!
}

input FulfillmentTrackingInput {
  number: String
  url: URL
  company: String
  numbers: [String!]
  urls: [URL!]
}

input FulfillmentOriginAddressInput {
  address1: String
  address2: String
  city: String
  zip: String
  provinceCode: String
  countryCode: String!
}

input FulfillmentEventInput {
  address1: String
  city: String
  country: String
  estimatedDeliveryAt: DateTime
  happenedAt: DateTime
  fulfillmentId: ID!
  latitude: Float
  longitude: Float
  message: String
  province: String
  status: FulfillmentEventStatus!
  zip: String
}

type FulfillmentCreatePayload {
  fulfillment: Fulfillment
  userErrors: [UserError!]!
}

type FulfillmentCancelPayload {
  fulfillment: Fulfillment
  userErrors: [UserError!]!
}

type FulfillmentTrackingInfoUpdatePayload {
  fulfillment: Fulfillment
  userErrors: [UserError!]!
}

type FulfillmentEventCreatePayload {
  fulfillmentEvent: FulfillmentEvent
  userErrors: [UserError!]!
}

enum FulfillmentOrderStatus {
  OPEN
  IN_PROGRESS
  CANCELLED
  INCOMPLETE
  CLOSED
  SCHEDULED
  ON_HOLD
}

enum FulfillmentOrderRequestStatus {
  UNSUBMITTED
  SUBMITTED
  ACCEPTED
  REJECTED
  CANCELLATION_REQUESTED
  CANCELLATION_ACCEPTED
  CANCELLATION_REJECTED
  CLOSED
}

enum DeliveryMethodType {
  SHIPPING
  PICK_UP
  NONE
  RETAIL
  LOCAL
  PICKUP_POINT
}

enum FulfillmentStatus {
  PENDING @deprecated(reason: "This is a legacy status and is due to be deprecated.")
  OPEN @deprecated(reason: "This is a legacy status and is due to be deprecated.")
  SUCCESS
  CANCELLED
  ERROR
  FAILURE
}

enum FulfillmentDisplayStatus {
  ATTEMPTED_DELIVERY
  CANCELED
  CONFIRMED
  DELAYED
  DELIVERED
  FAILURE
  FULFILLED
  CARRIER_PICKED_UP
  IN_TRANSIT
  LABEL_PRINTED
  LABEL_PURCHASED
  LABEL_VOIDED
  MARKED_AS_FULFILLED
  NOT_DELIVERED
  OUT_FOR_DELIVERY
  READY_FOR_PICKUP
  PICKED_UP
  SUBMITTED
}

enum FulfillmentEventStatus {
  LABEL_PURCHASED
  LABEL_PRINTED
  READY_FOR_PICKUP
  CONFIRMED
  IN_TRANSIT
  OUT_FOR_DELIVERY
  ATTEMPTED_DELIVERY
  DELAYED
  DELIVERED
  FAILURE
  CARRIER_PICKED_UP
}

enum FulfillmentServiceType {
  GIFT_CARD
  MANUAL
  THIRD_PARTY
}

enum FulfillmentEventSortKeys {
  HAPPENED_AT
  ID
}
`;
