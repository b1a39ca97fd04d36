/**
 * PostgreSQL ending the app's connections (a restart, a failover, a proxy closing idle connections) must not
 * stop the app: the connections that die are replaced and the next checkout, the next admin request and the
 * next session read are answered.
 */
import { Client } from "pg";
import { offlineSession } from "../../src/shopify/context";
import { ADMIN_URL, MONTREAL, useStack } from "./support";

const t = useStack();

/** Ends every connection to the app's database, as a restart of PostgreSQL does, and waits until they are gone. */
async function terminateAppConnections(): Promise<number> {
  const name = new URL(t.databaseUrl).pathname.slice(1);
  const admin = new Client({ connectionString: ADMIN_URL });
  await admin.connect();
  try {
    const { rows } = await admin.query(
      "select count(*)::int as n from (select pg_terminate_backend(pid) from pg_stat_activity where datname = $1) t",
      [name],
    );
    for (let left = 1; left > 0;) {
      await new Promise((r) => setTimeout(r, 20));
      ({ left } = (
        await admin.query("select count(*)::int as left from pg_stat_activity where datname = $1", [name])
      ).rows[0]);
    }
    return rows[0].n;
  } finally {
    await admin.end();
  }
}

const checkout = () =>
  t.stack.control("POST", "checkout", {
    lines: [{ sku: "MG-SYRUP-540", quantity: 2 }],
    destination: MONTREAL,
  });

test("the app outlives PostgreSQL ending its idle connections: checkout, admin and sessions answer after", async () => {
  // The app's pool holds idle connections: sessions, settings, the quote cache.
  await offlineSession(t.stack.app.ctx, t.stack.shop);
  expect((await t.stack.api("GET", "/api/settings")).status).toBe(200);
  expect((await checkout()).json.backupRatesUsed).toBe(false);

  expect(await terminateAppConnections()).toBeGreaterThanOrEqual(2);
  // The ended connections' errors reach their pools on the next turns of the event loop.
  await new Promise((r) => setTimeout(r, 100));

  const session = await offlineSession(t.stack.app.ctx, t.stack.shop);
  expect(session.shop).toBe(t.stack.shop);
  expect((await t.stack.api("GET", "/api/settings")).status).toBe(200);
  const after = await checkout();
  expect(after.json.backupRatesUsed).toBe(false);
  expect(after.json.rates.length).toBeGreaterThan(0);
});
