import { spawn, type ChildProcess } from "node:child_process";
import { createWriteStream, existsSync, mkdtempSync, readFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { resolve } from "node:path";
import { Client } from "pg";

/**
 * The demo store (`npm start`, scripts/start.ts) booted for a browser test: its own port and database,
 * manifest mode so a label stays voidable. medusa develop restarts on any file written in the repository,
 * so its output and labels go to a temporary directory outside it (the log's path is in boot errors).
 */
export const ROOT = resolve(__dirname, "../../..");
export const ARTIFACTS = resolve(ROOT, "test-artifacts");

export interface DemoStore {
  baseUrl: string;
  log: string;
  stop: () => Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once("error", fail);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => done(port));
    });
  });
}

export async function dropDatabase(url: string): Promise<void> {
  const name = new URL(url).pathname.slice(1);
  const maintenance = new URL(url);
  maintenance.pathname = "/postgres";
  const client = new Client({ connectionString: maintenance.toString() });
  await client.connect();
  try {
    await client.query(`drop database if exists "${name}" with (force)`);
  } finally {
    await client.end();
  }
}

/**
 * Up as npm start says it is: its banner printed (after Medusa answers, npm start still creates the demo
 * customer, which a test's `npm run demo` started earlier would race), and Medusa answering.
 */
async function waitReady(baseUrl: string, child: ChildProcess, timeoutMs: number, log: string) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`npm start exited (code ${child.exitCode}); see ${log}`);
    const announced = existsSync(log) && readFileSync(log, "utf8").includes("demo store is up");
    const ok =
      announced &&
      (await fetch(`${baseUrl}/health`).then(
        (r) => r.ok,
        () => false,
      ));
    if (ok) return;
    await new Promise((r) => setTimeout(r, 1000));
  }
  throw new Error(`the demo store was not up at ${baseUrl} within ${timeoutMs / 1000} s; see ${log}`);
}

/** `env` adds to (or overrides) the variables below, e.g. the storefront's port. */
export async function startDemoStore(
  databaseUrl: string,
  timeoutMs: number,
  env: NodeJS.ProcessEnv = {},
): Promise<DemoStore> {
  const port = await freePort();
  const baseUrl = `http://localhost:${port}`;
  const scratch = mkdtempSync(resolve(tmpdir(), "cp-e2e-admin-"));
  const log = resolve(scratch, "server.log");
  const out = createWriteStream(log);
  await dropDatabase(databaseUrl);
  const child = spawn(resolve(ROOT, "node_modules/.bin/tsx"), ["scripts/start.ts"], {
    cwd: ROOT,
    env: {
      ...process.env,
      PORT: String(port),
      DATABASE_URL: databaseUrl,
      MEDUSA_BACKEND_URL: baseUrl,
      ADMIN_CORS: baseUrl,
      AUTH_CORS: baseUrl,
      CANADA_POST_SHIPMENT_MODE: "manifest",
      CANADA_POST_LABELS_DIR: resolve(scratch, "labels"),
      MEDUSA_PRIVATE_FILES_DIR: resolve(scratch, "files"),
      LOG_LEVEL: "info",
      // npm start's demo storefront: any free port, never 8000 that a developer's npm start may hold.
      STORE_PORT: "0",
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout!.pipe(out);
  child.stderr!.pipe(out);
  const exited = new Promise<void>((done) => child.once("exit", () => done()));

  // start.ts stops medusa develop's own process group on SIGTERM, then exits.
  const stop = async () => {
    if (child.exitCode === null) {
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 20_000);
      await exited;
      clearTimeout(timer);
    }
    out.end();
    await dropDatabase(databaseUrl);
  };
  try {
    await waitReady(baseUrl, child, timeoutMs, log);
  } catch (e) {
    await stop();
    throw e;
  }
  return { baseUrl, log, stop };
}
