import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { startDemoStore, type DemoStore } from "../../test/e2e/support/demo-store";
import { machineLine, writeResultsSection } from "../results-file";
import {
  listeningPid,
  load,
  median,
  paired,
  sampleProcess,
  slope,
  type LoadFigures,
  type ProcessSample,
  type Request,
} from "./measure";
import { prepareStore, type LoadTargets } from "./setup";

/**
 * `npm run load`: the demo store (npm start) booted in a scratch folder with a database of its own and the
 * bench's flat provider (CANADA_POST_BENCH=1), then, on loopback only and bounded in time:
 * 1. the store's calculate route for the same cart through Canada Post (quote cache warm) and through the
 *    flat provider, interleaved rounds at the same concurrency: the difference is the plugin's share;
 * 2. the admin label route;
 * 3. a two-minute soak of both at a steady rate, the server's heap (after a full GC), handles, resident
 *    memory and file descriptors sampled every 5 s, and their growth checked against stated bounds.
 * Writes bench/results/load.json and its section of bench/RESULTS.md. LOAD_SOAK_S shortens the soak.
 */
const ROOT = resolve(__dirname, "../..");
const DATABASE_URL = process.env.LOAD_DATABASE_URL ?? "postgres://postgres@localhost:5432/canada_post_load";
/** Latency is measured one request at a time (the service time), throughput at 8 connections. */
const BUSY_CONNECTIONS = 8;
const ROUND_S = 8;
const ROUNDS = 3;
/** Calculates through each provider in strict alternation, for the plugin's share. */
const PAIRS = 400;
const SOAK_S = Number(process.env.LOAD_SOAK_S ?? 120);
const SOAK_RATE = 6; // requests per second, all routes together: what this Medusa sustains on 2 busy cores
/** Growth from the soak's first 30 s (after 15 s of warm-up) to its last 30 s that counts as steady. */
const BOUNDS = { heapPct: 10, heapMb: 10, handles: 5, fds: 5, rssPct: 15 };

/** `npm run load -- --render`: the section written again from results/load.json, nothing measured. */
async function render() {
  const recorded = JSON.parse(
    readFileSync(join(__dirname, "..", "results", "load.json"), "utf8"),
  ) as Parameters<typeof markdownOf>[0] & {
    date: string;
    bootS: number;
    versions: Record<string, string>;
    machine?: string;
  };
  if (!recorded.machine)
    throw new Error("results/load.json keeps no machine line: record again with npm run load");
  await writeResultsSection(
    "load",
    markdownOf(recorded, recorded.versions, recorded.date.slice(0, 10), recorded.bootS, recorded.machine),
  );
}

async function main() {
  if (process.argv.includes("--render")) return render();
  const scratch = mkdtempSync(join(tmpdir(), "cp-load-"));
  const probeDir = join(scratch, "probe");
  mkdirSync(probeDir);
  console.log(`Booting the demo store (database ${DATABASE_URL}, scratch ${scratch})...`);
  const bootStart = Date.now();
  const store: DemoStore = await startDemoStore(DATABASE_URL, 6 * 60_000, {
    CANADA_POST_BENCH: "1",
    CANADA_POST_BENCH_PROBE_DIR: probeDir,
    NODE_OPTIONS:
      `${process.env.NODE_OPTIONS ?? ""} --require ${join(__dirname, "probe.cjs")} --expose-gc`.trim(),
    MEDUSA_ADMIN_DISABLE: "true",
    LOG_LEVEL: "warn",
  });
  try {
    const bootS = Math.round((Date.now() - bootStart) / 1000);
    const targets = await prepareStore(store.baseUrl);
    const pid = listeningPid(Number(new URL(store.baseUrl).port));
    console.log(`Store up in ${bootS} s, server pid ${pid}; measuring...`);
    const result = await measureAll(store.baseUrl, targets, pid, probeDir);
    const versions = versionsOf();
    const date = new Date().toISOString();
    const dir = join(__dirname, "..", "results");
    mkdirSync(dir, { recursive: true });
    // The machine and its load as they were at the end of the run, kept for --render.
    const machine = machineLine(versions);
    writeFileSync(
      join(dir, "load.json"),
      `${JSON.stringify({ date, bootS, versions, machine, ...result }, null, 2)}\n`,
    );
    await writeResultsSection("load", markdownOf(result, versions, date.slice(0, 10), bootS, machine));
    console.log(JSON.stringify(result.summary, null, 2));
    if (!result.summary.steady) process.exitCode = 1;
  } finally {
    await store.stop();
    rmSync(scratch, { recursive: true, force: true });
  }
}

function requestsOf(t: LoadTargets) {
  const calculate = (optionId: string): Request => ({
    method: "POST",
    path: `/store/shipping-options/${optionId}/calculate`,
    headers: { "content-type": "application/json", "x-publishable-api-key": t.publishableKey },
    body: JSON.stringify({ cart_id: t.cartId }),
  });
  return {
    canadaPost: calculate(t.canadaPostOptionId),
    flat: calculate(t.flatOptionId),
    label: {
      method: "GET" as const,
      path: `/admin/canada-post/shipments/${t.shipmentId}/label`,
      headers: { authorization: `Bearer ${t.adminToken}` },
    },
  };
}

async function measureAll(baseUrl: string, targets: LoadTargets, pid: number, probeDir: string) {
  const req = requestsOf(targets);
  // Warm: the quote cache holds the cart's Canada Post rates, Medusa's code paths are compiled.
  for (const r of [req.canadaPost, req.flat, req.label])
    await load(baseUrl, [r], { connections: 2, durationS: 3 });

  const rounds: Round[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    const round = {} as Round;
    for (const route of ROUTES) {
      const seq = await load(baseUrl, [req[route]], { connections: 1, durationS: ROUND_S });
      const busy = await load(baseUrl, [req[route]], { connections: BUSY_CONNECTIONS, durationS: ROUND_S });
      round[route] = { seq, busy };
    }
    rounds.push(round);
    console.log(
      `round ${i + 1}: p50 flat ${round.flat.seq.p50Ms} ms, Canada Post ${round.canadaPost.seq.p50Ms} ms, ` +
        `label ${round.label.seq.p50Ms} ms`,
    );
  }

  // The plugin's share: the same cart priced through each provider in strict alternation.
  const pairs = await paired(baseUrl, req.flat, req.canadaPost, PAIRS);

  // The soak: every route in turn at a steady rate, the process sampled every 5 s.
  const samples: ProcessSample[] = [];
  const startedAt = Date.now();
  const soaking = load(baseUrl, [req.canadaPost, req.flat, req.label], {
    connections: 4,
    durationS: SOAK_S,
    overallRate: SOAK_RATE,
  });
  let over = false;
  void soaking.finally(() => (over = true));
  while (!over) {
    samples.push(await sampleProcess(pid, probeDir, startedAt));
    await Promise.race([soaking, new Promise((r) => setTimeout(r, 5_000))]);
  }
  const soak = await soaking;
  samples.push(await sampleProcess(pid, probeDir, startedAt));
  return { rounds, pairs, soak, samples, summary: summarise(rounds, pairs, soak, samples) };
}

const ROUTES = ["flat", "canadaPost", "label"] as const;
type Round = Record<(typeof ROUTES)[number], { seq: LoadFigures; busy: LoadFigures }>;

function summarise(
  rounds: Round[],
  pairs: Awaited<ReturnType<typeof paired>>,
  soak: LoadFigures,
  samples: ProcessSample[],
) {
  const of = (k: (typeof ROUTES)[number], f: keyof LoadFigures, how: "seq" | "busy" = "seq") =>
    median(rounds.map((r) => r[k][how][f]));
  const r2 = (n: number) => Math.round(n * 100) / 100;
  const flat = median(pairs.aMs);
  const cp = median(pairs.bMs);
  const plugin = median(pairs.bMs.map((b, i) => b - pairs.aMs[i]!));
  const window = (from: number, to: number) => samples.filter((s) => s.at >= from && s.at < to);
  const first = window(15, 45);
  const last = window(SOAK_S - 30, SOAK_S + 10);
  const m = (list: ProcessSample[], k: "heapMb" | "handles" | "rssMb" | "fds") =>
    median(list.flatMap((s) => (s[k] === undefined ? [] : [s[k]!])));
  const growth = {
    heapMb: Math.round((m(last, "heapMb") - m(first, "heapMb")) * 10) / 10,
    heapPct: Math.round(((m(last, "heapMb") - m(first, "heapMb")) / m(first, "heapMb")) * 1000) / 10,
    handles: m(last, "handles") - m(first, "handles"),
    fds: m(last, "fds") - m(first, "fds"),
    rssPct: Math.round(((m(last, "rssMb") - m(first, "rssMb")) / m(first, "rssMb")) * 1000) / 10,
  };
  const heapSlopeMbPerMin =
    Math.round(
      slope(
        samples
          .filter((s) => s.at >= 15 && s.heapMb !== undefined)
          .map((s) => ({ x: s.at / 60, y: s.heapMb! })),
      ) * 100,
    ) / 100;
  const steady =
    (growth.heapMb <= BOUNDS.heapMb || growth.heapPct <= BOUNDS.heapPct) &&
    growth.handles <= BOUNDS.handles &&
    growth.fds <= BOUNDS.fds &&
    growth.rssPct <= BOUNDS.rssPct;
  const failures =
    pairs.failures +
    rounds.reduce(
      (n, r) => n + ROUTES.reduce((m, k) => m + r[k].seq.non2xx + r[k].busy.non2xx + r[k].busy.errors, 0),
      0,
    ) +
    soak.non2xx +
    soak.errors;
  return {
    calculate: {
      pairs: pairs.aMs.length,
      flatMs: r2(flat),
      canadaPostMs: r2(cp),
      pluginMs: r2(plugin),
      pluginShare: Math.round((plugin / cp) * 1000) / 10,
    },
    perSecond: {
      canadaPost: of("canadaPost", "perSecond", "busy"),
      flat: of("flat", "perSecond", "busy"),
      label: of("label", "perSecond", "busy"),
    },
    /** The rounds' lowest and highest throughput: how much the shared machine moved them. */
    perSecondRange: Object.fromEntries(
      ROUTES.map((k) => {
        const all = rounds.map((r) => r[k].busy.perSecond);
        return [k, `${Math.min(...all)}-${Math.max(...all)}`];
      }),
    ) as Record<(typeof ROUTES)[number], string>,
    busyP50: {
      canadaPost: of("canadaPost", "p50Ms", "busy"),
      flat: of("flat", "p50Ms", "busy"),
      label: of("label", "p50Ms", "busy"),
    },
    labelP50: of("label", "p50Ms"),
    labelP99: of("label", "p99Ms"),
    failures,
    first: {
      heapMb: m(first, "heapMb"),
      handles: m(first, "handles"),
      rssMb: m(first, "rssMb"),
      fds: m(first, "fds"),
    },
    last: {
      heapMb: m(last, "heapMb"),
      handles: m(last, "handles"),
      rssMb: m(last, "rssMb"),
      fds: m(last, "fds"),
    },
    growth,
    heapSlopeMbPerMin,
    steady,
  };
}

function versionsOf(): Record<string, string> {
  const versionIn = (dir: string) =>
    (JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as { version: string }).version;
  const version = (pkg: string) => versionIn(join(ROOT, "node_modules", pkg));
  let postgres = "unknown";
  try {
    postgres = execFileSync(
      "psql",
      [DATABASE_URL.replace(/\/[^/]*$/, "/postgres"), "-tAc", "show server_version"],
      {
        encoding: "utf8",
      },
    ).trim();
  } catch {
    // psql missing: the version stays unknown.
  }
  return {
    "@medusajs/medusa": version("@medusajs/medusa"),
    autocannon: version("autocannon"),
    postgresql: postgres,
    "canada-post-commerce": versionIn(ROOT),
  };
}

type Summary = ReturnType<typeof summarise>;

function markdownOf(
  r: { rounds: unknown[]; soak: LoadFigures; samples: ProcessSample[]; summary: Summary },
  versions: Record<string, string>,
  date: string,
  bootS: number,
  machine = machineLine(versions),
): string {
  const s = r.summary;
  const mb = (n: number) => `${n.toFixed(1)} MB`;
  const row = (what: string, figure: string | number, bound = "-") => `| ${what} | ${figure} | ${bound} |`;
  return [
    "## Load and soak (`npm run load`)",
    "",
    `Recorded on ${date}: ${machine}. The demo store (npm start: medusa develop, built-in Canada ` +
      `Post simulator, no admin UI) booted in ${bootS} s in a scratch folder with its own database, the bench's flat ` +
      "provider enabled (CANADA_POST_BENCH=1); autocannon on loopback.",
    "",
    `The plugin's share: ${PAIRS} pairs of calculates, the flat provider's and Canada Post's in strict alternation, ` +
      "one request at a time, each timed to the microsecond (the paired differences cancel the shared machine's other " +
      `work). Throughput and the label route: ${ROUNDS} interleaved rounds; in each, every route for ${ROUND_S} s one ` +
      `request at a time then ${ROUND_S} s at ${BUSY_CONNECTIONS} connections (autocannon); medians of the rounds. ` +
      "The same cart (2 products to Montréal) is priced through Canada Post Expedited Parcel on a warm " +
      "quote cache and through the flat provider, on the same Medusa; the label is the order's Canada Post PDF, " +
      "read from Medusa's File Module.",
    "",
    "| measure | figure | bound |",
    "| --- | --- | --- |",
    row(
      `calculate, flat provider: median latency (${s.calculate.pairs} requests, one at a time)`,
      `${s.calculate.flatMs} ms`,
    ),
    row(
      `calculate, Canada Post: median latency (${s.calculate.pairs} requests, one at a time)`,
      `${s.calculate.canadaPostMs} ms`,
    ),
    row(
      "the plugin's share of a calculate (median of the paired differences, of Canada Post's median)",
      `${s.calculate.pluginMs} ms (${s.calculate.pluginShare} %)`,
    ),
    row(
      `calculate per second at ${BUSY_CONNECTIONS} connections, flat / Canada Post`,
      `${s.perSecond.flat} / ${s.perSecond.canadaPost} (rounds ${s.perSecondRange.flat} / ${s.perSecondRange.canadaPost}; ` +
        `median latency ${s.busyP50.flat} / ${s.busyP50.canadaPost} ms)`,
    ),
    row("admin label route: median / p99 latency, one at a time", `${s.labelP50} ms / ${s.labelP99} ms`),
    row(
      `admin label route per second at ${BUSY_CONNECTIONS} connections`,
      `${s.perSecond.label} (rounds ${s.perSecondRange.label}; median latency ${s.busyP50.label} ms)`,
    ),
    row("answers other than 2xx (all runs and the soak)", s.failures, "0"),
    "",
    "The throughput rounds are not paired: the machine is shared, and a round's figure moves with what else runs " +
      "(the range shows by how much); the paired differences are the measure of the plugin's own time.",
    "",
    `Soak: ${SOAK_S} s, the three requests in turn at ${SOAK_RATE} requests/s in all (${r.soak.requests} requests, ` +
      `p50 ${r.soak.p50Ms} ms, p99 ${r.soak.p99Ms} ms); the server process sampled every 5 s (V8 heap after a full GC ` +
      "and active handles by probe.cjs; resident memory and file descriptors from /proc). First window: 15-45 s; last: " +
      "the final 30 s.",
    "",
    "| measure | first 30 s | last 30 s | growth | bound |",
    "| --- | --- | --- | --- | --- |",
    `| V8 heap after GC | ${mb(s.first.heapMb)} | ${mb(s.last.heapMb)} | ${mb(s.growth.heapMb)} (${s.growth.heapPct} %) | ≤ ${BOUNDS.heapMb} MB or ≤ ${BOUNDS.heapPct} % |`,
    `| active handles | ${s.first.handles} | ${s.last.handles} | ${s.growth.handles} | ≤ ${BOUNDS.handles} |`,
    `| open file descriptors | ${s.first.fds} | ${s.last.fds} | ${s.growth.fds} | ≤ ${BOUNDS.fds} |`,
    `| resident memory | ${mb(s.first.rssMb)} | ${mb(s.last.rssMb)} | ${s.growth.rssPct} % | ≤ ${BOUNDS.rssPct} % |`,
    "",
    `Heap trend over the soak (least squares): ${s.heapSlopeMbPerMin} MB/min. Steady: **${s.steady ? "yes" : "no"}**.`,
    "",
    "Samples and every round in `results/load.json`.",
  ].join("\n");
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
