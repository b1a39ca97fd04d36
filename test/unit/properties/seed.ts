import fc from "fast-check";

/**
 * Every property runs from one seed, so a failure reproduces: fast-check prints the seed and the path of the
 * shrunk counterexample; run again with PROPERTY_SEED=<seed> (and the path in `path` below) to replay it.
 * PROPERTY_RUNS_SCALE multiplies every property's case count (e.g. 10 for a longer hunt on a developer's
 * machine); the counts as written are what CI runs in a few seconds.
 */
export const SEED = Number(process.env.PROPERTY_SEED ?? 20261130);
const SCALE = Number(process.env.PROPERTY_RUNS_SCALE ?? 1);

export function check<Ts extends [unknown, ...unknown[]]>(
  property: fc.IProperty<Ts>,
  numRuns: number,
  path?: string,
): void {
  fc.assert(property, { seed: SEED, numRuns: Math.max(1, Math.round(numRuns * SCALE)), path });
}
