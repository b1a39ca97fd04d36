/**
 * The purchase lock across instances: two app instances (two pools) on one database take turns on a key,
 * a lock not had within the wait fails the work instead of running it unlocked, a lock taken inside another
 * shares its connection, and many purchases at once leave the pool connections for their queries.
 */
import { ensureDatabase, openPool } from "../../src/shopify/database";
import { PgLocks } from "../../src/shopify/pg-locks";
import { dropDatabase, testDatabaseUrl } from "./support";

const url = testDatabaseUrl();
let pools: ReturnType<typeof openPool>[] = [];

beforeAll(async () => {
  await ensureDatabase(url);
  pools = [openPool(url), openPool(url)];
});
/** An instance's locks, on one of the pools. */
const locksOn = (pool: number, waitMs?: number, mostHeld?: number) =>
  new PgLocks(pools[pool]!, waitMs, mostHeld);

afterAll(async () => {
  await Promise.all(pools.map((p) => p.end()));
  await dropDatabase(url);
});

/** Advisory locks granted in this file's database: other suites on the same server hold locks of their own. */
const THIS_DATABASE_ADVISORY =
  "locktype = 'advisory' and granted and database = (select oid from pg_database where datname = current_database())";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A promise and the function that settles it: each step below starts when the one before has happened. */
function signal() {
  let fire!: () => void;
  const fired = new Promise<void>((r) => (fire = r));
  return { fire, fired };
}

test("two instances take turns on one key, and never on different keys", async () => {
  const [a, b] = [locksOn(0), locksOn(1)];
  const log: string[] = [];
  const aInside = signal();
  const first = a!.withLock("order-1", async () => {
    log.push("a in");
    aInside.fire();
    await sleep(150);
    log.push("a out");
  });
  await aInside.fired;
  const second = b!.withLock("order-1", async () => void log.push("b in"));
  await Promise.all([first, second]);
  expect(log).toEqual(["a in", "a out", "b in"]);

  // Each holds its key until the other is inside its own: were different keys one lock, neither would return.
  const [inTwo, inThree] = [signal(), signal()];
  const both = Promise.all([
    a!.withLock("order-2", async () => (inTwo.fire(), inThree.fired)),
    b!.withLock("order-3", async () => (inThree.fire(), inTwo.fired)),
  ]);
  await expect(
    Promise.race([both.then(() => "both held"), sleep(5_000).then(() => "one waited")]),
  ).resolves.toBe("both held");
});

test("a lock not had within the wait fails the work, which never runs", async () => {
  const holder = locksOn(0);
  const impatient = locksOn(1, 100);
  let ran = false;
  const holding = signal();
  const done = signal();
  const held = holder.withLock("order-4", async () => (holding.fire(), done.fired));
  await holding.fired;
  await expect(impatient.withLock("order-4", async () => void (ran = true))).rejects.toThrow(/lock timeout/);
  expect(ran).toBe(false);
  done.fire();
  await held;
});

test("many waiters in one instance do not starve the holder of connections", async () => {
  const locks = locksOn(0);
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

test("fourteen purchases at once, each under two locks and writing inside them, all finish", async () => {
  // The pool has 12 connections: with a connection per lock, six purchases held them all and waited forever.
  const locks = locksOn(0);
  let done = 0;
  await Promise.all(
    Array.from({ length: 14 }, (_, i) =>
      locks.withLock(`fulfillment-order-${i}`, () =>
        locks.withLock(`order-${i}`, async () => {
          await sleep(50);
          await pools[0]!.query("select 1");
          done++;
        }),
      ),
    ),
  );
  expect(done).toBe(14);
});

test("a lock inside another shares its connection, and is released when its own work ends", async () => {
  const [a, b] = [locksOn(0), locksOn(1, 100)];
  const [innerHeld, innerDone, afterInner, done] = [signal(), signal(), signal(), signal()];
  const backends = new Set<number>();
  const held = a.withLock("fulfillment-order-8", async () => {
    await a.withLock("order-8", async () => {
      const { rows } = await pools[1]!.query(
        `select pid from pg_locks where ${THIS_DATABASE_ADVISORY} and pid <> pg_backend_pid()`,
      );
      for (const r of rows) backends.add(r.pid);
      innerHeld.fire();
      await innerDone.fired;
    });
    afterInner.fire();
    await done.fired;
  });
  await innerHeld.fired;
  // Both locks on one connection: with a connection per lock there would be two.
  expect(backends.size).toBe(1);
  await expect(b.withLock("order-8", async () => undefined)).rejects.toThrow(/lock timeout/);
  innerDone.fire();
  await afterInner.fired;
  // The order is free again while the outer lock is still held.
  await expect(b.withLock("order-8", async () => "had")).resolves.toBe("had");
  await expect(b.withLock("fulfillment-order-8", async () => undefined)).rejects.toThrow(/lock timeout/);
  done.fire();
  await held;
});

test("past its most lock transactions, an instance's next purchase waits in memory, then runs", async () => {
  const locks = locksOn(0, 5_000, 2);
  let inside = 0;
  let most = 0;
  await Promise.all(
    Array.from({ length: 6 }, (_, i) =>
      locks.withLock(`order-9-${i}`, async () => {
        most = Math.max(most, ++inside);
        await sleep(30);
        inside--;
      }),
    ),
  );
  expect(most).toBe(2);
});

test("a purchase that waits in memory past the wait fails, and never runs", async () => {
  const locks = locksOn(0, 100, 1);
  const holding = signal();
  const done = signal();
  const held = locks.withLock("order-10", async () => (holding.fire(), done.fired));
  await holding.fired;
  let ran = false;
  await expect(locks.withLock("order-11", async () => void (ran = true))).rejects.toThrow(/lock timeout/);
  expect(ran).toBe(false);
  done.fire();
  await held;
  await expect(locks.withLock("order-11", async () => "had")).resolves.toBe("had");
});

test("a lock inside still held when the outer one ends goes with the outer's connection, never to the pool", async () => {
  const [a, b] = [locksOn(0), locksOn(1, 2_000)];
  const [taken, release] = [signal(), signal()];
  let inner: Promise<unknown> = Promise.resolve();
  await a.withLock("fulfillment-order-12", async () => {
    inner = a.withLock("order-12", async () => (taken.fire(), release.fired));
    await taken.fired;
  });
  await expect(b.withLock("order-12", async () => "had")).resolves.toBe("had");
  release.fire();
  await inner;
});

test("PostgreSQL ending a lock's connection while its work runs ends neither the work nor the process", async () => {
  const a = locksOn(0);
  const [inside, resume] = [signal(), signal()];
  const work = a.withLock("order-13", async () => {
    inside.fire();
    await resume.fired;
    return "done";
  });
  await inside.fired;
  const { rows } = await pools[1]!.query(
    `select pg_terminate_backend(pid) from pg_locks where ${THIS_DATABASE_ADVISORY} and pid <> pg_backend_pid()`,
  );
  expect(rows).toHaveLength(1);
  // The connection's end reaches the app as an error on a client the pool has lent out.
  await sleep(100);
  resume.fire();
  await expect(work).resolves.toBe("done");
  await expect(a.withLock("order-13", async () => "again")).resolves.toBe("again");
});
