/**
 * Get Rates answers per second from the local simulator over loopback: undici keep-alive, 32 concurrent
 * callers for about 8 s, XSD validation on (as in every test run). Run with `npx tsx bench/simulator-rates.ts`.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { cpus, loadavg, totalmem } from "node:os";
import { join } from "node:path";
import { Agent, request } from "undici";
import { startSimulator } from "../src/simulator";
import { xsdValidationAvailable } from "../src/simulator/validate";

const MT = "application/vnd.cpc.ship.rate-v4+xml";
const BODY = `<?xml version="1.0" encoding="UTF-8"?><mailing-scenario xmlns="http://www.canadapost.ca/ws/ship/rate-v4"><customer-number>1234567</customer-number><contract-id>42708517</contract-id><options><option><option-code>COV</option-code><option-amount>250.00</option-amount></option></options><parcel-characteristics><weight>2.500</weight><dimensions><length>40.0</length><width>30.0</width><height>20.0</height></dimensions></parcel-characteristics><origin-postal-code>K2B8J6</origin-postal-code><destination><domestic><postal-code>M5V3L9</postal-code></domestic></destination></mailing-scenario>`;

export interface SimulatorRatesResult {
  name: "simulator-rates";
  requestsPerSecond: number;
  requests: number;
  errors: number;
  durationMs: number;
  concurrency: number;
  latencyMs: { p50: number; p95: number; p99: number };
  xsdValidation: boolean;
  machine: {
    cpus: number;
    cpuModel: string;
    memoryGb: number;
    node: string;
    platform: string;
    /** 1-minute load average when the run began: other work on the machine lowers the figure. */
    loadAverage: number;
  };
  date: string;
}

export async function run(
  opts: { durationMs?: number; concurrency?: number } = {},
): Promise<SimulatorRatesResult> {
  const durationMs = opts.durationMs ?? 8_000;
  const loadAverage = Math.round(loadavg()[0]! * 100) / 100;
  const concurrency = opts.concurrency ?? 32;
  // Limits far above the load: this measures the simulator, not Canada Post's throttle.
  const sim = await startSimulator({ settings: { throttle: { rating: 10_000_000 }, validateXsd: true } });
  const agent = new Agent({ connections: concurrency, keepAliveTimeout: 10_000 });
  const headers = {
    authorization: `Basic ${Buffer.from(`${sim.settings.username}:${sim.settings.password}`).toString("base64")}`,
    accept: MT,
    "content-type": MT,
  };
  const latencies: number[] = [];
  let errors = 0;
  const once = async () => {
    const start = performance.now();
    const res = await request(`${sim.url}/rs/ship/price`, {
      method: "POST",
      headers,
      body: BODY,
      dispatcher: agent,
    });
    const text = await res.body.text();
    if (res.statusCode !== 200 || !text.includes("<price-quotes")) errors++;
    latencies.push(performance.now() - start);
  };
  try {
    for (let i = 0; i < 200; i++) await once(); // warm up
    latencies.length = 0;
    errors = 0;
    const began = performance.now();
    const deadline = began + durationMs;
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (performance.now() < deadline) await once();
      }),
    );
    const elapsed = performance.now() - began;
    latencies.sort((a, b) => a - b);
    const pct = (p: number) =>
      Math.round(latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * p))]! * 100) / 100;
    return {
      name: "simulator-rates",
      requestsPerSecond: Math.round((latencies.length / elapsed) * 1000),
      requests: latencies.length,
      errors,
      durationMs: Math.round(elapsed),
      concurrency,
      latencyMs: { p50: pct(0.5), p95: pct(0.95), p99: pct(0.99) },
      xsdValidation: xsdValidationAvailable(),
      machine: {
        cpus: cpus().length,
        cpuModel: cpus()[0]?.model ?? "unknown",
        memoryGb: Math.round(totalmem() / 2 ** 30),
        node: process.version,
        platform: `${process.platform}-${process.arch}`,
        loadAverage,
      },
      date: new Date().toISOString(),
    };
  } finally {
    await agent.close();
    await sim.close();
  }
}

if (require.main === module) {
  run()
    .then((result) => {
      const dir = join(__dirname, "results");
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, "simulator-rates.json"), `${JSON.stringify(result, null, 2)}\n`);
      console.log(JSON.stringify(result, null, 2));
    })
    .catch((e: unknown) => {
      console.error(e);
      process.exitCode = 1;
    });
}
