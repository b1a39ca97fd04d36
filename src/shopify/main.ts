/**
 * The Shopify app's server for real: configuration from the environment (SHOPIFY_API_KEY,
 * SHOPIFY_API_SECRET, SHOPIFY_APP_URL, SHOPIFY_SCOPES, DATABASE_URL, SHOPIFY_APP_ENCRYPTION_KEY, PORT and
 * the CANADA_POST_* defaults), the database created and migrated, then served until SIGTERM or Ctrl-C.
 * `--migrate` only applies the migrations.
 */
import { createShopifyApp } from "./app";
import { AppConfigError, appConfigFrom, databaseUrlFrom } from "./config";
import { DatabaseError, ensureDatabase, migrate, redactUrl } from "./database";

async function main(): Promise<void> {
  if (process.argv.includes("--migrate")) {
    const url = databaseUrlFrom(process.env);
    if (await ensureDatabase(url)) console.log(`created the database ${redactUrl(url)}`);
    await migrate(url);
    console.log(`migrations applied to ${redactUrl(url)}`);
    return;
  }
  const config = appConfigFrom();
  if (config.developmentKey)
    console.warn(
      "SHOPIFY_APP_ENCRYPTION_KEY is not set: Canada Post credentials are sealed with a development key",
    );
  if (await ensureDatabase(config.databaseUrl))
    console.log(`created the database ${redactUrl(config.databaseUrl)}`);
  await migrate(config.databaseUrl);
  const app = await createShopifyApp({ config });
  const url = await app.listen();
  console.log(`Canada Post for Shopify listening on ${url} (Shopify reaches it at ${config.appUrl.origin})`);
  const stop = () => {
    app.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once("SIGTERM", stop);
  process.once("SIGINT", stop);
}

main().catch((e: unknown) => {
  if (e instanceof AppConfigError || e instanceof DatabaseError) console.error(e.message);
  else console.error(e);
  process.exit(1);
});
