/**
 * The benchmark's server process: the Shopify app on the local Shopify and the built-in simulator, on a
 * database of its own, as `npm run shopify` runs it. It prints one JSON line ({ appUrl, shop, simulatorUrl })
 * when ready and stops on SIGTERM, dropping its database.
 */
import { Client } from "pg";
import { startLocalStack } from "../../scripts/shopify/local-stack";

async function main() {
  const admin = process.env.BENCH_DATABASE_ADMIN_URL ?? "postgres://postgres@localhost:5432/postgres";
  const url = new URL(admin);
  url.pathname = `/canada_post_shopify_bench_${process.pid}`;
  const quiet = { info: () => undefined, warn: () => undefined, error: (m: string) => console.error(m) };
  const stack = await startLocalStack({ databaseUrl: url.toString(), logger: quiet });
  const { json } = await stack.api("GET", "/api/settings");
  process.stdout.write(
    `${JSON.stringify({ appUrl: stack.appUrl, shop: stack.shop, simulatorUrl: json.backend.base_url })}\n`,
  );
  process.once("SIGTERM", () => {
    void (async () => {
      await stack.close();
      const db = new Client({ connectionString: admin });
      await db.connect();
      await db.query(`drop database if exists "${url.pathname.slice(1)}" with (force)`);
      await db.end();
      process.exit(0);
    })();
  });
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
