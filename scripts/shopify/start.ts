/**
 * `npm run shopify`: the Shopify app on the local Shopify (port 8092, SHOPIFY_LOCAL_PORT) and, with no
 * CANADA_POST_* credentials, the built-in Canada Post simulator; the app on port 3000 (PORT), its database
 * `canada_post_shopify` (DATABASE_URL) created and migrated, installed into the demo shop Maple Goods. Prints
 * what to open, then runs until Ctrl-C. No account, no network. The embedded admin (admin/) is built first
 * when admin/dist is missing or older than its sources.
 */
import { databaseUrlFrom } from "../../src/shopify/config";
import { DatabaseError, redactUrl } from "../../src/shopify/database";
import { ensureAdminBuilt } from "./admin-build";
import { LOCAL_API_KEY, startLocalStack } from "./local-stack";

async function main() {
  const databaseUrl = databaseUrlFrom(process.env);
  await ensureAdminBuilt((m) => console.log(m));
  const stack = await startLocalStack({
    databaseUrl,
    appPort: Number(process.env.PORT ?? 3000),
    shopifyPort: Number(process.env.SHOPIFY_LOCAL_PORT ?? 8092),
    trackingIntervalMs: Number(process.env.SHOPIFY_TRACKING_INTERVAL_MINUTES ?? 15) * 60_000,
  });
  const { json: settings } = await stack.api("GET", "/api/settings");
  console.log(`
Canada Post for Shopify, on the local Shopify

  app                ${stack.appUrl}   (database ${redactUrl(databaseUrl)})
  local Shopify      ${stack.local.url}/admin   (shop ${stack.shop}, Maple Goods)
  open the app       ${stack.local.url}/admin/apps/${LOCAL_API_KEY}   (the embedded admin, framed as Shopify's admin frames it)
  carrier callback   ${settings.carrier_service.callback_url}
  Canada Post        ${settings.backend.kind} at ${settings.backend.base_url}

  a checkout         curl -s -X POST ${stack.local.url}/__shopify/checkout -H 'content-type: application/json' \\
                       -d '{"lines":[{"sku":"MG-SYRUP-540","quantity":2}],"destination":{"country":"CA","postal_code":"H2B 1A0"}}'
  the whole journey  npm run shopify:demo   (in another terminal)

Ctrl-C stops it.`);
  const stop = () => {
    stack.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}

main().catch((e: unknown) => {
  console.error(e instanceof DatabaseError ? e.message : e);
  if ((e as { code?: string }).code === "EADDRINUSE")
    console.error(
      "A port is taken: set PORT (the app) or SHOPIFY_LOCAL_PORT (the local Shopify), or stop what uses it.",
    );
  process.exit(1);
});
