/**
 * Canada Post's quotes shared by the app's instances through its database: two instances (two pools and two
 * cores on one database, one Canada Post) price a cart once between them; expired quotes are not read and
 * are deleted as new ones are put; a quote goes to the table after the turn that answered the checkout.
 */
import { createClientContext, type ClientContextHandle } from "../../src/canada-post";
import { ensureDatabase, migrate, openPool } from "../../src/shopify/database";
import { PgQuoteCache } from "../../src/shopify/pg-ports";
import { createShipping } from "../../src/shipping/create-shipping";
import type { ScenarioOutcome } from "../../src/shipping/quotes";
import { startSimulator, type RunningSimulator } from "../../src/simulator";
import { MAPLE_GOODS_ORIGIN, SIMULATOR_ACCOUNT } from "../support/merchant";
import { dropDatabase, testDatabaseUrl } from "./support";

const url = testDatabaseUrl();
let pools: ReturnType<typeof openPool>[] = [];
let sim: RunningSimulator;
let contexts: ClientContextHandle[] = [];

beforeAll(async () => {
  await ensureDatabase(url);
  await migrate(url);
  pools = [openPool(url), openPool(url)];
  sim = await startSimulator();
  contexts = pools.map(() => createClientContext({ ...SIMULATOR_ACCOUNT, baseUrl: sim.url }));
});
afterAll(async () => {
  await Promise.all(contexts.map((c) => c.close()));
  await sim.close();
  await Promise.all(pools.map((p) => p.end()));
  await dropDatabase(url);
});

const CART = {
  lines: [{ id: "syrup", quantity: 2, weight: 0.6, length: 20, width: 10, height: 8 }],
  destination: { country: "CA", postalCode: "H2B 1A0" },
};

async function getRatesCalls(): Promise<number> {
  const res = await fetch(`${sim.url}/__simulator/requests`);
  const log = (await res.json()) as { byOperation: Record<string, number> };
  return log.byOperation.GetRates ?? 0;
}

test("a cart priced on one instance is priced from the database on the other, without Canada Post", async () => {
  const caches = pools.map((pool) => new PgQuoteCache<ScenarioOutcome>(pool));
  const [a, b] = caches.map((cache, i) =>
    createShipping({ settings: { origin: MAPLE_GOODS_ORIGIN }, canadaPost: contexts[i]!, cache }),
  );
  const viaA = await a!.rates.quoteCart(CART);
  expect(viaA.source).toBe("canada-post");
  expect(await getRatesCalls()).toBe(1);
  // Written behind the answer: the next checkout, on any instance, finds it.
  await caches[0]!.written();
  const viaB = await b!.rates.quoteCart(CART);
  expect(viaB.source).toBe("cache");
  expect(viaB.quotes).toEqual(viaA.quotes);
  expect(await getRatesCalls()).toBe(1);
});

test("an expired quote is not read, and expired rows go as new quotes are put", async () => {
  const clock = { now: Date.parse("2026-11-30T12:00:00Z") };
  const outcome: ScenarioOutcome = { kind: "unavailable", code: "9111", description: "no service" };
  const writer = new PgQuoteCache<ScenarioOutcome>(pools[0]!, 100, () => clock.now);
  await writer.set("expiring", outcome, 1_000);
  await writer.written();
  // Read by an instance that has never seen it: from the table.
  clock.now += 999;
  expect(await new PgQuoteCache<ScenarioOutcome>(pools[1]!, 100, () => clock.now).get("expiring")).toEqual(
    outcome,
  );
  clock.now += 1;
  expect(
    await new PgQuoteCache<ScenarioOutcome>(pools[1]!, 100, () => clock.now).get("expiring"),
  ).toBeUndefined();
  const expired = async () =>
    (
      await pools[0]!.query("select count(*)::int as n from quote_cache where expires_at <= $1", [
        new Date(clock.now),
      ])
    ).rows[0].n;
  expect(await expired()).toBe(1);
  // The next instance to put a quote deletes the expired ones.
  const next = new PgQuoteCache<ScenarioOutcome>(pools[1]!, 100, () => clock.now);
  await next.set("fresh", outcome, 60_000);
  await next.written();
  expect(await expired()).toBe(0);
});

test("a quote goes to the table after the turn that answered the checkout, not during it", async () => {
  const outcome: ScenarioOutcome = { kind: "unavailable", code: "9111", description: "no service" };
  const queries: string[] = [];
  const pool = pools[0]!;
  const watched = {
    query: (text: string, values: unknown[]) => {
      queries.push(text.trim().split(/\s+/)[0]!);
      return pool.query(text, values);
    },
  } as unknown as typeof pool;
  const cache = new PgQuoteCache<ScenarioOutcome>(watched);
  await cache.set("after-the-answer", outcome, 60_000);
  // What the checkout does next in this turn (its rules, its answer) runs on microtasks: no query yet.
  for (let i = 0; i < 10; i++) await Promise.resolve();
  expect(queries).toEqual([]);
  await cache.written();
  expect(queries[0]).toBe("insert");
  // In the table: an instance that never saw it reads it.
  expect(await new PgQuoteCache<ScenarioOutcome>(pools[1]!).get("after-the-answer")).toEqual(outcome);
});
