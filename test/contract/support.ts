import { readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import {
  createClientContext,
  type ClientContextHandle,
  type CanadaPostConfigInput,
  type ManifestAddress,
  type CreateNonContractShipmentInput,
} from "../../src/canada-post";
import type { FaultRule, LogEntry } from "../../src/simulator";
import { startSimulator, type RunningSimulator, type SettingsOverrides } from "../../src/simulator";

/**
 * Contract tests: the real client over loopback HTTP against the real simulator. One simulator and one
 * client context per test file; the simulator's own controls (/__simulator/...) reset it, inject faults,
 * move its clock and show which calls reached it.
 */

export interface Harness {
  sim: RunningSimulator;
  ctx: ClientContextHandle;
}

export interface RequestLogSnapshot {
  total: number;
  byOperation: Record<string, number>;
  entries: LogEntry[];
}

/** Starts a simulator and a client pointed at it before the file's tests, and closes both after. */
export function useSimulator(
  options: { settings?: SettingsOverrides; config?: Partial<CanadaPostConfigInput> } = {},
): Harness {
  const h = {} as Harness;
  beforeAll(async () => {
    h.sim = await startSimulator({ settings: options.settings });
    h.ctx = createClientContext({
      username: h.sim.settings.username,
      password: h.sim.settings.password,
      customerNumber: h.sim.settings.customerNumber,
      contractId: h.sim.settings.contractId,
      baseUrl: h.sim.url,
      retryDelayMs: 10,
      ...options.config,
    });
  });
  afterAll(async () => {
    await h.ctx?.close();
    await h.sim?.close();
  });
  return h;
}

/** Calls one of the simulator's controls and returns its JSON answer. */
export async function control(
  sim: RunningSimulator,
  method: "GET" | "POST" | "DELETE",
  name: string,
  body?: unknown,
): Promise<unknown> {
  const res = await fetch(`${sim.url}/__simulator/${name}`, {
    method,
    headers: body === undefined ? {} : { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json: unknown = await res.json();
  if (!res.ok)
    throw new Error(`simulator control ${method} ${name} answered ${res.status}: ${JSON.stringify(json)}`);
  return json;
}

/** Store, log, faults, throttle windows and clock back to a fresh start. */
export const resetSimulator = (sim: RunningSimulator) => control(sim, "POST", "reset");
export const addFault = (sim: RunningSimulator, rule: FaultRule) => control(sim, "POST", "faults", rule);
export const requestLog = (sim: RunningSimulator) =>
  control(sim, "GET", "requests") as Promise<RequestLogSnapshot>;
export const advanceClock = (sim: RunningSimulator, advance: { advanceMs?: number; advanceDays?: number }) =>
  control(sim, "POST", "clock", advance) as Promise<{ now: string }>;

/** The simulator's "today", YYYY-MM-DD. */
export const simToday = (sim: RunningSimulator) => sim.clock.now().toISOString().slice(0, 10);

export { contractShipment } from "../support/seed-shipment";

export const manifestAddress: ManifestAddress = {
  manifestCompany: "CGI",
  manifestName: "Bob",
  phoneNumber: "514 555 1212",
  addressDetails: {
    addressLine1: "502 MAIN ST N",
    city: "MONTREAL",
    provState: "QC",
    postalZipCode: "H2B1A0",
  },
};

/** A non-contract shipment Ottawa → Toronto. */
export function nonContractShipment(
  overrides: Partial<CreateNonContractShipmentInput> = {},
): CreateNonContractShipmentInput {
  return {
    serviceCode: "DOM.RP",
    sender: {
      name: "John Smith",
      company: "Test Shop",
      contactPhone: "613-555-1212",
      addressDetails: {
        addressLine1: "123 Elm St.",
        city: "Ottawa",
        provState: "ON",
        postalZipCode: "K1P1J1",
      },
    },
    destination: {
      name: "Ann Lee",
      addressDetails: {
        addressLine1: "321 Lake St.",
        city: "Toronto",
        provState: "ON",
        countryCode: "CA",
        postalZipCode: "M5V2T6",
      },
    },
    parcelCharacteristics: { weight: 1.2, dimensions: { length: 25, width: 20, height: 10 } },
    references: { customerRef1: "NC-42" },
    ...overrides,
  };
}

/** Canada Post's documentation: the specification, read-only. */
export const SEEDS_DIR = resolve(__dirname, "../../../shared/seeds");

/** A sample request of a seed (e.g. "004", "mailing-scenario"), exactly as Canada Post printed it. */
export function seedSample(seed: string, root: string): string {
  const file = readdirSync(SEEDS_DIR).find((f) => f.startsWith(`${seed}_`));
  if (!file) throw new Error(`no seed ${seed} in ${SEEDS_DIR}`);
  const text = readFileSync(join(SEEDS_DIR, file), "utf8");
  // The seeds print each sample twice, once with typographic quotes: take the one a parser accepts.
  const m = new RegExp(`<${root} xmlns="[^"]+">[\\s\\S]*?</${root}>`).exec(text);
  if (!m) throw new Error(`no <${root}> sample in seed ${file}`);
  return m[0];
}
