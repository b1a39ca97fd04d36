/**
 * The purchase lock across instances: two app instances (two pools) on one database take turns on a key,
 * and a lock not had within the wait fails the work instead of running it unlocked.
 */
import { ensureDatabase, openPool } from "../../src/shopify/database";
import { PgLocks } from "../../src/shopify/pg-ports";
import { dropDatabase, testDatabaseUrl } from "./support";

const url = testDatabaseUrl();
let pools: ReturnType<typeof openPool>[] = [];

beforeAll(async () => {
  await ensureDatabase(url);
  pools = [openPool(url), openPool(url)];
});
afterAll(async () => {
  await Promise.all(pools.map((p) => p.end()));
  await dropDatabase(url);
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

test("two instances take turns on one key, and never on different keys", async () => {
  const [a, b] = pools.map((p) => new PgLocks(p));
  const log: string[] = [];
  const work = (who: string) => async () => {
    log.push(`${who} in`);
    await sleep(150);
    log.push(`${who} out`);
  };
  await Promise.all([
    a!.withLock("order-1", work("a")),
    sleep(20).then(() => b!.withLock("order-1", work("b"))),
  ]);
  expect(log).toEqual(["a in", "a out", "b in", "b out"]);

  const t0 = Date.now();
  await Promise.all([a!.withLock("order-2", () => sleep(150)), b!.withLock("order-3", () => sleep(150))]);
  expect(Date.now() - t0).toBeLessThan(290);
});

test("a lock not had within the wait fails the work, which never runs", async () => {
  const holder = new PgLocks(pools[0]!);
  const impatient = new PgLocks(pools[1]!, 100);
  let ran = false;
  const held = holder.withLock("order-4", () => sleep(400));
  await sleep(30);
  await expect(impatient.withLock("order-4", async () => void (ran = true))).rejects.toThrow(/lock timeout/);
  expect(ran).toBe(false);
  await held;
});

test("many waiters in one instance do not starve the holder of connections", async () => {
  const locks = new PgLocks(pools[0]!);
  let inside = 0;
  let most = 0;
  await Promise.all(
    Array.from({ length: 30 }, () =>
      locks.withLock("order-5", async () => {
        inside++;
        most = Math.max(most, inside);
        // The holder still gets connections for its own queries.
        await pools[0]!.query("select 1");
        inside--;
      }),
    ),
  );
  expect(most).toBe(1);
});
