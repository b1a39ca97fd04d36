import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { cpus, loadavg, totalmem } from "node:os";
import { join } from "node:path";
import { format } from "prettier";

/**
 * bench/RESULTS.md holds one section per recording command (npm run bench, npm run faults, npm run load),
 * each between `<!-- name -->` and `<!-- /name -->`: a command rewrites its own section and leaves the
 * others as they were recorded. Written as Prettier formats it, so `npm run format:check` passes.
 */
export const RESULTS_FILE = join(__dirname, "RESULTS.md");

export async function writeResultsSection(
  name: string,
  markdown: string,
  file = RESULTS_FILE,
): Promise<void> {
  const open = `<!-- ${name} -->`;
  const close = `<!-- /${name} -->`;
  const section = `${open}\n\n${markdown.trim()}\n\n${close}`;
  const current = existsSync(file) ? readFileSync(file, "utf8") : "";
  const start = current.indexOf(open);
  const end = current.indexOf(close);
  const next =
    start >= 0 && end > start
      ? current.slice(0, start) + section + current.slice(end + close.length)
      : `${current.trimEnd()}${current.trim() ? "\n\n" : ""}${section}\n`;
  writeFileSync(file, await format(next, { parser: "markdown" }));
}

/** The machine and load a recording was made on, as a sentence. */
export function machineLine(extra: Record<string, string> = {}): string {
  const cpu = cpus();
  const versions = Object.entries({ node: process.version, ...extra })
    .map(([k, v]) => `${k} ${v}`)
    .join(", ");
  return (
    `${cpu.length} × ${cpu[0]?.model.trim()}, ${Math.round(totalmem() / 2 ** 30)} GiB; ` +
    `load average ${loadavg()
      .map((l) => l.toFixed(2))
      .join(" / ")} (1 / 5 / 15 min) at the end; ${versions}`
  );
}
