import { spawn, type ChildProcess } from "node:child_process";
import { resolve } from "node:path";
import {
  ADMIN_EMAIL,
  ADMIN_PASSWORD,
  BACKEND_URL,
  CUSTOMER_EMAIL,
  CUSTOMER_PASSWORD,
  PORT,
  PUBLISHABLE_KEY_TITLE,
  STORE_PORT,
} from "./demo-config";
import { ensureDemoCustomer } from "./demo-customer";
import { DatabaseUnavailableError, demoDatabaseUrl, ensureDatabase, redact, withDatabase } from "./database";
import { startStorefront, type RunningStorefront } from "./storefront/server";

/**
 * `npm start`: the Maple Goods demo store on Medusa with Canada Post. Database (created if missing),
 * migrations, a one-time seed, an admin user, then `medusa develop` on port 9000 and the demo storefront
 * on port 8000 (a demo customer to log in as) until Ctrl-C. `npm run seed` (--seed-only) stops after the
 * admin user.
 */
const MEDUSA = resolve(__dirname, "../node_modules/.bin/medusa");
const seedOnly = process.argv.includes("--seed-only");

class StepFailed extends Error {}

function say(message: string): void {
  console.log(`\n▶ ${message}`);
}

function run(args: string[], env: NodeJS.ProcessEnv, what: string): Promise<void> {
  return new Promise((done, fail) => {
    const child = spawn(MEDUSA, args, { stdio: "inherit", env });
    child.on("error", (e) =>
      fail(new StepFailed(`${what}: could not run medusa (${e.message}); run npm install first`)),
    );
    child.on("exit", (code, signal) =>
      code === 0
        ? done()
        : fail(new StepFailed(`${what} failed (${signal ?? `exit code ${code}`}); see the output above`)),
    );
  });
}

/** Seeded, and by a seed that knew the provinces' sales taxes (an older one is run again: it adds only those). */
async function isSeeded(url: string): Promise<boolean> {
  return withDatabase(url, async (db) => {
    const r = await db.query(
      `select 1 from store where deleted_at is null and metadata->>'canada_post_demo' = 'true'
         and exists (select 1 from tax_region where country_code = 'ca' and province_code = 'ca-qc' and deleted_at is null)
       limit 1`,
    );
    return (r.rowCount ?? 0) > 0;
  });
}

async function adminExists(url: string): Promise<boolean> {
  return withDatabase(url, async (db) => {
    const r = await db.query('select 1 from "user" where email = $1 and deleted_at is null', [ADMIN_EMAIL]);
    return (r.rowCount ?? 0) > 0;
  });
}

async function publishableKeyOf(url: string): Promise<string | undefined> {
  return withDatabase(url, async (db) => {
    const r = await db.query<{ token: string }>(
      "select token from api_key where type = 'publishable' and title = $1 and revoked_at is null and deleted_at is null limit 1",
      [PUBLISHABLE_KEY_TITLE],
    );
    return r.rows[0]?.token;
  });
}

async function waitHealthy(child: ChildProcess, timeoutMs: number, port = PORT): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new StepFailed(`medusa develop exited (code ${child.exitCode})`);
    try {
      const res = await fetch(`http://localhost:${port}/health`);
      if (res.ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((r) => setTimeout(r, 1000));
  }
  throw new StepFailed(`Medusa did not answer GET /health on port ${port} within ${timeoutMs / 1000} s`);
}

/**
 * medusa develop, each in its own process group: Ctrl-C here stops every group, then exits; one of them
 * exiting on its own stops the others.
 */
function serve(envs: NodeJS.ProcessEnv[]): ChildProcess[] {
  const children = envs.map((env) => spawn(MEDUSA, ["develop"], { stdio: "inherit", env, detached: true }));
  let stopping = false;
  const signal = (child: ChildProcess, s: NodeJS.Signals) => {
    try {
      process.kill(-child.pid!, s);
    } catch {
      // Already gone.
    }
  };
  const stop = (why: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n▶ Stopping Medusa (${why})`);
    for (const c of children) signal(c, "SIGTERM");
    setTimeout(() => children.forEach((c) => signal(c, "SIGKILL")), 10_000).unref();
  };
  process.on("SIGINT", () => stop("SIGINT"));
  process.on("SIGTERM", () => stop("SIGTERM"));
  let exited = 0;
  for (const child of children)
    child.on("exit", (code, sig) => {
      if (!stopping) {
        stop(`a Medusa process exited (${sig ?? `code ${code}`})`);
        process.exitCode = code ?? 1;
      }
      if (++exited === children.length) process.exit(process.exitCode ?? 0);
    });
  return children;
}

/** The demo storefront on STORE_PORT; a busy port costs the storefront, not the store. */
async function serveStorefront(publishableKey: string): Promise<RunningStorefront | undefined> {
  say(`Starting the demo storefront (port ${STORE_PORT})`);
  try {
    return await startStorefront({
      port: STORE_PORT,
      backendUrl: BACKEND_URL,
      publishableKey,
      demoCustomer: { email: CUSTOMER_EMAIL, password: CUSTOMER_PASSWORD },
    });
  } catch (e) {
    const reason =
      (e as NodeJS.ErrnoException).code === "EADDRINUSE" ? `port ${STORE_PORT} is in use` : String(e);
    console.warn(
      `  The storefront did not start (${reason}): set STORE_PORT to another port (0: any free one)`,
    );
    return undefined;
  }
}

async function demoCustomer(publishableKey: string): Promise<boolean> {
  try {
    const { created } = await ensureDemoCustomer(publishableKey);
    if (created) console.log(`  Created the demo customer ${CUSTOMER_EMAIL}`);
    return true;
  } catch (e) {
    console.warn(`  The demo customer ${CUSTOMER_EMAIL} could not be created: ${(e as Error).message}`);
    return false;
  }
}

/** A comma-separated CORS list with `origin` in it. */
function withOrigin(list: string, origin: string): string {
  const origins = list
    .split(",")
    .map((o) => o.trim())
    .filter(Boolean);
  return (origins.includes(origin) ? origins : [...origins, origin]).join(",");
}

async function main(): Promise<void> {
  const started = Date.now();
  const url = demoDatabaseUrl();
  const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: url, MEDUSA_DISABLE_TELEMETRY: "true" };

  say(`Database ${redact(url)}`);
  if (await ensureDatabase(url)) console.log("  created it");

  say("Migrating (medusa db:migrate)");
  await run(["db:migrate"], env, "medusa db:migrate");

  if (await isSeeded(url)) {
    say("The demo store is already seeded: skipping the seed");
  } else {
    say("Seeding the demo store (medusa exec ./src/scripts/seed-demo.ts)");
    await run(["exec", "./src/scripts/seed-demo.ts"], env, "Seeding the demo store");
  }

  if (await adminExists(url)) {
    say(`Admin user ${ADMIN_EMAIL} already exists`);
  } else {
    say(`Creating the admin user ${ADMIN_EMAIL}`);
    await run(["user", "-e", ADMIN_EMAIL, "-p", ADMIN_PASSWORD], env, "Creating the admin user");
  }
  const publishableKey = await publishableKeyOf(url);
  if (seedOnly) {
    console.log(
      `\nSeeded in ${Math.round((Date.now() - started) / 1000)} s. Publishable key: ${publishableKey}`,
    );
    return;
  }

  // Something already answering on the port would pass the health check in Medusa's place.
  const busy = await fetch(`http://localhost:${PORT}/health`).then(
    () => true,
    () => false,
  );
  if (busy) throw new StepFailed(`Port ${PORT} is already in use (another Medusa?): stop it or set PORT`);
  // The storefront first: Medusa must let its origin call the store and auth routes (CORS).
  const storefront = publishableKey ? await serveStorefront(publishableKey) : undefined;
  if (storefront) {
    env.STORE_CORS = withOrigin(env.STORE_CORS ?? "http://localhost:8000", storefront.url);
    env.AUTH_CORS = withOrigin(env.AUTH_CORS ?? `http://localhost:8000,${BACKEND_URL}`, storefront.url);
  }
  // With Redis, a store runs as an HTTP server and a worker (events, scheduled jobs), as in production.
  const workerPort = Number(process.env.MEDUSA_WORKER_PORT || PORT + 1);
  const redis = Boolean(process.env.REDIS_URL);
  say(
    redis
      ? `Starting Medusa: server on ${PORT}, worker on ${workerPort} (REDIS_URL)`
      : "Starting Medusa (medusa develop)",
  );
  const children = serve(
    redis
      ? [
          { ...env, MEDUSA_WORKER_MODE: "server" },
          { ...env, MEDUSA_WORKER_MODE: "worker", PORT: String(workerPort), MEDUSA_ADMIN_DISABLE: "true" },
        ]
      : [env],
  );
  await waitHealthy(children[0]!, 5 * 60_000);
  if (redis) await waitHealthy(children[1]!, 5 * 60_000, workerPort);
  const customer = publishableKey ? await demoCustomer(publishableKey) : undefined;
  const credentials = process.env.CANADA_POST_USERNAME && process.env.CANADA_POST_PASSWORD;
  const simulatorAsked = process.env.CANADA_POST_ENV?.trim().toLowerCase() === "simulator";
  console.log(
    [
      "",
      "──────────────────────────────────────────────────────────────",
      ` Maple Goods demo store is up (${Math.round((Date.now() - started) / 1000)} s)`,
      `  Store API:        ${BACKEND_URL}/store`,
      `  Admin:            ${BACKEND_URL}/app`,
      `  Admin login:      ${ADMIN_EMAIL} / ${ADMIN_PASSWORD}`,
      `  Publishable key:  ${publishableKey ?? "(none found)"}`,
      ...(redis ? [`  Worker:           port ${workerPort} (events and scheduled jobs, on Redis)`] : []),
      simulatorAsked
        ? "  Canada Post:      the built-in simulator (CANADA_POST_ENV=simulator)"
        : credentials
          ? `  Canada Post:      your account (CANADA_POST_USERNAME ${process.env.CANADA_POST_USERNAME})`
          : "  Canada Post:      the built-in simulator (no CANADA_POST_* credentials set)",
      storefront
        ? `  Storefront:       ${storefront.url}/account  (guest tracking: ${storefront.url}/track)`
        : "  Storefront:       not started (see above)",
      customer
        ? `  Customer login:   ${CUSTOMER_EMAIL} / ${CUSTOMER_PASSWORD}`
        : "  Customer login:   not created (see above)",
      "  Try the journey:  npm run demo (an order for that customer)      Stop: Ctrl-C",
      "──────────────────────────────────────────────────────────────",
    ].join("\n"),
  );
}

main().catch((e: unknown) => {
  if (e instanceof DatabaseUnavailableError) {
    console.error(`\n✖ ${e.message}`);
    console.error(
      [
        "",
        "The demo store needs PostgreSQL. Either:",
        "  • install and start one locally:  sudo apt-get install postgresql && sudo service postgresql start",
        "    (npm start then uses user $PGUSER or postgres on localhost:5432 and creates the database canada_post_demo)",
        "  • or point at one you have:       DATABASE_URL=postgres://user:password@host:5432/canada_post_demo npm start",
      ].join("\n"),
    );
  } else if (e instanceof StepFailed) {
    console.error(`\n✖ ${e.message}`);
  } else {
    console.error(`\n✖ npm start failed: ${(e as Error).message ?? e}`);
  }
  process.exit(1);
});
