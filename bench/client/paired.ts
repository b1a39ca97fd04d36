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
}

/** Each call against its floor, and a quoteCart miss against getRates (what the miss adds). */
export const PAIRS: [ModeName, ModeName][] = [
  ...Object.values(CALL_MODES).map((c): [ModeName, ModeName] => [c.floor, c.client]),
  ["getRates", "quoteCart miss"],
];

const quantile = (sorted: Float64Array, q: number) =>
  Math.round(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]! * 1000);

export async function measurePaired(
  first: ModeName,
  second: ModeName,
  stubUrl: string,
  o: { warmup: number; pairs: number },
): Promise<PairedRun> {
  const a = await openMode(first, stubUrl);
  const b = await openMode(second, stubUrl);
  try {
    let n = 0;
    for (let i = 0; i < o.warmup; i++) {
      await a.call(n);
      await b.call(n++);
    }
    const ta = new Float64Array(o.pairs);
    const tb = new Float64Array(o.pairs);
    const added = new Float64Array(o.pairs);
    for (let i = 0; i < o.pairs; i++) {
      // Which goes first alternates, so that neither always follows the other's work.
      const order = i % 2 === 0 ? [a, b] : [b, a];
      const times: number[] = [];
      for (const m of order) {
        const t0 = performance.now();
        await m.call(n);
        times.push(performance.now() - t0);
      }
      n++;
      ta[i] = i % 2 === 0 ? times[0]! : times[1]!;
      tb[i] = i % 2 === 0 ? times[1]! : times[0]!;
      added[i] = tb[i]! - ta[i]!;
    }
    ta.sort();
    tb.sort();
    added.sort();
    return {
      first,
      second,
      pairs: o.pairs,
      firstMedianUs: quantile(ta, 0.5),
      secondMedianUs: quantile(tb, 0.5),
      addedUs: { p25: quantile(added, 0.25), median: quantile(added, 0.5), p75: quantile(added, 0.75) },
    };
  } finally {
    await a.close();
    await b.close();
  }
}
