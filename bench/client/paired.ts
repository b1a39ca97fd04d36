import diagnostics_channel from "node:diagnostics_channel";
import { performance } from "node:perf_hooks";
import { CALL_MODES, openMode, type ModeName } from "./modes";

/**
 * Two modes in one process, alternated call by call against the stub: each pair of calls meets the machine in
 * the same state, so the difference of a pair is what the second mode adds, without the drift between
 * processes (on a shared two-CPU VM one mode's median moves by up to 1.5× from one process to the next). A side
 * check beside the goals, which compare modes each in a process of its own as the issue asks.
 */

export interface PairedRun {
  first: ModeName;
  second: ModeName;
  pairs: number;
  firstMedianUs: number;
  secondMedianUs: number;
  /** second − first, pair by pair: median and quartiles. */
  addedUs: { p25: number; median: number; p75: number };
  /** Where each mode's time went (medians), for the calls that made one request. */
  firstSegments: Segments;
  secondSegments: Segments;
}

/**
 * A call cut where undici says its request was made and its answer's headers came: the work before the
 * request (checks, packing, writing it), the wire (sending it, the stub, the answer's headers back) and the
 * work after (the body, reading it, what the call does with it).
 */
export interface Segments {
  beforeUs: number;
  wireUs: number;
  afterUs: number;
}

/** Each call against its floor, and a quoteCart miss against getRates (what the miss adds, lines packed or not). */
export const PAIRS: [ModeName, ModeName][] = [
  ...Object.values(CALL_MODES).map((c): [ModeName, ModeName] => [c.floor, c.client]),
  ["getRates", "quoteCart miss"],
  ["getRates", "quoteCart miss, new lines"],
];

const quantile = (sorted: Float64Array, q: number) =>
  Math.round(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]! * 1000);

/** Times of undici's request events during one call. */
class RequestMarks {
  created: number[] = [];
  headers: number[] = [];
  private readonly onCreate = () => this.created.push(performance.now());
  private readonly onHeaders = () => this.headers.push(performance.now());

  constructor() {
    diagnostics_channel.subscribe("undici:request:create", this.onCreate);
    diagnostics_channel.subscribe("undici:request:headers", this.onHeaders);
  }

  reset(): void {
    this.created.length = 0;
    this.headers.length = 0;
  }

  close(): void {
    diagnostics_channel.unsubscribe("undici:request:create", this.onCreate);
    diagnostics_channel.unsubscribe("undici:request:headers", this.onHeaders);
  }
}

/** One mode's calls: total times, and the segments of those that made exactly one request. */
class Timings {
  readonly total: Float64Array;
  private readonly segments: number[][] = [[], [], []];

  constructor(pairs: number) {
    this.total = new Float64Array(pairs);
  }

  add(i: number, t0: number, t1: number, marks: RequestMarks): void {
    this.total[i] = t1 - t0;
    if (marks.created.length !== 1 || marks.headers.length !== 1) return;
    const [created, headers] = [marks.created[0]!, marks.headers[0]!];
    this.segments[0]!.push(created - t0);
    this.segments[1]!.push(headers - created);
    this.segments[2]!.push(t1 - headers);
  }

  medians(): Segments {
    const [beforeUs, wireUs, afterUs] = this.segments.map((s) =>
      quantile(Float64Array.from(s).sort(), 0.5),
    ) as [number, number, number];
    return { beforeUs, wireUs, afterUs };
  }
}

export async function measurePaired(
  first: ModeName,
  second: ModeName,
  stubUrl: string,
  o: { warmup: number; pairs: number },
): Promise<PairedRun> {
  const a = await openMode(first, stubUrl);
  const b = await openMode(second, stubUrl);
  const marks = new RequestMarks();
  try {
    let n = 0;
    for (let i = 0; i < o.warmup; i++) {
      await a.call(n);
      await b.call(n++);
    }
    const ta = new Timings(o.pairs);
    const tb = new Timings(o.pairs);
    const added = new Float64Array(o.pairs);
    const aFirst = [
      { m: a, t: ta },
      { m: b, t: tb },
    ];
    const bFirst = [aFirst[1]!, aFirst[0]!];
    for (let i = 0; i < o.pairs; i++) {
      // Which goes first alternates, so that neither always follows the other's work.
      for (const { m, t } of i % 2 === 0 ? aFirst : bFirst) {
        marks.reset();
        const t0 = performance.now();
        await m.call(n);
        t.add(i, t0, performance.now(), marks);
      }
      n++;
      added[i] = tb.total[i]! - ta.total[i]!;
    }
    added.sort();
    return {
      first,
      second,
      pairs: o.pairs,
      firstMedianUs: quantile(ta.total.sort(), 0.5),
      secondMedianUs: quantile(tb.total.sort(), 0.5),
      addedUs: { p25: quantile(added, 0.25), median: quantile(added, 0.5), p75: quantile(added, 0.75) },
      firstSegments: ta.medians(),
      secondSegments: tb.medians(),
    };
  } finally {
    marks.close();
    await a.close();
    await b.close();
  }
}
