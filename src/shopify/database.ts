/**
 * The app's PostgreSQL: the database is created on first start when missing (as the Medusa demo does), and
 * the SQL migrations in migrations/ are applied by node-pg-migrate, the same runner `npm run
 * shopify:migrate` uses. The runner is an ES module that Node 20 loads but Jest's CommonJS cannot, so it
 * runs as its own process: one code path for the server, the command and the tests.
 */
import { execFile } from "node:child_process";
import { resolve } from "node:path";
import { Client, Pool, type PoolClient } from "pg";

export const MIGRATIONS_DIR = resolve(__dirname, "../../migrations");
export const MIGRATIONS_TABLE = "shopify_app_migrations";

export class DatabaseError extends Error {
  override readonly name = "DatabaseError";
}

/** The URL without its password, for messages. */
export function redactUrl(url: string): string {
  const u = new URL(url);
  if (u.password) u.password = "***";
  return u.toString();
}

/** Creates the database named by the URL if it is missing; says whether it did. */
export async function ensureDatabase(url: string): Promise<boolean> {
  const name = decodeURIComponent(new URL(url).pathname.replace(/^\//, ""));
  if (!/^[A-Za-z0-9_-]+$/.test(name))
    throw new DatabaseError(`DATABASE_URL must name a database of letters, digits, _ or - (got "${name}")`);
  const maintenance = new URL(url);
  maintenance.pathname = "/postgres";
  const client = new Client({ connectionString: maintenance.toString(), connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
  } catch (e) {
    throw new DatabaseError(`No PostgreSQL at ${redactUrl(url)}: ${(e as Error).message}`);
  }
  try {
    const found = await client.query("select 1 from pg_database where datname = $1", [name]);
    if (found.rowCount) return false;
    await client.query(`create database "${name}"`);
    return true;
  } catch (e) {
    // Two instances starting at once: the other one created it.
    if ((e as { code?: string }).code === "42P04") return false;
    throw e;
  } finally {
    await client.end();
  }
}

/** Applies the pending migrations (node-pg-migrate holds an advisory lock: instances starting together wait). */
export function migrate(url: string, direction: "up" | "down" = "up"): Promise<string> {
  const bin = require.resolve("node-pg-migrate/bin/node-pg-migrate");
  const args = [bin, direction, "-m", MIGRATIONS_DIR, "-t", MIGRATIONS_TABLE];
  if (direction === "down") args.push("1");
  return new Promise((done, fail) =>
    execFile(
      process.execPath,
      args,
      { env: { ...process.env, DATABASE_URL: url }, timeout: 60_000 },
      (error, stdout, stderr) =>
        error
          ? fail(new DatabaseError(`migrations failed on ${redactUrl(url)}: ${stderr || error.message}`))
          : done(stdout),
    ),
  );
}

export function openPool(url: string): Pool {
  // Checkouts, purchases and the admin share it; purchase locks hold at most MOST_HELD (pg-locks.ts) of the 12.
  const pool = new Pool({ connectionString: url, max: 12, connectionTimeoutMillis: 10_000 });
  pool.on("error", () => undefined); // an idle client that dies is replaced; queries report their own errors
  // A client lent out (a lock's transaction, idle while Canada Post answers) has none of the pool's listeners:
  // its connection ending would be an unhandled error, ending the process. Its queries report it instead.
  pool.on("connect", (client) => client.on("error", () => undefined));
  return pool;
}

/** Runs `work` in one transaction on one client: committed when it resolves, rolled back when it throws. */
export async function inTransaction<T>(pool: Pool, work: (client: PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query("begin");
    const result = await work(client);
    await client.query("commit");
    return result;
  } catch (e) {
    await client.query("rollback").catch(() => undefined);
    throw e;
  } finally {
    client.release();
  }
}
