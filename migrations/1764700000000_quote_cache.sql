-- Up Migration
-- Canada Post's answers per parcel and route, shared by every instance of the app: a cart priced through one
-- instance and then another asks Canada Post once. Keyed by the SHA-256 of the answer's cache key (Canada
-- Post's request text, account numbers included). A cache: unlogged (a crash empties it, which costs only
-- a question to Canada Post), and expired rows are deleted as new ones are put.
create unlogged table quote_cache (
  key text primary key,
  value jsonb not null,
  expires_at timestamptz not null
);

-- Down Migration
drop table quote_cache;
