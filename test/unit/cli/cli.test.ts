import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { main } from "../../../src/cli/main";
import { startSimulator, type RunningSimulator } from "../../../src/simulator";
import { contractShipment, manifestAddress } from "../../contract/support";

/** The `canada-post` command line run in-process, against one simulator named by CANADA_POST_* variables. */

let sim: RunningSimulator;
let dir: string;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  sim = await startSimulator();
  dir = await mkdtemp(join(tmpdir(), "canada-post-cli-"));
  env = {
    CANADA_POST_USERNAME: sim.settings.username,
    CANADA_POST_PASSWORD: sim.settings.password,
    CANADA_POST_CUSTOMER_NUMBER: sim.settings.customerNumber,
    CANADA_POST_CONTRACT_ID: sim.settings.contractId,
    CANADA_POST_BASE_URL: sim.url,
  };
});
afterAll(async () => {
  await sim.close();
  await rm(dir, { recursive: true, force: true });
});

async function cli(argv: string[], environment: NodeJS.ProcessEnv = env) {
  let out = "";
  let err = "";
  const code = await main(argv, {
    stdout: (t) => void (out += t),
    stderr: (t) => void (err += t),
    env: environment,
  });
  return { code, out, err };
}
const RATES = ["rates", "--from", "K2B8J6", "--to", "J0E1X0", "--weight", "2"];

async function writeJson(name: string, value: unknown): Promise<string> {
  const file = join(dir, name);
  await writeFile(file, JSON.stringify(value));
  return file;
}

async function createdShipment(
  input = contractShipment(),
): Promise<{ shipmentId: string; trackingPin: string }> {
  const r = await cli([
    "shipment",
    "create",
    await writeJson(`s-${Date.now()}-${Math.random()}.json`, input),
    "--json",
  ]);
  expect(r.code).toBe(0);
  return JSON.parse(r.out) as { shipmentId: string; trackingPin: string };
}

describe("rating commands", () => {
  it("prints rates as a table, cheapest first, with nothing on stderr", async () => {
    const r = await cli(RATES);
    expect(r.code).toBe(0);
    expect(r.err).toBe("");
    const lines = r.out.trim().split("\n");
    expect(lines[0]).toMatch(/^Service\s+Code\s+Due\s+Base/);
    expect(r.out).toContain("DOM.EP");
    const dues = lines.slice(2).map((l) => Number(/\$(\d+\.\d\d)/.exec(l)![1]));
    expect(dues).toEqual([...dues].sort((a, b) => a - b));
  });

  it("prints only parseable JSON on stdout with --json", async () => {
    const r = await cli([...RATES, "--json", "--service", "DOM.EP"]);
    expect(r.code).toBe(0);
    const quotes = JSON.parse(r.out) as { serviceCode: string; priceDetails: { due: number } }[];
    expect(quotes.map((q) => q.serviceCode)).toEqual(["DOM.EP"]);
    expect(quotes[0]!.priceDetails.due).toBeGreaterThan(0);
  });

  it("lists services, describes a service and an option", async () => {
    const services = await cli(["services", "--country", "JP"]);
    expect(services.code).toBe(0);
    expect(services.out).toContain("INT.XP");
    expect(services.out).not.toContain("DOM.EP");
    const service = await cli(["service", "DOM.EP"]);
    expect(service.out).toMatch(/Density factor\s+6000/);
    expect(service.out).toContain("DC");
    const option = await cli(["option", "SO", "--json"]);
    expect(JSON.parse(option.out)).toMatchObject({ optionCode: "SO", prerequisiteOptions: ["DC"] });
  });
});

describe("tracking", () => {
  it("tracks a demo PIN, in a table and as JSON", async () => {
    const r = await cli(["track", "1371134583769923"]);
    expect(r.code).toBe(0);
    expect(r.out).toContain("1496");
    expect(r.out).toContain("Item successfully delivered");
    const summary = await cli(["track", "1371134583769923", "--summary", "--json", "--lang", "fr"]);
    expect(JSON.parse(summary.out)[0]).toMatchObject({ pin: "1371134583769923", eventType: "DELIVERED" });
    expect(summary.out).toContain("Article livré avec succès");
  });

  it("tracks the PIN of a shipment it created", async () => {
    const s = await createdShipment(contractShipment({ groupId: undefined, transmitShipment: true }));
    const r = await cli(["track", s.trackingPin, "--json"]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toMatchObject({ pin: s.trackingPin });
  });
});

describe("shipments and manifests", () => {
  it("creates, gets, saves the label of and voids a shipment", async () => {
    const s = await createdShipment();
    expect(s.shipmentId).toMatch(/^\d{18}$/);
    const got = await cli(["shipment", "get", s.shipmentId]);
    expect(got.out).toMatch(new RegExp(`Tracking PIN\\s+${s.trackingPin}`));
    expect(got.out).toMatch(/Status\s+created/);

    const out = join(dir, "label.pdf");
    const label = await cli(["shipment", "label", s.shipmentId, "--out", out]);
    expect(label.code).toBe(0);
    expect(label.out).toContain(`to ${out}`);
    expect((await readFile(out)).subarray(0, 4).toString("latin1")).toBe("%PDF");

    expect((await cli(["shipment", "void", s.shipmentId])).out).toBe(`Shipment ${s.shipmentId} voided\n`);
    const gone = await cli(["shipment", "get", s.shipmentId]);
    expect(gone.code).toBe(1);
    expect(gone.err).toContain("HTTP 404");
  });

  it("refunds a transmitted shipment once, then prints Canada Post's 7292", async () => {
    const s = await createdShipment(contractShipment({ groupId: undefined, transmitShipment: true }));
    const refund = await cli(["shipment", "refund", s.shipmentId, "--email", "ops@example.com"]);
    expect(refund.code).toBe(0);
    expect(refund.out).toMatch(/Service ticket\s+GT\d+/);
    const again = await cli(["shipment", "refund", s.shipmentId, "--email", "ops@example.com"]);
    expect(again.code).toBe(1);
    expect(again.err).toMatch(/7292: A refund has already been requested/);
  });

  it("transmits a group with an address file and saves the manifest PDF", async () => {
    await createdShipment(contractShipment({ groupId: "cli-group" }));
    const address = await writeJson("address.json", manifestAddress);
    const t = await cli([
      "transmit",
      "--group",
      "cli-group",
      "--from",
      "K2B8J6",
      "--address",
      address,
      "--json",
    ]);
    expect(t.code).toBe(0);
    const [link] = JSON.parse(t.out) as { rel: string; href: string }[];
    expect(link!.rel).toBe("manifest");
    const id = link!.href.split("/").pop()!;

    const pdf = join(dir, "manifest.pdf");
    const m = await cli(["manifest", id, "--out", pdf]);
    expect(m.code).toBe(0);
    expect(m.out).toMatch(/PO number\s+\d{10}/);
    expect((await readFile(pdf)).subarray(0, 4).toString("latin1")).toBe("%PDF");
  });
});

describe("errors", () => {
  it("prints Canada Post's code and description for 9111 and exits 1", async () => {
    const r = await cli(["rates", "--from", "K2B8J6", "--to", "J0E1X0", "--weight", "45"]);
    expect(r.code).toBe(1);
    expect(r.out).toBe("");
    expect(r.err).toContain(
      "9111: No services are appropriate for the shipment of the defined parcel. Validate the parcel criteria against product specifications.",
    );
  });

  it("exits 2 with a clear message for invalid input", async () => {
    const r = await cli(["rates", "--from", "12345", "--to", "J0E1X0", "--weight", "2"]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^Invalid input: .*originPostalCode/);
    const weight = await cli(["rates", "--from", "K2B8J6", "--to", "J0E1X0", "--weight", "abc"]);
    expect(weight.code).toBe(2);
    expect(weight.err).toContain('--weight must be a positive number, got "abc"');
    const dims = await cli([...RATES, "--length", "10"]);
    expect(dims.code).toBe(2);
    expect(dims.err).toContain("give --length, --width and --height together");
    const bad = await cli(["shipment", "create", await writeJson("bad.json", { groupId: "g" })]);
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/deliverySpec/);
  });

  it("exits non-zero naming a missing required option", async () => {
    const r = await cli(["rates", "--from", "K2B8J6", "--to", "J0E1X0"]);
    expect(r.code).not.toBe(0);
    expect(r.err).toMatch(/required option '--weight <kg>' not specified/);
    const refund = await cli(["shipment", "refund", "123"]);
    expect(refund.code).not.toBe(0);
    expect(refund.err).toContain("--email");
  });
});

describe("built-in simulator", () => {
  it("starts its own simulator with no credentials set, saying so only on stderr", async () => {
    const r = await cli([...RATES, "--json"], {});
    expect(r.code).toBe(0);
    expect(r.err).toMatch(/using the built-in Canada Post simulator at http:\/\/127\.0\.0\.1:\d+/);
    const quotes = JSON.parse(r.out) as { serviceCode: string }[];
    expect(quotes.map((q) => q.serviceCode)).toContain("DOM.EP");
  });

  it("refuses to run without credentials under NODE_ENV=production, naming the variables to set", async () => {
    const r = await cli([...RATES, "--json"], { NODE_ENV: "production" });
    expect(r.code).not.toBe(0);
    expect(r.out).toBe("");
    expect(r.err).toMatch(/CANADA_POST_USERNAME and CANADA_POST_PASSWORD/);
    expect(r.err).toMatch(/CANADA_POST_ENV=simulator/);
    expect(r.err).not.toMatch(/using the built-in Canada Post simulator/);
  });

  it("uses the simulator under NODE_ENV=production when CANADA_POST_ENV=simulator asks for it", async () => {
    const r = await cli([...RATES, "--json"], { NODE_ENV: "production", CANADA_POST_ENV: "simulator" });
    expect(r.code).toBe(0);
    expect(r.err).toMatch(/^CANADA_POST_ENV=simulator: using the built-in Canada Post simulator at http:/);
    expect((JSON.parse(r.out) as unknown[]).length).toBeGreaterThan(0);
    const contradictory = await cli(RATES, { CANADA_POST_ENV: "simulator", CANADA_POST_USERNAME: "u" });
    expect(contradictory.code).not.toBe(0);
    expect(contradictory.err).toMatch(/contradicts a username/);
  });
});
