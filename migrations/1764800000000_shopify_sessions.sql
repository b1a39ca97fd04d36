-- Up Migration
-- Shopify's sessions (the shop's offline access token; staff members' online sessions), read and written by
-- src/shopify/session-store.ts through the app's own pool. The table and its columns are those that
-- @shopify/shopify-app-session-storage-postgresql 8 created itself, so a database it set up keeps its rows,
-- but for the tokens: sealed with SHOPIFY_APP_ENCRYPTION_KEY, they need more than 255 characters.
create table if not exists shopify_sessions (
  "id" varchar(255) not null primary key,
  "shop" varchar(255) not null,
  "state" varchar(255) not null,
  "isOnline" boolean not null,
  "scope" varchar(1024),
  "expires" integer,
  "accessToken" text,
  "refreshToken" text,
  "refreshTokenExpires" bigint,
  "userId" bigint,
  "firstName" varchar(255),
  "lastName" varchar(255),
  "email" varchar(255),
  "accountOwner" boolean,
  "locale" varchar(255),
  "collaborator" boolean,
  "emailVerified" boolean
);
alter table shopify_sessions alter column "accessToken" type text, alter column "refreshToken" type text;
create index if not exists shopify_sessions_shop on shopify_sessions ("shop");

-- Down Migration
drop table shopify_sessions;
