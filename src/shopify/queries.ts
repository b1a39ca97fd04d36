/**
 * The Admin GraphQL operations the app sends (API version 2026-07), each with the fields it reads and no
 * more: Shopify prices a query by what it asks for.
 */

export const SHOP_QUERY = `query AppShop {
  shop { name email myshopifyDomain currencyCode ianaTimezone
    shopAddress { company address1 address2 city provinceCode zip countryCodeV2 phone } }
}`;

export const CARRIER_SERVICES_QUERY = `query CarrierServices {
  carrierServices(first: 50) { nodes { id name callbackUrl active } }
}`;

export const CARRIER_SERVICE_CREATE = `mutation CarrierServiceCreate($input: DeliveryCarrierServiceCreateInput!) {
  carrierServiceCreate(input: $input) { carrierService { id callbackUrl active } userErrors { field message } }
}`;

export const CARRIER_SERVICE_UPDATE = `mutation CarrierServiceUpdate($input: DeliveryCarrierServiceUpdateInput!) {
  carrierServiceUpdate(input: $input) { carrierService { id callbackUrl active } userErrors { field message } }
}`;

/** What a label needs of an order: address, lines with their variants, fulfillment orders and fulfillments. */
export const ORDER_FOR_LABELS = `query OrderForLabels($id: ID!) {
  order(id: $id) {
    id name email phone currencyCode cancelledAt
    shippingLine { code title source originalPriceSet { shopMoney { amount currencyCode } } }
    shippingAddress { name firstName lastName company address1 address2 city provinceCode zip countryCodeV2 phone }
    subtotalPriceSet { shopMoney { amount } }
    fulfillmentOrders(first: 20) { nodes {
      id status
      deliveryMethod { methodType serviceCode presentedName }
      assignedLocation { location { id } }
      lineItems(first: 100) { nodes {
        id totalQuantity remainingQuantity requiresShipping sku productTitle
        weight { unit value }
        variant { id legacyResourceId }
        lineItem { id originalUnitPriceSet { shopMoney { amount currencyCode } } }
      } }
    } }
  }
}`;

export const ORDERS_TO_SHIP = `query OrdersToShip($query: String, $first: Int!) {
  orders(first: $first, query: $query, sortKey: CREATED_AT, reverse: true) { nodes {
    id name createdAt displayFulfillmentStatus currencyCode
    shippingLine { code title source originalPriceSet { shopMoney { amount currencyCode } } }
    shippingAddress { city provinceCode zip countryCodeV2 }
    subtotalPriceSet { shopMoney { amount } }
  } }
}`;

export const FULFILLMENT_CREATE = `mutation FulfillmentCreate($fulfillment: FulfillmentInput!, $message: String) {
  fulfillmentCreate(fulfillment: $fulfillment, message: $message) {
    fulfillment { id status trackingInfo { company number url } }
    userErrors { field message }
  }
}`;

export const FULFILLMENT_TRACKING_UPDATE = `mutation FulfillmentTrackingInfoUpdate($fulfillmentId: ID!, $trackingInfoInput: FulfillmentTrackingInput!, $notifyCustomer: Boolean) {
  fulfillmentTrackingInfoUpdate(fulfillmentId: $fulfillmentId, trackingInfoInput: $trackingInfoInput, notifyCustomer: $notifyCustomer) {
    fulfillment { id trackingInfo { company number url } }
    userErrors { field message }
  }
}`;

export const FULFILLMENT_CANCEL = `mutation FulfillmentCancel($id: ID!) {
  fulfillmentCancel(id: $id) { fulfillment { id status } userErrors { field message } }
}`;

export const FULFILLMENT_EVENT_CREATE = `mutation FulfillmentEventCreate($fulfillmentEvent: FulfillmentEventInput!) {
  fulfillmentEventCreate(fulfillmentEvent: $fulfillmentEvent) { fulfillmentEvent { id status } userErrors { field message } }
}`;

/** A fulfillment the merchant made in Shopify's admin: which fulfillment orders and lines it took. */
export const FULFILLMENT_QUERY = `query FulfillmentForLabels($id: ID!) {
  fulfillment(id: $id) {
    id status order { id }
    trackingInfo { company number }
    fulfillmentOrders(first: 10) { nodes { id } }
  }
}`;

/** The canada_post metafields of a product's variants (sizes in cm, customs data). */
export const PRODUCT_DIMENSIONS = `query ProductDimensions($id: ID!) {
  product(id: $id) {
    id legacyResourceId
    metafields(namespace: "canada_post", first: 10) { nodes { key value } }
    variants(first: 100) { nodes {
      id legacyResourceId sku
      metafields(namespace: "canada_post", first: 10) { nodes { key value } }
    } }
  }
}`;
