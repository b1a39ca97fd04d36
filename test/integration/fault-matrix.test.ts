import { FAULTS } from "../../bench/faults/faults";
import { isLate, runMatrix, type CellResult } from "../../bench/faults/matrix";
import { OPERATIONS } from "../../bench/faults/operations";
import { totalsOf } from "../../bench/faults/report";

/**
 * The fault matrix of `npm run faults` (bench/faults), asserted: under every simulator fault, no checkout
 * error, no second label, no lost or orphaned record, every answer within its bound, and every failure
 * either Canada Post's own refusal or a plain "no answer". About a minute: most cells wait out a timeout.
 */
jest.setTimeout(300_000);

let cells: CellResult[];
beforeAll(async () => {
  ({ cells } = await runMatrix());
});

const where = (c: CellResult) =>
  `${c.operation} × ${c.fault}: ${c.outcome} ${c.detail} ${c.problems.join("; ")}`;

describe("fault matrix", () => {
  it("runs every fault against every operation", () => {
    expect(cells).toHaveLength(OPERATIONS.length * FAULTS.length);
  });

  it("counts 0 checkout errors, 0 duplicate labels, 0 lost or orphaned records, 0 late or unclear answers", () => {
    expect(cells.filter((c) => c.checkoutErrors || c.duplicateLabels || c.lostOrOrphaned).map(where)).toEqual(
      [],
    );
    expect(
      cells
        .filter(isLate)
        .map((c) => `${where(c)} took ${Math.round(c.ms)} ms (event loop held ${Math.round(c.stallMs)} ms)`),
    ).toEqual([]);
    expect(cells.filter((c) => c.outcome === "error").map(where)).toEqual([]);
    expect(totalsOf(cells)).toMatchObject({
      checkoutErrors: 0,
      duplicateLabels: 0,
      lostOrOrphaned: 0,
      late: 0,
      unclear: 0,
      notRecovered: 0,
    });
  });

  it("finishes every purchase the fault stopped when the merchant asks again, with one label per parcel", () => {
    const stopped = cells.filter((c) => c.operation.startsWith("buy") && c.outcome !== "answered");
    expect(stopped.length).toBeGreaterThan(0);
    for (const c of stopped) {
      expect(c.askedAgain?.detail).toMatch(c.operation === "buy 1 label" ? /^1 label/ : /^3 label/);
      expect(c.askedAgain).toMatchObject({ duplicateLabels: 0, lostOrOrphaned: 0 });
    }
  });

  it("meets the faults it claims: 7314 on the retry of a create, the throttle, hung calls closed by the client", () => {
    for (const c of cells.filter((x) => x.fault === "7314 on retry" && x.applicable))
      expect([where(c), c.evidence.some((e) => e.startsWith("7314 met"))]).toEqual([where(c), true]);
    for (const c of cells.filter((x) => x.fault === "throttled"))
      expect([where(c), c.evidence.some((e) => e.includes("refused by the throttle"))]).toEqual([
        where(c),
        true,
      ]);
    for (const c of cells.filter((x) => x.fault === "hang"))
      expect([where(c), c.evidence.some((e) => e.startsWith("hung calls closed"))]).toEqual([where(c), true]);
  });

  it("refuses with Canada Post's code and words when it refused, and names the throttle", () => {
    for (const c of cells.filter((x) => x.fault === "throttled" && x.outcome === "refused"))
      expect(c.detail).toContain("Rejected by SLM Monitor");
    const checkout = cells.filter((c) => c.operation === "price a cart" && c.applicable);
    for (const c of checkout) expect(c.detail).toMatch(/^fallback: DOM\.EP 19\.99/);
  });
});
