/**
 * What the load test measures with: autocannon on loopback (bounded by duration and connections), and the
 * store's server process seen from outside (the pid that listens on its port; its resident memory and
 * open file descriptors from /proc) and from inside (probe.cjs's samples of V8's heap after a full GC and
 * of Node's active handles).
 */
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import autocannon from "autocannon";

export interface Request {
  method: "GET" | "POST";
  path: string;
  headers: Record<string, string>;
  body?: string;
}

export interface LoadFigures {
  requests: number;
  perSecond: number;
  p50Ms: number;
  p90Ms: number;
  p99Ms: number;
  meanMs: number;
  non2xx: number;
  errors: number;
  timeouts: number;
}

export async function load(
  baseUrl: string,
  requests: Request[],
  opts: { connections: number; durationS: number; overallRate?: number },
): Promise<LoadFigures> {
  const r = await autocannon({
    url: baseUrl,
    connections: opts.connections,
    duration: opts.durationS,
    ...(opts.overallRate ? { overallRate: opts.overallRate } : {}),
    requests: requests.map((q) => ({ method: q.method, path: q.path, headers: q.headers, body: q.body })),
  });
  return {
    requests: r.requests.total,
    perSecond: Math.round(r.requests.average * 10) / 10,
    p50Ms: r.latency.p50,
    p90Ms: r.latency.p90,
    p99Ms: r.latency.p99,
    meanMs: Math.round(r.latency.average * 100) / 100,
    non2xx: r.non2xx,
    errors: r.errors,
    timeouts: r.timeouts,
  };
}

/**
 * Two requests in strict alternation, one at a time, each timed to the microsecond: the paired differences
 * cancel what the machine's other work adds to both (this machine is shared), which separate runs do not.
 */
export async function paired(
  baseUrl: string,
  a: Request,
  b: Request,
  pairs: number,
): Promise<{ aMs: number[]; bMs: number[]; failures: number }> {
  const aMs: number[] = [];
  const bMs: number[] = [];
  let failures = 0;
  const once = async (q: Request) => {
    const t0 = performance.now();
    const res = await fetch(`${baseUrl}${q.path}`, { method: q.method, headers: q.headers, body: q.body });
    await res.arrayBuffer();
    if (!res.ok) failures++;
    return performance.now() - t0;
  };
  for (let i = 0; i < pairs; i++) {
    // Which goes first alternates too, so neither always follows the other.
    if (i % 2) {
      aMs.push(await once(a));
      bMs.push(await once(b));
    } else {
      bMs.push(await once(b));
      aMs.push(await once(a));
    }
  }
  return { aMs, bMs, failures };
}

/** The pid listening on this TCP port on the machine (ss). */
export function listeningPid(port: number): number {
  const out = execFileSync("ss", ["-ltnpH", `sport = :${port}`], { encoding: "utf8" });
  const m = /pid=(\d+)/.exec(out);
  if (!m) throw new Error(`no process listens on port ${port} (ss said: ${out.trim() || "nothing"})`);
  return Number(m[1]);
}

export interface ProcessSample {
  /** Seconds since the soak began. */
  at: number;
  rssMb: number;
  fds: number;
  /** From the probe: V8's heap after a full GC, and Node's active handles (requests, sockets, timers...). */
  heapMb?: number;
  handles?: number;
  kinds?: Record<string, number>;
}

/** Samples the process: /proc from outside, then the probe's heap and handles (SIGUSR2: a full GC first). */
export async function sampleProcess(
  pid: number,
  probeDir: string,
  startedAt: number,
): Promise<ProcessSample> {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const rssKb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN);
  const fds = readdirSync(`/proc/${pid}/fd`).length;
  const sample: ProcessSample = {
    at: Math.round((Date.now() - startedAt) / 100) / 10,
    rssMb: Math.round(rssKb / 102.4) / 10,
    fds,
  };
  const file = join(probeDir, `${pid}.jsonl`);
  const lines = () => (existsSync(file) ? readFileSync(file, "utf8").trim().split("\n").filter(Boolean) : []);
  const before = lines().length;
  process.kill(pid, "SIGUSR2");
  for (let waited = 0; waited < 5_000 && lines().length === before; waited += 50)
    await new Promise((r) => setTimeout(r, 50));
  const all = lines();
  if (all.length > before) {
    const last = JSON.parse(all[all.length - 1]!) as {
      heapUsed: number;
      handles: number;
      kinds: Record<string, number>;
    };
    sample.heapMb = Math.round(last.heapUsed / 104857.6) / 10;
    sample.handles = last.handles;
    sample.kinds = last.kinds;
  }
  return sample;
}

export const median = (values: number[]): number => {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};

/** Least-squares slope of y over x (per unit of x). */
export function slope(points: { x: number; y: number }[]): number {
  const n = points.length;
  if (n < 2) return 0;
  const mx = points.reduce((s, p) => s + p.x, 0) / n;
  const my = points.reduce((s, p) => s + p.y, 0) / n;
  const num = points.reduce((s, p) => s + (p.x - mx) * (p.y - my), 0);
  const den = points.reduce((s, p) => s + (p.x - mx) ** 2, 0);
  return den ? num / den : 0;
}
