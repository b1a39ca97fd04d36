/**
 * The fault matrix: every simulator fault against every operation a shopper, a merchant or the platform's
 * job triggers, through the shipping core's one entry on a fresh simulator (Canada Post's default limits),
 * with the platform's records in memory. Each cell starts from an empty simulator, sets up what the
 * operation needs, injects the fault, runs the operation once, lets calls still in flight finish at the
 * simulator, and audits Canada Post's shipments against the records. A purchase that did not finish is
 * asked again with the fault gone, as a merchant would, and audited again.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { monitorEventLoopDelay, performance } from "node:perf_hooks";
import {
  CanadaPostError,
  CanadaPostTransportError,
  createClientContext,
  type ClientContextHandle,
} from "../../src/canada-post";
import { ManifestAnswerLostError } from "../../src/shipping/manifests";
import { ShipmentPurchaseError } from "../../src/shipping/shipments";
import { DEFAULT_PAGE_DEADLINE_MS } from "../../src/shipping/tracking-service";
import { startSimulator, type FaultRule, type LogEntry, type RunningSimulator } from "../../src/simulator";
import { MAPLE_GOODS_ORIGIN, SIMULATOR_ACCOUNT } from "../../test/support/merchant";
import {
  budgetCall,
  DEFAULT_LIMITS,
  FAULTS,
  rulesFor,
  settleMs,
  type FaultName,
  type Timing,
} from "./faults";
import { OPERATIONS, prepare, type OperationName, type World } from "./operations";

export interface CellResult {
  operation: OperationName;
  fault: FaultName;
  /** Not on this operation's path (7314 where nothing is created). */
  applicable: boolean;
  outcome: "answered" | "refused" | "unanswered" | "error";
  /** What the caller got: the answer, or the error's code and words. */
  detail: string;
  /** An exception reaching quoteCart's caller (fallback rates and "no price" are answers). */
  checkoutErrors: number;
  /** Shipments Canada Post sold beyond one per parcel. */
  duplicateLabels: number;
  /** Labels Canada Post holds that the records lack, records of labels it does not hold, records whose status is wrong. */
  lostOrOrphaned: number;
  problems: string[];
  ms: number;
  boundMs: number;
  /**
   * The longest the event loop was held up while the operation ran (the simulators share it, and CI runs
   * other suites beside): time no code of the operation could act in, which its bound does not count.
   */
  stallMs: number;
  /** A purchase asked again once the fault was gone: what it answered, and the audit after it. */
  askedAgain?: { detail: string; duplicateLabels: number; lostOrOrphaned: number };
  /** Evidence from the simulator's log (7314 met, calls abandoned on their sockets). */
  evidence: string[];
}

export interface MatrixOptions {
  timing?: Partial<Timing>;
  operations?: readonly OperationName[];
  faults?: readonly FaultName[];
  /** Simulators run side by side (4 by default). */
  lanes?: number;
  onCell?: (cell: CellResult) => void;
}

const CUSTOMER = SIMULATOR_ACCOUNT.customerNumber;
const AUTH = `Basic ${Buffer.from("sim-user:sim-password").toString("base64")}`;

/** Whether an operation answered after its bound, the event loop's stalls aside. */
export const isLate = (c: Pick<CellResult, "ms" | "boundMs" | "stallMs">) => c.ms - c.stallMs > c.boundMs;

/** The stated time bound of each operation, from the client's timeout: calls on its path × attempts. */
export function boundMs(op: OperationName, t: Timing): number {
  const attempts = 3; // retries 2
  switch (op) {
    case "price a cart":
      return t.checkoutDeadlineMs + 200; // the deadline, and the slack of a busy event loop
    case "buy 1 label":
      return 2 * attempts * t.timeoutMs + 2_000; // creates and their lookups, then the price and label reads
    case "buy 3 labels":
      return 2 * (2 * attempts * t.timeoutMs + 2_000);
    case "void":
    case "refund":
    case "transmit":
      return 2 * attempts * t.timeoutMs + 1_000;
    case "tracking job":
      return attempts * t.timeoutMs + 1_000;
    case "store tracking":
      return DEFAULT_PAGE_DEADLINE_MS + 200; // a customer's page has a deadline of its own
  }
}

export async function runMatrix(
  options: MatrixOptions = {},
): Promise<{ cells: CellResult[]; timing: Timing }> {
  const timing: Timing = { timeoutMs: 1000, checkoutDeadlineMs: 1000, ...options.timing };
  const ops = options.operations ?? OPERATIONS;
  const faults = options.faults ?? FAULTS;
  // Most cells wait out a timeout: operations run side by side, each lane on a simulator of its own.
  const lanes = Math.max(1, Math.min(options.lanes ?? 4, ops.length));
  const done = await Promise.all(
    Array.from({ length: lanes }, (_, lane) =>
      runLane(
        ops.filter((_, i) => i % lanes === lane),
        faults,
        timing,
        `l${lane + 1}`,
        options.onCell,
      ),
    ),
  );
  const all = done.flat();
  const cells = ops.flatMap((op) =>
    faults.map((fault) => all.find((c) => c.operation === op && c.fault === fault)!),
  );
  return { cells, timing };
}

async function runLane(
  ops: readonly OperationName[],
  faults: readonly FaultName[],
  timing: Timing,
  lane: string,
  onCell?: (cell: CellResult) => void,
): Promise<CellResult[]> {
  const sim = await startSimulator({ port: 0 });
  const ctx = createClientContext({
    ...SIMULATOR_ACCOUNT,
    baseUrl: sim.url,
    timeoutMs: timing.timeoutMs,
    retries: 2,
    retryDelayMs: 50,
  });
  const labelsDir = await mkdtemp(join(tmpdir(), "fault-matrix-"));
  const world: World = { ctx, customer: CUSTOMER, labelsDir, timing, origin: MAPLE_GOODS_ORIGIN };
  const cells: CellResult[] = [];
  try {
    let n = 0;
    for (const op of ops)
      for (const fault of faults) {
        const cell = await runCell(sim, ctx, world, op, fault, `order_${lane}_${++n}`);
        cells.push(cell);
        onCell?.(cell);
      }
  } finally {
    await ctx.close();
    await sim.close();
    await rm(labelsDir, { recursive: true, force: true });
  }
  return cells;
}

async function control(
  sim: RunningSimulator,
  method: string,
  path: string,
  body?: unknown,
): Promise<unknown> {
  const res = await fetch(`${sim.url}/__simulator/${path}`, {
    method,
    headers: { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`simulator control ${method} ${path}: ${res.status} ${await res.text()}`);
  return res.json();
}

/** Spends the group's whole minute budget, as other calls on the same API key would. */
async function spendBudget(sim: RunningSimulator, group: keyof typeof DEFAULT_LIMITS): Promise<void> {
  const call = budgetCall(group, CUSTOMER);
  let left = DEFAULT_LIMITS[group];
  const worker = async () => {
    while (left-- > 0)
      await fetch(`${sim.url}${call.path}`, { method: call.method, headers: { authorization: AUTH } }).then(
        (r) => r.arrayBuffer(),
      );
  };
  await Promise.all(Array.from({ length: 8 }, worker));
}

async function runCell(
  sim: RunningSimulator,
  ctx: ClientContextHandle,
  world: World,
  op: OperationName,
  fault: FaultName,
  orderId: string,
): Promise<CellResult> {
  await control(sim, "POST", "reset");
  const cell = await prepare(op, world, orderId);
  const base = { operation: op, fault, boundMs: boundMs(op, world.timing), evidence: [] as string[] };
  const creates = cell.target.path.endsWith("/shipment$") && cell.target.method === "POST";
  if (fault === "7314 on retry" && !creates)
    return {
      ...base,
      applicable: false,
      outcome: "answered",
      detail: "no create on this path",
      checkoutErrors: 0,
      duplicateLabels: 0,
      lostOrOrphaned: 0,
      problems: [],
      ms: 0,
      stallMs: 0,
    };

  const rules: FaultRule[] = rulesFor(fault, cell.target, world.timing, cell.checkout);
  await control(sim, "DELETE", "requests");
  if (fault === "throttled") await spendBudget(sim, cell.target.group);
  for (const rule of rules) await control(sim, "POST", "faults", rule);

  const loop = monitorEventLoopDelay({ resolution: 10 });
  loop.enable();
  const t0 = performance.now();
  let outcome: CellResult["outcome"] = "answered";
  let detail: string;
  try {
    detail = await cell.run();
  } catch (e) {
    ({ outcome, detail } = classify(e));
  }
  const ms = performance.now() - t0;
  loop.disable();
  const stallMs = loop.count > 0 ? loop.max / 1e6 : 0;
  // Calls the client gave up on may still be done at Canada Post: let them finish before counting.
  await new Promise((r) => setTimeout(r, settleMs(rules)));
  const log = ((await control(sim, "GET", "requests")) as { entries: LogEntry[] }).entries;
  const audit = await auditOrder(sim, cell.records, orderId, cell.parcels);
  const evidence = evidenceOf(log, fault);

  let askedAgain: CellResult["askedAgain"];
  if (outcome !== "answered" && cell.again) {
    await control(sim, "DELETE", "faults");
    await control(sim, "POST", "clock", { advanceMs: 61_000 }); // a minute later: the throttle's window has passed
    let again: string;
    try {
      again = await cell.again();
    } catch (e) {
      again = `${classify(e).outcome}: ${classify(e).detail}`;
    }
    const after = await auditOrder(sim, cell.records, orderId, cell.parcels);
    askedAgain = { detail: again, duplicateLabels: after.duplicates, lostOrOrphaned: after.problems.length };
  }
  return {
    ...base,
    applicable: true,
    outcome,
    detail,
    checkoutErrors: cell.checkout && outcome !== "answered" ? 1 : 0,
    duplicateLabels: audit.duplicates,
    lostOrOrphaned: audit.problems.length,
    problems: audit.problems,
    ms,
    stallMs,
    askedAgain,
    evidence,
  };
}

/** The caller's view of a failure: Canada Post's code and words, or that it did not answer, or neither. */
export function classify(e: unknown): { outcome: CellResult["outcome"]; detail: string } {
  if (e instanceof ShipmentPurchaseError) {
    const f = e.failed[0];
    if (f?.code)
      return { outcome: "refused", detail: `${f.code} ${f.description} (bought ${e.bought.length})` };
    if (f?.error instanceof CanadaPostTransportError)
      return {
        outcome: "unanswered",
        detail: `${f.error.reason}: ${f.description} (bought ${e.bought.length})`,
      };
    return { outcome: "error", detail: e.message };
  }
  if (e instanceof CanadaPostError) {
    const m = e.messages[0];
    return m
      ? { outcome: "refused", detail: `${m.code} ${m.description}` }
      : { outcome: "error", detail: e.message };
  }
  if (e instanceof CanadaPostTransportError)
    return { outcome: "unanswered", detail: `${e.reason}: ${e.message}` };
  // Canada Post did it, its answer never came: the records were set to what it did.
  if (e instanceof ManifestAnswerLostError) return { outcome: "unanswered", detail: e.message };
  return { outcome: "error", detail: e instanceof Error ? `${e.name}: ${e.message}` : String(e) };
}

/** Canada Post's shipments of the order against the platform's records of it. */
async function auditOrder(
  sim: RunningSimulator,
  records: { ofOrder(orderId: string): Promise<import("../../src/shipping/shipments").ShipmentRecord[]> },
  orderId: string,
  parcels: number,
): Promise<{ duplicates: number; problems: string[] }> {
  const held = sim.store.shipmentsOf(CUSTOMER, "contract").filter((s) => s.customerRef1 === orderId);
  const kept = await records.ofOrder(orderId);
  const problems: string[] = [];
  const byId = new Map(kept.map((r) => [r.shipmentId, r]));
  for (const s of held) {
    const r = byId.get(s.shipmentId);
    if (!r) {
      problems.push(
        `orphaned: Canada Post holds ${s.shipmentId} (${s.customerRequestId}), the records do not`,
      );
      continue;
    }
    const expected = s.refund ? "refund_requested" : s.status;
    if (r.status !== expected)
      problems.push(
        `wrong status: ${s.shipmentId} is ${expected} at Canada Post, ${r.status} in the records`,
      );
  }
  const heldIds = new Set(held.map((s) => s.shipmentId));
  for (const r of kept)
    if (r.status !== "voided" && !heldIds.has(r.shipmentId))
      problems.push(`lost: the records keep ${r.shipmentId} (${r.status}), Canada Post holds no such label`);
  return { duplicates: Math.max(0, held.length - parcels), problems };
}

function evidenceOf(log: LogEntry[], fault: FaultName): string[] {
  const out: string[] = [];
  const refused7314 = log.filter((e) => e.operation === "CreateShipment" && e.codes?.includes("7314")).length;
  if (refused7314) out.push(`7314 met ${refused7314}×`);
  const closed = log.flatMap((e) => (e.clientClosedAfterMs === undefined ? [] : [e.clientClosedAfterMs]));
  if (fault === "hang" && closed.length)
    out.push(`hung calls closed by the client after ${closed.join(", ")} ms`);
  const throttled = log.filter((e) => e.status === 503 && !e.path.includes("0000000000")).length;
  if (fault === "throttled" && throttled) out.push(`${throttled} call(s) refused by the throttle`);
  return out;
}
