import { performance } from "node:perf_hooks";
import { request } from "undici";
import { openMode, type ModeName } from "./modes";
import { measurePaired } from "./paired";
import { measureReads } from "./reads";
import { COUNT_PATH } from "./stub";

/**
 * One measurement in a process of its own (its CPU is its own): `child.ts <mode> <stubUrl> <json options>`
 * warms up, makes `sequential` calls one after another (latency), then keeps `concurrency` callers busy for
 * `durationMs` (throughput and CPU per call, from process.cpuUsage), and prints the result as one JSON line.
 * `child.ts reads` measures the parse of the hot answers instead; `child.ts paired <stubUrl> <json>` two modes
 * alternated call by call (paired.ts).
 */

export interface PhaseOptions {
  warmup: number;
  sequential: number;
  concurrency: number;
  durationMs: number;
}

export interface ModeRun {
  mode: ModeName;
  sequential: { calls: number; medianUs: number; p99Us: number; meanUs: number };
  concurrent: { callers: number; calls: number; seconds: number; perSecond: number; cpuUsPerCall: number };
  /** Get Rates calls the stub answered during the run, and how many were expected (when checked). */
  upstream?: { seen: number; expected: number };
}

const quantile = (sorted: Float64Array, q: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;

async function stubCount(stubUrl: string): Promise<number> {
  const res = await request(`${stubUrl}${COUNT_PATH}`);
  return ((await res.body.json()) as { rated: number }).rated;
}

export async function measureMode(mode: ModeName, stubUrl: string, o: PhaseOptions): Promise<ModeRun> {
  const m = await openMode(mode, stubUrl);
  let n = 0;
  const before = m.upstreamCallsPerCall === undefined ? 0 : await stubCount(stubUrl);
  for (let i = 0; i < o.warmup; i++) await m.call(n++);

  const latencies = new Float64Array(o.sequential);
  for (let i = 0; i < o.sequential; i++) {
    const t0 = performance.now();
    await m.call(n++);
    latencies[i] = performance.now() - t0;
  }
  const sum = latencies.reduce((a, b) => a + b, 0);
  latencies.sort();

  let calls = 0;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const deadline = t0 + o.durationMs;
  await Promise.all(
    Array.from({ length: o.concurrency }, async () => {
      while (performance.now() < deadline) {
        await m.call(n++);
        calls++;
      }
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const run: ModeRun = {
    mode,
    sequential: {
      calls: o.sequential,
      medianUs: Math.round(quantile(latencies, 0.5) * 1000),
      p99Us: Math.round(quantile(latencies, 0.99) * 1000),
      meanUs: Math.round((sum / o.sequential) * 1000),
    },
    concurrent: {
      callers: o.concurrency,
      calls,
      seconds: Math.round(seconds * 1000) / 1000,
      perSecond: Math.round(calls / seconds),
      cpuUsPerCall: Math.round((cpu.user + cpu.system) / calls),
    },
  };
  if (m.upstreamCallsPerCall !== undefined) {
    run.upstream = { seen: (await stubCount(stubUrl)) - before, expected: n * m.upstreamCallsPerCall };
  }
  await m.close();
  return run;
}

function pairedRun(stubUrl: string, options: string) {
  const o = JSON.parse(options) as { first: ModeName; second: ModeName; warmup: number; pairs: number };
  return measurePaired(o.first, o.second, stubUrl, o);
}

if (require.main === module) {
  const [what, stubUrl, options] = process.argv.slice(2);
  const done = (result: unknown) => process.stdout.write(`${JSON.stringify(result)}\n`);
  const work =
    what === "reads"
      ? measureReads(JSON.parse(options ?? "{}") as { runs?: number })
      : what === "paired"
        ? pairedRun(stubUrl!, options!)
        : measureMode(what as ModeName, stubUrl!, JSON.parse(options!) as PhaseOptions);
  work.then(done, (e: unknown) => {
    console.error(e);
    process.exitCode = 1;
  });
}
