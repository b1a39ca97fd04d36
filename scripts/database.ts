import { Client } from "pg";
import { DatabaseError, ensureDatabase as createDatabaseIfMissing, redactUrl } from "../src/shopify/database";
import { DEFAULT_DATABASE } from "./demo-config";

/** Thrown when no PostgreSQL answers: start.ts prints the message and how to get one, no stack trace. */
export class DatabaseUnavailableError extends Error {}

/** DATABASE_URL when set, else the PostgreSQL on localhost:5432 as $PGUSER (or postgres). */
export function demoDatabaseUrl(env: NodeJS.ProcessEnv = process.env): string {
  if (env.DATABASE_URL) return env.DATABASE_URL;
  const user = encodeURIComponent(env.PGUSER || "postgres");
  const password = env.PGPASSWORD ? `:${encodeURIComponent(env.PGPASSWORD)}` : "";
  return `postgres://${user}${password}@localhost:5432/${DEFAULT_DATABASE}`;
}

export function databaseNameOf(url: string): string {
  const name = decodeURIComponent(new URL(url).pathname.replace(/^\//, ""));
  if (!/^[A-Za-z0-9_-]+$/.test(name)) {
    throw new DatabaseUnavailableError(
      `DATABASE_URL must name a database made of letters, digits, _ or - (got "${name}"), e.g. postgres://postgres@localhost:5432/${DEFAULT_DATABASE}`,
    );
  }
  return name;
}

/** Creates the database if it is missing (the Shopify app's way, shared); says whether it did. */
export async function ensureDatabase(url: string): Promise<boolean> {
  databaseNameOf(url);
  try {
    return await createDatabaseIfMissing(url);
  } catch (e) {
    throw e instanceof DatabaseError ? new DatabaseUnavailableError(e.message) : e;
  }
}

/** Runs one read against the app's database. */
export async function withDatabase<T>(url: string, read: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  await client.connect();
  try {
    return await read(client);
  } finally {
    await client.end();
  }
}

/** The URL without its password, for messages. */
export const redact = redactUrl;
