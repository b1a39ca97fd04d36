import { spawn, type ChildProcess } from "node:child_process";
import { createWriteStream, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import axios, { type AxiosInstance } from "axios";
import Redis from "ioredis";
import { Client } from "pg";
import { ADMIN_EMAIL, ADMIN_PASSWORD, PUBLISHABLE_KEY_TITLE } from "../../scripts/demo-config";
import { startSimulator, type RunningSimulator } from "../../src/simulator";
import { freePort } from "../e2e/support/demo-store";
import { anyStatus, checkout, createCart, OTTAWA_CUSTOMER_ADDRESS, registerCustomer } from "./support/actors";
import { eventually } from "./support/poll";

/**
 * The store as production runs it: two Medusa processes (A and B) on one PostgreSQL and the machine's Redis
 * (Medusa's Redis event bus, workflow engine, locking and cache), Canada Post being the simulator. A cart
 * priced through A then B asks Canada Post once; ten fulfillment requests spread over both buy one label; a
 * label bought through A downloads through B; a tracking refresh asked of both at once asks once; and when
 * A dies in the middle of a purchase, the retry through B buys no second label and loses no record.
 */
jest.setTimeout(15 * 60_000);

const ROOT = resolve(__dirname, "../..");
const MEDUSA = resolve(ROOT, "node_modules/.bin/medusa");
const TSX = resolve(ROOT, "node_modules/.bin/tsx");
const DATABASE_URL = `postgres://postgres@localhost:5432/cp_two_instances_${process.pid}`;
/** A Redis database of its own (1-15): Medusa's queues and locks of another run stay apart. */
const REDIS_URL = `redis://127.0.0.1:6379/${1 + (process.pid % 15)}`;

interface Instance {
  name: string;
  url: string;
  api: AxiosInstance;
  child: ChildProcess;
  exited: Promise<void>;
}

let sim: RunningSimulator;
let scratch: string;
let env: NodeJS.ProcessEnv;
const instances: Instance[] = [];
let a: Instance;
let b: Instance;
let admin: Record<string, string>;
let publishableKey: string;
let stockLocationId: string;

async function control(method: string, path: string, body?: unknown): Promise<Record<string, unknown>> {
  const res = await fetch(`${sim.url}/__simulator/${path}`, {
    method,
    headers: body === undefined ? undefined : { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return (await res.json()) as Record<string, unknown>;
}
const calls = async () => (await control("GET", "requests")).byOperation as Record<string, number>;
/** Create Shipment calls that sold a label (Canada Post refuses with HTTP 200 and an envelope too). */
async function labelsSold(): Promise<number> {
  const { entries } = (await control("GET", "requests")) as {
    entries: { operation: string; codes?: string[] }[];
  };
  return entries.filter((e) => e.operation === "CreateShipment" && !e.codes).length;
}

async function dropDatabase(): Promise<void> {
  const maintenance = new URL(DATABASE_URL);
  maintenance.pathname = "/postgres";
  const client = new Client({ connectionString: maintenance.toString() });
  await client.connect();
  try {
    await client.query(`drop database if exists "${new URL(DATABASE_URL).pathname.slice(1)}" with (force)`);
  } finally {
    await client.end();
  }
}

async function flushRedis(): Promise<void> {
  const redis = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1 });
  await redis.connect();
  await redis.flushdb();
  await redis.quit();
}

function run(command: string, args: string[], log: string): Promise<void> {
  return new Promise((done, fail) => {
    const child = spawn(command, args, { cwd: ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
    const out = createWriteStream(log);
    child.stdout.pipe(out);
    child.stderr.pipe(out);
    child.on("exit", (code) =>
      code === 0 ? done() : fail(new Error(`${command} ${args.join(" ")}: exit ${code}; see ${log}`)),
    );
  });
}

/** One Medusa server process, in its own process group so that it can be killed outright. */
async function startInstance(name: string): Promise<Instance> {
  const port = await freePort();
  const url = `http://localhost:${port}`;
  const log = join(scratch, `${name}.log`);
  const out = createWriteStream(log);
  const child = spawn(MEDUSA, ["develop"], {
    cwd: ROOT,
    env: { ...env, PORT: String(port), MEDUSA_BACKEND_URL: url, MEDUSA_WORKER_MODE: "shared" },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  child.stdout!.pipe(out);
  child.stderr!.pipe(out);
  const exited = new Promise<void>((done) => child.once("exit", () => done()));
  const deadline = Date.now() + 5 * 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`instance ${name} exited; see ${log}`);
    if (
      await fetch(`${url}/health`).then(
        (r) => r.ok,
        () => false,
      )
    )
      break;
    if (Date.now() > deadline) throw new Error(`instance ${name} did not start; see ${log}`);
    await new Promise((r) => setTimeout(r, 1000));
  }
  const instance = { name, url, api: axios.create({ baseURL: url }), child, exited };
  instances.push(instance);
  return instance;
}

function kill(instance: Instance, signal: NodeJS.Signals): void {
  try {
    process.kill(-instance.child.pid!, signal);
  } catch {
    // Already gone.
  }
}

beforeAll(async () => {
  sim = await startSimulator({ host: "127.0.0.1", port: 0 });
  scratch = mkdtempSync(join(tmpdir(), "cp-two-instances-"));
  env = {
    ...process.env,
    NODE_ENV: "development",
    DATABASE_URL,
    REDIS_URL,
    CANADA_POST_USERNAME: sim.settings.username,
    CANADA_POST_PASSWORD: sim.settings.password,
    CANADA_POST_CUSTOMER_NUMBER: sim.settings.customerNumber,
    CANADA_POST_CONTRACT_ID: sim.settings.contractId,
    CANADA_POST_BASE_URL: sim.url,
    CANADA_POST_LABELS_DIR: join(scratch, "labels"),
    // Both instances share the label files, as they would share a bucket.
    MEDUSA_PRIVATE_FILES_DIR: join(scratch, "files"),
    MEDUSA_ADMIN_DISABLE: "true",
    MEDUSA_DISABLE_TELEMETRY: "true",
    LOG_LEVEL: "info",
  };
  await dropDatabase();
  await flushRedis();
  // Database, migrations, the Maple Goods seed and its admin user: npm run seed.
  await run(TSX, ["scripts/start.ts", "--seed-only"], join(scratch, "seed.log"));
  [a, b] = await Promise.all([startInstance("A"), startInstance("B")]);

  const db = new Client({ connectionString: DATABASE_URL });
  await db.connect();
  try {
    const key = await db.query<{ token: string }>(
      "select token from api_key where type = 'publishable' and title = $1 and deleted_at is null",
      [PUBLISHABLE_KEY_TITLE],
    );
    publishableKey = key.rows[0]!.token;
    const location = await db.query<{ id: string }>(
      "select id from stock_location where deleted_at is null limit 1",
    );
    stockLocationId = location.rows[0]!.id;
  } finally {
    await db.end();
  }
  const login = await a.api.post("/auth/user/emailpass", { email: ADMIN_EMAIL, password: ADMIN_PASSWORD });
  admin = { authorization: `Bearer ${login.data.token}` };
});

afterAll(async () => {
  for (const i of instances) kill(i, "SIGTERM");
  await Promise.race([
    Promise.all(instances.map((i) => i.exited)),
    new Promise((r) => setTimeout(r, 15_000)),
  ]);
  for (const i of instances) kill(i, "SIGKILL");
  await sim?.close();
  await dropDatabase().catch(() => undefined);
  await flushRedis().catch(() => undefined);
  // CP_KEEP_SCRATCH=1 keeps the instances' logs for a look after a failure.
  if (scratch && !process.env.CP_KEEP_SCRATCH) rmSync(scratch, { recursive: true, force: true });
});

/** A customer's cart of one syrup tin to Ottawa, and the Expedited option's id. */
async function cartOfOneTin(email: string) {
  const customer = await registerCustomer(a.api, publishableKey, email);
  const { data: products } = await a.api.get("/store/products?limit=20&fields=id,title,*variants", {
    headers: customer.headers,
  });
  const tin = (products.products as { title: string; variants: { id: string }[] }[]).find((p) =>
    p.title.startsWith("Maple syrup tin"),
  )!;
  const { data: regions } = await a.api.get("/store/regions", { headers: customer.headers });
  const { data: channels } = await a.api.get("/admin/sales-channels", { headers: admin });
  const cart = await createCart(a.api, customer.headers, {
    regionId: regions.regions[0].id,
    salesChannelId: channels.sales_channels[0].id,
    email,
    items: [{ variant_id: tin.variants[0]!.id, quantity: 1 }],
    shippingAddress: OTTAWA_CUSTOMER_ADDRESS,
  });
  const { data: options } = await a.api.get(`/store/shipping-options?cart_id=${cart.id}`, {
    headers: customer.headers,
  });
  const expedited = (options.shipping_options as { id: string; data?: { service_code?: string } }[]).find(
    (o) => o.data?.service_code === "DOM.EP",
  )!;
  return { customer, cartId: cart.id, optionId: expedited.id };
}

const fulfill = (on: Instance, order: { id: string; items: { id: string }[] }) =>
  on.api.post(
    `/admin/orders/${order.id}/fulfillments`,
    { items: [{ id: order.items[0]!.id, quantity: 1 }], location_id: stockLocationId },
    { headers: admin, ...anyStatus },
  );
const shipmentsOf = async (on: Instance, orderId: string) =>
  (await on.api.get(`/admin/canada-post/shipments?order_id=${orderId}`, { headers: admin })).data
    .shipments as {
    shipment_id: string;
    tracking_pin: string;
    status: string;
    label_url: string | null;
  }[];

describe("two Medusa instances on one PostgreSQL and Redis", () => {
  let order: { id: string; items: { id: string; quantity: number }[] };

  it("prices a cart through A then B with one Get Rates call", async () => {
    const { customer, cartId, optionId } = await cartOfOneTin("two-instances@example.com");
    await control("DELETE", "requests");
    const viaA = await a.api.post(
      `/store/shipping-options/${optionId}/calculate`,
      { cart_id: cartId },
      {
        headers: customer.headers,
      },
    );
    const viaB = await b.api.post(
      `/store/shipping-options/${optionId}/calculate`,
      { cart_id: cartId },
      {
        headers: customer.headers,
      },
    );
    expect(viaB.data.shipping_option.amount).toBe(viaA.data.shipping_option.amount);
    expect(await calls()).toEqual({ GetRates: 1 });
    order = await checkout(a.api, customer.headers, cartId, optionId);
  });

  it("buys one label for ten fulfillment requests spread over both instances", async () => {
    await control("DELETE", "requests");
    const answers = await Promise.all(Array.from({ length: 10 }, (_, i) => fulfill(i % 2 ? b : a, order)));
    expect(answers.filter((r) => r.status === 200)).toHaveLength(1);
    expect(answers.filter((r) => r.status >= 500)).toEqual([]);
    expect(await labelsSold()).toBe(1);
    expect(sim.store.shipments.size).toBe(1);
    const rows = await eventually(
      () => shipmentsOf(b, order.id),
      (r) => r.length === 1,
      { what: "the label recorded" },
    );
    expect(rows.filter((r) => r.status === "transmitted")).toHaveLength(1);
  });

  it("downloads through B the label bought through A", async () => {
    const [row] = await shipmentsOf(a, order.id);
    const path = new URL(row!.label_url!).pathname;
    const label = await b.api.get(path, { headers: admin, responseType: "arraybuffer" });
    expect(label.headers["content-type"]).toBe("application/pdf");
    expect(Buffer.from(label.data).subarray(0, 5).toString()).toBe("%PDF-");
  });

  it("refreshes tracking once when both instances are asked at the same moment", async () => {
    await control("DELETE", "requests");
    const answers = await Promise.all(
      [a, b].map((i) => i.api.post("/admin/canada-post/tracking/sync", {}, { headers: admin })),
    );
    const refreshed = answers.flatMap((r) => (r.status === 200 ? (r.data.refreshed as unknown[]) : []));
    expect(refreshed).toHaveLength(1);
    expect((await calls()).GetTrackingDetails).toBe(1);
  });

  it("counts a guest's tracking lookups from one address on both instances together", async () => {
    // The documented default: 20 lookups per client address in 10 minutes. Each lookup names another
    // order number, so that only the address's limit can refuse them (wrong guesses lock a number at 5).
    const statuses: number[] = [];
    for (let i = 0; i < 21; i++) {
      const res = await (i % 2 === 0 ? a : b).api.post(
        "/store/canada-post/tracking/lookup",
        { order_number: 900_000 + i, email: "nobody@example.com" },
        {
          headers: { "x-publishable-api-key": publishableKey, "x-forwarded-for": "203.0.113.77" },
          ...anyStatus,
        },
      );
      statuses.push(res.status);
    }
    // Counted apart, each instance would have admitted all of its 10 or 11.
    expect(statuses.slice(0, 20)).toEqual(Array(20).fill(404));
    expect(statuses[20]).toBe(429);
  });

  it("buys no second label and loses no record when A dies in the middle of a purchase", async () => {
    const { customer, cartId, optionId } = await cartOfOneTin("a-dies@example.com");
    const second = await checkout(a.api, customer.headers, cartId, optionId);
    const before = sim.store.shipments.size;
    const known = new Set(sim.store.shipments.keys());
    // Canada Post takes 4 s to answer the first Create Shipment: A is killed while it waits.
    await control("POST", "faults", { path: "/shipment$", method: "POST", latencyMs: 4000, times: 1 });
    const onA = fulfill(a, second).catch(() => undefined);
    await eventually(
      async () => ((await control("GET", "faults")).faults as { fired: number }[])[0]?.fired ?? 1,
      (fired) => fired >= 1,
      { what: "A's Create Shipment reaching Canada Post", timeoutMs: 60_000 },
    );
    kill(a, "SIGKILL");
    await a.exited;
    await onA;
    // Canada Post finishes the purchase A asked for: the label exists, and A never recorded it.
    await eventually(
      async () => sim.store.shipments.size,
      (n) => n === before + 1,
      { what: "the label bought for A" },
    );
    const bought = [...sim.store.shipments.values()].find((s) => !known.has(s.shipmentId))!;

    // The merchant tries again through B: the same label, found at Canada Post (7314), recorded.
    const retry = await fulfill(b, second);
    expect(retry.status).toBe(200);
    expect(sim.store.shipments.size).toBe(before + 1);
    const rows = await eventually(
      () => shipmentsOf(b, second.id),
      (r) => r.length === 1,
      {
        what: "the label recorded through B",
      },
    );
    expect(rows[0]!.tracking_pin).toBe(bought.trackingPin);
    expect(rows[0]!.status).toBe("transmitted");
  });
});
