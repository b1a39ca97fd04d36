/**
 * The fault matrix's columns: each simulator fault as rules for the simulator's controls, aimed at the one
 * Canada Post call an operation depends on, and the throttle reached the way it is in production: the API
 * key's minute budget for that group of calls spent by other calls first, at Canada Post's default limits.
 */
import type { FaultRule } from "../../src/simulator";

export type FaultName = "latency" | "5xx" | "reset" | "malformed" | "hang" | "throttled" | "7314 on retry";

export const FAULTS: readonly FaultName[] = [
  "latency",
  "5xx",
  "reset",
  "malformed",
  "hang",
  "throttled",
  "7314 on retry",
];

export const FAULT_DESCRIPTIONS: Record<FaultName, string> = {
  latency:
    "every matching call answered late, past the deadline (1.5 × the client's timeout; checkout's deadline + 500 ms)",
  "5xx": "every matching call answered 500 with Canada Post's envelope (code Server)",
  reset: "every matching call's connection destroyed without an answer",
  malformed: "every matching call answered 200 with a truncated XML document",
  hang: "every matching call never answered",
  throttled:
    "the API key's minute budget for the call's group spent first (Canada Post's default limits): Rejected by SLM Monitor",
  "7314 on retry":
    "a create held unanswered and done at Canada Post after the client gave up and looked for it in vain, so the client's retry meets 7314 Request ID already exists",
};

/** Where an operation meets Canada Post: the call a fault is aimed at. */
export interface Target {
  path: string;
  method: string;
  /** Matching calls let through first (e.g. 1: the second parcel's create is the one that fails). */
  after?: number;
  /** The throttle group of that call, and a cheap call of the same group that spends its budget. */
  group: ThrottleGroupName;
}

export type ThrottleGroupName = "rating" | "shipment" | "voidRefund" | "manifest" | "tracking";

/** Canada Post's default per-minute limits (DESIGN.md), which the simulator applies. */
export const DEFAULT_LIMITS: Record<ThrottleGroupName, number> = {
  rating: 840,
  shipment: 646,
  voidRefund: 468,
  manifest: 730,
  tracking: 20,
};

export interface Timing {
  /** The client's deadline per call (CanadaPostConfig.timeoutMs). */
  timeoutMs: number;
  /** Checkout's deadline (settings.quotes.deadlineMs). */
  checkoutDeadlineMs: number;
}

/** The simulator rules for one fault on one target; undefined for 7314 where no create is on the path. */
export function rulesFor(fault: FaultName, target: Target, timing: Timing, checkout: boolean): FaultRule[] {
  const at = { path: target.path, method: target.method, ...(target.after ? { after: target.after } : {}) };
  switch (fault) {
    case "latency":
      return [
        {
          ...at,
          latencyMs: checkout ? timing.checkoutDeadlineMs + 500 : Math.round(timing.timeoutMs * 1.5),
        },
      ];
    case "5xx":
      return [{ ...at, status: 500 }];
    case "reset":
      return [{ ...at, reset: true }];
    case "malformed":
      return [{ ...at, malformed: true }];
    case "hang":
      return [{ ...at, hang: true }];
    case "throttled":
      return [];
    case "7314 on retry":
      // The first create is held unanswered: the client gives up at its deadline and looks for it in vain;
      // it is done at Canada Post just before the client's second create arrives, which is refused with
      // 7314. Held rather than delayed, so that a busy machine cannot reorder the three calls.
      return [{ ...at, doneBeforeNext: true, latencyMs: timing.timeoutMs * 3, times: 1 }];
  }
}

/** How long after the operation answers a call it sent, delayed by these rules, may still be done at Canada Post. */
export function settleMs(rules: readonly FaultRule[]): number {
  return rules.reduce((max, r) => Math.max(max, (r.latencyMs ?? 0) + 200), 0);
}

/** A call of the group that costs the simulator nothing but is counted by its throttle. */
export function budgetCall(group: ThrottleGroupName, customer: string): { method: string; path: string } {
  switch (group) {
    case "rating":
      return { method: "GET", path: "/rs/ship/service/DOM.EP" };
    case "shipment":
      return { method: "GET", path: `/rs/${customer}/${customer}/shipment/0000000000000000` };
    case "voidRefund":
      return { method: "DELETE", path: `/rs/${customer}/${customer}/shipment/0000000000000000` };
    case "manifest":
      return { method: "GET", path: `/rs/${customer}/${customer}/manifest/0000000000` };
    case "tracking":
      return { method: "GET", path: "/vis/track/pin/0000000000000000/detail" };
  }
}
