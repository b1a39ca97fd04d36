/**
 * Products, variants, inventory items, metafields (with metafieldsSet) and locations.
 * From Shopify's Admin GraphQL schema (2026-07), cut to what the local Shopify serves: every field kept has
 * Shopify's name, arguments and type; descriptions are left out.
 */
export const PRODUCTS_AND_LOCATIONS_SDL = `
type Location implements HasMetafields & LegacyInteroperability & Node {
  id: ID!
  legacyResourceId: UnsignedInt64!
  name: String!
  isActive: Boolean!
  isPrimary: Boolean! @deprecated(reason: "The concept of a primary location is deprecated, shipsInventory can be used to get a fallback location")
  fulfillsOnlineOrders: Boolean!
  shipsInventory: Boolean!
  address: LocationAddress!
  createdAt: DateTime!
  updatedAt: DateTime!
  metafield(namespace: String, key: String!): Metafield
  metafields(namespace: String, keys: [String!], first: Int, after: String, last: Int, before: String, reverse: Boolean = false): MetafieldConnection!
}

type LocationAddress {
  address1: String
  address2: String
  city: String
  country: String
  countryCode: String
  phone: String
  province: String
  provinceCode: String
  zip: String
  formatted: [String!]!
}

type LocationConnection {
  edges: [LocationEdge!]!
  nodes: [Location!]!
  pageInfo: PageInfo!
}

type LocationEdge {
  cursor: String!
  node: Location!
}

enum LocationSortKeys {
  ID
  NAME
  RELEVANCE
}

type Product implements HasMetafields & LegacyInteroperability & Node {
  id: ID!
  legacyResourceId: UnsignedInt64!
  title: String!
  handle: String!
  vendor: String!
  productType: String!
  status: ProductStatus!
  tags: [String!]!
  createdAt: DateTime!
  updatedAt: DateTime!
  totalInventory: Int!
  hasOnlyDefaultVariant: Boolean!
  variants(first: Int, after: String, last: Int, before: String, reverse: Boolean = false, sortKey: ProductVariantSortKeys = POSITION): ProductVariantConnection!
  variantsCount: Count
  metafield(namespace: String, key: String!): Metafield
  metafields(namespace: String, keys: [String!], first: Int, after: String, last: Int, before: String, reverse: Boolean = false): MetafieldConnection!
}

type ProductConnection {
  edges: [ProductEdge!]!
  nodes: [Product!]!
  pageInfo: PageInfo!
}

type ProductEdge {
  cursor: String!
  node: Product!
}

enum ProductSortKeys {
  CREATED_AT
  ID
  INVENTORY_TOTAL
  PRODUCT_TYPE
  PUBLISHED_AT
  RELEVANCE
  TITLE
  UPDATED_AT
  VENDOR
}

enum ProductStatus {
  ACTIVE
  ARCHIVED
  DRAFT
  UNLISTED
}

type ProductVariant implements HasMetafields & LegacyInteroperability & Node {
  id: ID!
  legacyResourceId: UnsignedInt64!
  title: String!
  displayName: String!
  sku: String
  barcode: String
  price: Money!
  compareAtPrice: Money
  position: Int!
  taxable: Boolean!
  inventoryQuantity: Int
  inventoryItem: InventoryItem!
  product: Product!
  createdAt: DateTime!
  updatedAt: DateTime!
  metafield(namespace: String, key: String!): Metafield
  metafields(namespace: String, keys: [String!], first: Int, after: String, last: Int, before: String, reverse: Boolean = false): MetafieldConnection!
}

type ProductVariantConnection {
  edges: [ProductVariantEdge!]!
  nodes: [ProductVariant!]!
  pageInfo: PageInfo!
}

type ProductVariantEdge {
  cursor: String!
  node: ProductVariant!
}

enum ProductVariantSortKeys {
  FULL_TITLE
  ID
  INVENTORY_LEVELS_AVAILABLE
  INVENTORY_MANAGEMENT
  INVENTORY_POLICY
  INVENTORY_QUANTITY
  NAME
  POPULAR
  POSITION
  RELEVANCE
  SKU
  TITLE
}

type InventoryItem implements LegacyInteroperability & Node {
  id: ID!
  legacyResourceId: UnsignedInt64!
  sku: String
  tracked: Boolean!
  requiresShipping: Boolean!
  measurement: InventoryItemMeasurement!
  countryCodeOfOrigin: CountryCode
  provinceCodeOfOrigin: String
  harmonizedSystemCode: String
  createdAt: DateTime!
  updatedAt: DateTime!
}

type InventoryItemMeasurement implements Node {
  id: ID!
  weight: Weight
}

type Metafield implements LegacyInteroperability & Node {
  id: ID!
  legacyResourceId: UnsignedInt64!
  namespace: String!
  key: String!
  value: String!
  type: String!
  jsonValue: JSON!
  compareDigest: String!
  ownerType: MetafieldOwnerType!
  createdAt: DateTime!
  updatedAt: DateTime!
}

type MetafieldConnection {
  edges: [MetafieldEdge!]!
  nodes: [Metafield!]!
  pageInfo: PageInfo!
}

type MetafieldEdge {
  cursor: String!
  node: Metafield!
}

input MetafieldsSetInput {
  ownerId: ID!
  namespace: String
  key: String!
  value: String!
  compareDigest: String
  type: String
}

type MetafieldsSetPayload {
  metafields: [Metafield!]
  userErrors: [MetafieldsSetUserError!]!
}

type MetafieldsSetUserError implements DisplayableError {
  code: MetafieldsSetUserErrorCode
  elementIndex: Int
  field: [String!]
  message: String!
}

enum MetafieldsSetUserErrorCode {
  CAPABILITY_VIOLATION
  STALE_OBJECT
  INVALID_COMPARE_DIGEST
  MARKET_METAFIELDS_NOT_COMPATIBLE_WITH_CONDITION_TYPES
  INVALID_TYPE
  INVALID_VALUE
  APP_NOT_AUTHORIZED
  INCLUSION
  TAKEN
  PRESENT
  BLANK
  TOO_LONG
  TOO_SHORT
  LESS_THAN_OR_EQUAL_TO
  INVALID
  INTERNAL_ERROR
}

enum MetafieldOwnerType {
  PRODUCT
  PRODUCTVARIANT
  ORDER
  SHOP
  LOCATION
  CUSTOMER
}
`;
