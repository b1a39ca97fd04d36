import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startSimulator, type FaultRule, type LogEntry, type RunningSimulator } from "../../../src/simulator";

/**
 * One Canada Post simulator per Medusa suite, started before the app boots and handed to medusa-config.ts
 * through the CANADA_POST_* variables it reads, with its controls for the assertions.
 */
export interface SuiteSimulator {
  sim: RunningSimulator;
  labelsDir: string;
  /** Calls per Canada Post operation since the last clearRequests(). */
  calls(): Promise<Record<string, number>>;
  /** The log itself: each call's operation and status. */
  requests(): Promise<{ entries: LogEntry[] }>;
  clearRequests(): Promise<void>;
  fault(rule: FaultRule): Promise<void>;
  clearFaults(): Promise<void>;
  stop(): Promise<void>;
}

const ENV_KEYS = [
  "CANADA_POST_USERNAME",
  "CANADA_POST_PASSWORD",
  "CANADA_POST_CUSTOMER_NUMBER",
  "CANADA_POST_CONTRACT_ID",
  "CANADA_POST_BASE_URL",
  "CANADA_POST_LABELS_DIR",
  "MEDUSA_PRIVATE_FILES_DIR",
  "CANADA_POST_QUOTE_DEADLINE_MS",
  "CANADA_POST_FALLBACK_RATES",
  "CANADA_POST_SHIPMENT_MODE",
] as const;

/** Medusa's loaders import() modules, which Jest's sandbox allows only under this Node flag. */
function requireVmModules(): void {
  const flag = "--experimental-vm-modules";
  if (!process.execArgv.includes(flag) && !(process.env.NODE_OPTIONS ?? "").includes(flag))
    throw new Error(
      `The Medusa suites need Node's ${flag}: run them with \`npm test -- test/medusa\` or \`node ${flag} node_modules/jest/bin/jest.js test/medusa\``,
    );
}

export async function startSuiteSimulator(
  extraEnv: Partial<Record<(typeof ENV_KEYS)[number], string>> = {},
): Promise<SuiteSimulator> {
  requireVmModules();
  const sim = await startSimulator({ host: "127.0.0.1", port: 0 });
  const labelsDir = mkdtempSync(join(tmpdir(), "cp-medusa-labels-"));
  const saved = Object.fromEntries(ENV_KEYS.map((k) => [k, process.env[k]]));
  Object.assign(process.env, {
    CANADA_POST_USERNAME: sim.settings.username,
    CANADA_POST_PASSWORD: sim.settings.password,
    CANADA_POST_CUSTOMER_NUMBER: sim.settings.customerNumber,
    CANADA_POST_CONTRACT_ID: sim.settings.contractId,
    CANADA_POST_BASE_URL: sim.url,
    CANADA_POST_LABELS_DIR: labelsDir,
    // Labels are kept in Medusa's File Module: its private files go to the suite's scratch folder too.
    MEDUSA_PRIVATE_FILES_DIR: labelsDir,
    ...extraEnv,
  });

  const control = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${sim.url}/__simulator/${path}`, {
      method,
      headers: body === undefined ? undefined : { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = (await res.json()) as Record<string, unknown>;
    if (!res.ok)
      throw new Error(`simulator control ${method} ${path}: ${res.status} ${JSON.stringify(json)}`);
    return json;
  };

  return {
    sim,
    labelsDir,
    requests: async () => (await control("GET", "requests")) as unknown as { entries: LogEntry[] },
    calls: async () => (await control("GET", "requests")).byOperation as Record<string, number>,
    clearRequests: async () => void (await control("DELETE", "requests")),
    fault: async (rule) => void (await control("POST", "faults", rule)),
    clearFaults: async () => void (await control("DELETE", "faults")),
    stop: async () => {
      for (const k of ENV_KEYS) {
        if (saved[k] === undefined) delete process.env[k];
        else process.env[k] = saved[k];
      }
      await sim.close();
      rmSync(labelsDir, { recursive: true, force: true });
    },
  };
}

/**
 * Canada Post's own price (`due`, CAD) of each service for one parcel, asked of the simulator directly with
 * a mailing scenario written here (not the client's, not the core's): what a checkout amount must add up to
 * when the merchant sets no pricing rules.
 */
export async function dueFromSimulator(
  cp: SuiteSimulator,
  parcel: { weight: number; dimensions: { length: number; width: number; height: number } },
  to: { postalCode: string },
): Promise<Map<string, number>> {
  const s = cp.sim.settings;
  const [length, width, height] = [
    parcel.dimensions.length,
    parcel.dimensions.width,
    parcel.dimensions.height,
  ]
    .sort((a, b) => b - a)
    .map((n) => n.toFixed(1));
  const body =
    `<?xml version="1.0" encoding="UTF-8"?><mailing-scenario xmlns="http://www.canadapost.ca/ws/ship/rate-v4">` +
    `<customer-number>${s.customerNumber}</customer-number><contract-id>${s.contractId}</contract-id>` +
    `<parcel-characteristics><weight>${parcel.weight.toFixed(3)}</weight>` +
    `<dimensions><length>${length}</length><width>${width}</width><height>${height}</height></dimensions>` +
    `</parcel-characteristics><origin-postal-code>K2B8J6</origin-postal-code>` +
    `<destination><domestic><postal-code>${to.postalCode.replace(/\s/g, "")}</postal-code></domestic></destination>` +
    `</mailing-scenario>`;
  const res = await fetch(`${cp.sim.url}/rs/ship/price`, {
    method: "POST",
    headers: {
      authorization: `Basic ${Buffer.from(`${s.username}:${s.password}`).toString("base64")}`,
      accept: "application/vnd.cpc.ship.rate-v4+xml",
      "content-type": "application/vnd.cpc.ship.rate-v4+xml",
    },
    body,
  });
  const xml = await res.text();
  if (!res.ok) throw new Error(`simulator Get Rates: ${res.status} ${xml}`);
  const dues = new Map<string, number>();
  for (const quote of xml.split("<price-quote>").slice(1)) {
    const code = /<service-code>([^<]+)<\/service-code>/.exec(quote)?.[1];
    const due = /<due>([^<]+)<\/due>/.exec(quote)?.[1];
    if (code && due) dues.set(code, Number(due));
  }
  return dues;
}
