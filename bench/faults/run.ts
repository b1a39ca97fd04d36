import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { machineLine, writeResultsSection } from "../results-file";
import { runMatrix } from "./matrix";
import { markdownOf, totalsOf } from "./report";

/**
 * `npm run faults`: the fault matrix (matrix.ts) on a local simulator, printed as it runs, then written to
 * bench/results/faults.json and its section of bench/RESULTS.md. Exits non-zero when a goal is missed.
 */
async function main() {
  const { cells, timing } = await runMatrix({
    onCell: (c) =>
      console.log(
        `${c.operation.padEnd(15)} ${c.fault.padEnd(14)} ${c.applicable ? c.outcome.padEnd(10) : "n/a".padEnd(10)} ` +
          `dup ${c.duplicateLabels} lost ${c.lostOrOrphaned} ${Math.round(c.ms)} ms  ${c.detail.slice(0, 90)}`,
      ),
  });
  const totals = totalsOf(cells);
  const date = new Date().toISOString();
  const dir = join(__dirname, "..", "results");
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "faults.json"), `${JSON.stringify({ date, timing, totals, cells }, null, 2)}\n`);
  const md = markdownOf(cells, timing, machineLine(), date.slice(0, 10));
  await writeResultsSection("faults", md);
  console.log(`\n${JSON.stringify(totals)}`);
  const missed = Object.entries(totals).filter(([k, v]) => k !== "cells" && v !== 0);
  if (missed.length) {
    console.error(`Goals missed: ${missed.map(([k, v]) => `${k} ${v}`).join(", ")}`);
    process.exitCode = 1;
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
