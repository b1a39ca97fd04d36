/**
 * One app on the local Shopify per test file, on a PostgreSQL database of its own
 * (canada_post_shopify_test_<pid>_<n>, dropped at the end), as `npm run shopify` starts it.
 */
import { Client } from "pg";
import {
  startLocalStack,
  webhooksAnswered as answered,
  type LocalStack,
  type LocalStackOptions,
} from "../../scripts/shopify/local-stack";

export const ADMIN_URL =
  process.env.SHOPIFY_TEST_DATABASE_ADMIN_URL ?? "postgres://postgres@localhost:5432/postgres";
let counter = 0;

export function testDatabaseUrl(): string {
  const url = new URL(ADMIN_URL);
  url.pathname = `/canada_post_shopify_test_${process.pid}_${++counter}`;
  return url.toString();
}

export async function dropDatabase(url: string): Promise<void> {
  const name = new URL(url).pathname.slice(1);
  const db = new Client({ connectionString: ADMIN_URL });
  await db.connect();
  try {
    // A pool's end() resolves before its connections have closed; one PostgreSQL ends by force in that
    // moment reports an error to a pool that may no longer listen. Give them a moment to close first.
    for (let i = 0; i < 100; i++) {
      const { rows } = await db.query("select count(*)::int as n from pg_stat_activity where datname = $1", [
        name,
      ]);
      if (rows[0].n === 0) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    await db.query(`drop database if exists "${name}" with (force)`);
  } finally {
    await db.end();
  }
}

export const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };

/** The stack for this file: started before its tests, closed and its database dropped after. */
export function useStack(options: Partial<LocalStackOptions> = {}) {
  const ctx = {} as { stack: LocalStack; databaseUrl: string };
  beforeAll(async () => {
    ctx.databaseUrl = testDatabaseUrl();
    ctx.stack = await startLocalStack({ databaseUrl: ctx.databaseUrl, logger: quiet, ...options });
  }, 60_000);
  afterAll(async () => {
    await ctx.stack?.close();
    await dropDatabase(ctx.databaseUrl);
  }, 30_000);
  return ctx;
}

/** The simulator the app's shops use (no CANADA_POST_* credentials in tests). */
export async function simulatorUrl(stack: LocalStack): Promise<string> {
  const { json } = await stack.api("GET", "/api/settings");
  return json.backend.base_url as string;
}

export async function simulator(stack: LocalStack, method: string, name: string, body?: unknown) {
  const res = await fetch(`${await simulatorUrl(stack)}/__simulator/${name}`, {
    method,
    headers: { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return (await res.json()) as any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

/** Get Rates calls the simulator has answered so far. */
export async function rateCalls(stack: LocalStack): Promise<number> {
  const log = await simulator(stack, "GET", "requests");
  return (log.byOperation?.GetRates as number | undefined) ?? 0;
}

export const MONTREAL = {
  country: "CA",
  postal_code: "H2B 1A0",
  province: "QC",
  city: "Montréal",
  address1: "1500 Rue Fleury E",
  name: "Émilie Tremblay",
};

/** Waits until the app answered `count` deliveries of the topic. */
export async function webhooksAnswered(stack: LocalStack, topic: string, count = 1) {
  await stack.local.runtime.webhooks.settled();
  return answered(stack.control, topic, count);
}
