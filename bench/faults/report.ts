/** The fault matrix as figures and Markdown: totals, per operation, and every cell. */
import { FAULT_DESCRIPTIONS, FAULTS, type Timing } from "./faults";
import { isLate, type CellResult } from "./matrix";
import { OPERATIONS } from "./operations";

export interface Totals {
  cells: number;
  checkoutErrors: number;
  duplicateLabels: number;
  lostOrOrphaned: number;
  /** Answers later than their operation's deadline or stated bound. */
  late: number;
  /** Failures that carry neither Canada Post's words nor the fact that it did not answer. */
  unclear: number;
  /** Purchases asked again once the fault was gone that still left a duplicate or an orphan. */
  notRecovered: number;
}

export function totalsOf(cells: readonly CellResult[]): Totals {
  const ran = cells.filter((c) => c.applicable);
  const sum = (f: (c: CellResult) => number) => ran.reduce((n, c) => n + f(c), 0);
  return {
    cells: ran.length,
    checkoutErrors: sum((c) => c.checkoutErrors),
    duplicateLabels: sum((c) => c.duplicateLabels),
    lostOrOrphaned: sum((c) => c.lostOrOrphaned),
    late: sum((c) => (isLate(c) ? 1 : 0)),
    unclear: sum((c) => (c.outcome === "error" ? 1 : 0)),
    notRecovered: sum((c) =>
      c.askedAgain && (c.askedAgain.duplicateLabels || c.askedAgain.lostOrOrphaned) ? 1 : 0,
    ),
  };
}

const ms = (n: number) => `${Math.round(n)} ms`;
const cellText = (s: string) => s.replace(/\|/g, "\\|").replace(/\s+/g, " ").slice(0, 160);

export function markdownOf(
  cells: readonly CellResult[],
  timing: Timing,
  machine: string,
  date: string,
): string {
  const t = totalsOf(cells);
  const perOp = OPERATIONS.map((op) => {
    const row = cells.filter((c) => c.operation === op && c.applicable);
    if (!row.length) return undefined;
    const slowest = row.reduce((a, b) => (b.ms > a.ms ? b : a));
    const outcomes = ["answered", "refused", "unanswered", "error"]
      .map((o) => [o, row.filter((c) => c.outcome === o).length] as const)
      .filter(([, n]) => n > 0)
      .map(([o, n]) => `${n} ${o}`)
      .join(", ");
    const sum = (f: (c: CellResult) => number) => row.reduce((n, c) => n + f(c), 0);
    return `| ${op} | ${outcomes} | ${sum((c) => c.checkoutErrors)} | ${sum((c) => c.duplicateLabels)} | ${sum((c) => c.lostOrOrphaned)} | ${ms(slowest.ms)} (${slowest.fault}) | ${ms(slowest.boundMs)} | ${row.some(isLate) ? "no" : "yes"} |`;
  }).filter(Boolean);
  const detail = cells.map((c) => {
    const again = c.askedAgain
      ? `${cellText(c.askedAgain.detail)} (dup ${c.askedAgain.duplicateLabels}, lost ${c.askedAgain.lostOrOrphaned})`
      : "";
    return c.applicable
      ? `| ${c.operation} | ${c.fault} | ${c.outcome} | ${cellText(c.detail)} | ${c.duplicateLabels} | ${c.lostOrOrphaned} | ${ms(c.ms)} | ${again} | ${cellText([...c.problems, ...c.evidence].join("; "))} |`
      : `| ${c.operation} | ${c.fault} | not on its path | ${cellText(c.detail)} | - | - | - | | |`;
  });
  return [
    "## Fault matrix",
    "",
    `Recorded by \`npm run faults\` (bench/faults/) on ${date}: ${machine}.`,
    "",
    "Every simulator fault against every operation a shopper, a merchant or the platform's job triggers, through " +
      "the shipping core's one entry (`createShipping`) on a fresh local Canada Post with its default limits, the " +
      "platform's records in memory. Each cell starts from an empty simulator, buys what the operation needs " +
      "before any fault, injects the fault on the call the operation depends on, runs the operation once, lets " +
      "calls still in flight finish at the simulator, then counts Canada Post's shipments against the records. " +
      "A purchase that did not finish is asked again once the fault is gone, as a merchant would. " +
      `Client: timeout ${timing.timeoutMs} ms, 2 retries; checkout deadline ${timing.checkoutDeadlineMs} ms ` +
      "(fallback rates configured).",
    "",
    "| measure | figure | goal |",
    "| --- | --- | --- |",
    `| cells run (${OPERATIONS.length} operations × ${FAULTS.length} faults, where the fault is on the operation's path) | ${t.cells} | - |`,
    `| checkout errors (an exception reaching quoteCart's caller) | ${t.checkoutErrors} | 0 |`,
    `| duplicate labels (shipments sold beyond one per parcel) | ${t.duplicateLabels} | 0 |`,
    `| lost or orphaned records (a label not recorded, a record of no label, a wrong status) | ${t.lostOrOrphaned} | 0 |`,
    `| answers later than their deadline or stated bound | ${t.late} | 0 |`,
    `| failures with neither Canada Post's words nor "no answer" (unclear) | ${t.unclear} | 0 |`,
    `| purchases asked again that still left a duplicate or an orphan | ${t.notRecovered} | 0 |`,
    "",
    "Outcomes: answered (a result: for checkout, Canada Post's price, fallback rates or no price), refused (an " +
      "error carrying Canada Post's code and words), unanswered (Canada Post gave no usable answer and the " +
      "error says so; nothing left behind is counted in the columns), error (anything else).",
    "",
    "| operation | outcomes | checkout errors | duplicate labels | lost or orphaned | slowest answer (fault) | bound | within |",
    "| --- | --- | --- | --- | --- | --- | --- | --- |",
    ...perOp,
    "",
    "Bounds: checkout and a customer's tracking page, their deadlines + 200 ms (the event loop of a busy " +
      "machine); the others from the client's timeout: calls on the path × 3 attempts × the timeout, + 1 s (void, " +
      "refund, transmit: 2 calls; the tracking job: 1; a purchase: 2 per parcel and 2 s for the reads). An " +
      "answer is late when it took longer than its bound plus the longest the event loop was held up meanwhile " +
      "(the four simulators share it, and CI runs other suites beside): a stall delays every timer alike, the " +
      "deadline's too.",
    "",
    "The faults:",
    "",
    ...FAULTS.map((f) => `- **${f}**: ${FAULT_DESCRIPTIONS[f]}.`),
    "",
    "<details><summary>Every cell</summary>",
    "",
    "| operation | fault | outcome | what the caller got | dup | lost | time | asked again | simulator log |",
    "| --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ...detail,
    "",
    "</details>",
    "",
    "Details in `results/faults.json`.",
  ].join("\n");
}
