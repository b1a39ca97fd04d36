-- Up Migration
-- Connect with Canada Post, per shop: the merchant account a shop connected (its API key sealed with
-- SHOPIFY_APP_ENCRYPTION_KEY, never in clear), and the registrations under way until Canada Post sends the
-- admin back. A shop's redaction or a new connection removes its row; the connection wins over an API key
-- pasted in the settings and over the app's CANADA_POST_* defaults.
create table shop_connections (
  shop text primary key references shops (shop) on delete cascade,
  customer_number text not null,
  contract_id text,
  sealed_credentials text not null,
  has_credit_card boolean not null default false,
  has_supplier_account boolean not null default false,
  platform_id text not null,
  connected_at timestamptz not null default now()
);

-- A registration under way, by the SHA-256 of its state value (the state itself is never stored): the
-- token Canada Post issued, the shop and staff member who started it, the hash of the nonce kept by their
-- browser. Taken (deleted) once, whatever the outcome; expired rows are deleted when the next is put.
create table pending_registrations (
  state_hash text primary key,
  shop text not null references shops (shop) on delete cascade,
  payload jsonb not null,
  expires_at timestamptz not null
);

-- Down Migration
drop table pending_registrations;
drop table shop_connections;
