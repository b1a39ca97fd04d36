/**
 * The purchase lock across instances: two app instances (two pools) on one database take turns on a key,
 * a lock not had within the wait fails the work instead of running it unlocked, many purchases at once
 * leave the pool its connections, and a lock session PostgreSQL ends is replaced.
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
const made: PgLocks[] = [];
/** An instance's locks on one of the pools, closed (their session given back) before the pools end. */
const locksOn = (pool: number, waitMs?: number) => {
  const locks = new PgLocks(pools[pool]!, waitMs);
  made.push(locks);
  return locks;
};

afterAll(async () => {
  await Promise.all(made.map((l) => l.close()));
  await Promise.all(pools.map((p) => p.end()));
  await dropDatabase(url);
});

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

test("a lock session PostgreSQL ends is replaced: the next lock is had, and held against another instance", async () => {
  const [a, b] = [locksOn(0), locksOn(1, 100)];
  const admin = await pools[1]!.connect();
  try {
    let sessionPid = 0;
    await a.withLock("order-6", async () => {
      const { rows } = await admin.query(
        "select pid from pg_locks where locktype = 'advisory' and granted and pid <> pg_backend_pid()",
      );
      sessionPid = rows[0].pid;
    });
    expect(sessionPid).toBeGreaterThan(0);
    // Asked at once: the session's end may not have reached the app yet.
    await admin.query("select pg_terminate_backend($1)", [sessionPid]);

    const holding = signal();
    const done = signal();
    const held = a.withLock("order-7", async () => (holding.fire(), done.fired));
    await holding.fired;
    await expect(b.withLock("order-7", async () => undefined)).rejects.toThrow(/lock timeout/);
    done.fire();
    await held;
    await expect(b.withLock("order-7", async () => "had")).resolves.toBe("had");
  } finally {
    admin.release();
  }
});
