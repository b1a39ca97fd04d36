-- Up Migration
-- The Shopify app's own tables. Sessions are kept apart by @shopify/shopify-app-session-storage-postgresql
-- (its table shopify_sessions, which it creates itself). Every row names its shop: a shop's redaction
-- deletes by shop alone.

-- One row per shop that installed the app. settings: the merchant's settings without secrets (the core's
-- MerchantSettingsInput, checked by parseMerchantSettings when used); credentials: the Canada Post API key
-- (username, password) as AES-256-GCM ciphertext, never in clear. settings_version grows with each change,
-- so every instance rebuilds its core for the shop.
create table shops (
  shop text primary key,
  name text,
  scope text,
  installed_at timestamptz not null default now(),
  uninstalled_at timestamptz,
  carrier_service_id text,
  carrier_callback_url text,
  settings jsonb not null default '{}'::jsonb,
  credentials text,
  settings_version integer not null default 1,
  updated_at timestamptz not null default now()
);

-- Variant dimensions and customs data from the canada_post metafields, synced by products webhooks: the
-- carrier-service request carries grams but no sizes.
create table variant_dimensions (
  shop text not null references shops (shop) on delete cascade,
  variant_id bigint not null,
  product_id bigint,
  sku text,
  length_cm numeric,
  width_cm numeric,
  height_cm numeric,
  hs_code text,
  country_of_origin text,
  updated_at timestamptz not null default now(),
  primary key (shop, variant_id)
);

-- The Canada Post service the customer chose at checkout (orders/create's shipping_lines).
create table order_choices (
  shop text not null references shops (shop) on delete cascade,
  order_id text not null,
  order_name text,
  service_code text,
  title text,
  price_cents integer,
  currency text,
  source text,
  created_at timestamptz not null default now(),
  primary key (shop, order_id)
);

-- One row per parcel bought: the core's ShipmentRecord. fulfillment_key is the core's "fulfillment" (the
-- fulfillment order, with a generation once an earlier label set was cancelled); fulfillment_id is the
-- Shopify fulfillment that carries the PINs, once made.
create table shipments (
  id bigserial primary key,
  shop text not null references shops (shop) on delete cascade,
  order_id text not null,
  fulfillment_order_id text not null,
  fulfillment_key text not null,
  fulfillment_id text,
  parcel_index integer not null,
  parcel jsonb,
  customer_request_id text not null,
  shipment_id text not null,
  tracking_pin text,
  service_code text not null,
  mode text not null,
  group_id text,
  status text not null,
  price_due numeric(10, 2),
  price_base numeric(10, 2),
  price_taxes numeric(10, 2),
  label_location text,
  label_media_type text,
  unread jsonb,
  links jsonb not null default '[]'::jsonb,
  refund jsonb,
  tracking_status text,
  expected_delivery_date text,
  actual_delivery_date text,
  tracked_at timestamptz,
  delivered_marked_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (shop, fulfillment_key, parcel_index),
  unique (shop, shipment_id)
);
create index shipments_order on shipments (shop, order_id);
create index shipments_fulfillment on shipments (shop, fulfillment_id);
create index shipments_tracking on shipments (tracked_at nulls first)
  where status not in ('voided', 'refund_requested') and tracking_status is distinct from 'delivered';

-- Canada Post's scans of each parcel, newest read last; written to Shopify as fulfillment events.
create table tracking_events (
  shipment bigint not null references shipments (id) on delete cascade,
  code text not null,
  occurred_at text not null,
  description text not null,
  site text,
  province text,
  signatory_name text,
  primary key (shipment, code, occurred_at)
);

-- The fulfillment events the app wrote to Shopify, once each per fulfillment and status.
create table fulfillment_events (
  shop text not null references shops (shop) on delete cascade,
  fulfillment_id text not null,
  status text not null,
  event_id text,
  created_at timestamptz not null default now(),
  primary key (shop, fulfillment_id, status)
);

-- Labels and manifests (PDF or ZPL), in the database so every instance reads them without a shared disk.
create table documents (
  shop text not null references shops (shop) on delete cascade,
  key text not null,
  media_type text not null,
  data bytea not null,
  created_at timestamptz not null default now(),
  primary key (shop, key)
);

create table manifests (
  id bigserial primary key,
  shop text not null references shops (shop) on delete cascade,
  manifest_id text not null,
  po_number text,
  group_ids text[] not null,
  shipment_count integer not null,
  document_location text,
  document_media_type text,
  links jsonb not null default '[]'::jsonb,
  problem text,
  created_at timestamptz not null default now(),
  unique (shop, manifest_id)
);

-- Webhooks processed (or being processed), by X-Shopify-Webhook-Id: a redelivery is answered, not redone.
create table processed_webhooks (
  webhook_id text primary key,
  shop text not null,
  topic text not null,
  state text not null default 'processing',
  received_at timestamptz not null default now()
);

-- What customers/data_request was answered with, for the merchant to hand over.
create table data_requests (
  id bigserial primary key,
  shop text not null references shops (shop) on delete cascade,
  customer_id text,
  payload jsonb not null,
  created_at timestamptz not null default now()
);

-- Down Migration
drop table data_requests;
drop table processed_webhooks;
drop table manifests;
drop table documents;
drop table fulfillment_events;
drop table tracking_events;
drop table shipments;
drop table order_choices;
drop table variant_dimensions;
drop table shops;
