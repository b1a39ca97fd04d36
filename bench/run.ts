import { mkdirSync, writeFileSync } from "node:fs";
import { cpus, loadavg, totalmem } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { getRates, type CallerSignal } from "../src/canada-post";
import { openCanadaPost } from "../src/runtime/open-canada-post";
import { createShipping } from "../src/shipping/create-shipping";
import { run as cacheHeapBench } from "./cache-heap";
import { markdown as clientMarkdown, run as clientBench } from "./client";
import { run as packingBench } from "./packing";
import { run as quotesBench } from "./quotes";
import { markdown as callbackMarkdown, run as callbackBench } from "./shopify-callback";
import { writeResultsSection } from "./results-file";
import { run as simulatorBench } from "./simulator-rates";

/**
 * Every benchmark in one run, against the simulator on loopback: the simulator's own throughput, what the
 * quote service adds over the raw client call, Get Rates calls for a cart priced per service, the answer
 * time when Canada Post hangs, and packing; then the client against the floor (bench/client: raw undici,
 * one parse, canadapost-api, getRates and quoteCart side by side against a TLS stub), and the Shopify app's
 * carrier callback under autocannon (bench/shopify-callback). Writes bench/results/summary.json,
 * bench/results/client.json, bench/results/shopify-callback.json and bench/RESULTS.md.
 */
async function main() {
  const backend = await openCanadaPost(undefined);
  const rateSource = (input: Parameters<typeof getRates>[1], signal: CallerSignal) =>
    getRates(backend, input, { signal });

  const simulator = await simulatorBench({ durationMs: 6_000 });
  const quotes = await quotesBench({ rateSource, iterations: 300 });
  const cacheHeap = await cacheHeapBench();

  // Canada Post hangs: the checkout must get its answer at the deadline, not later.
  const deadlineMs = 1000;
  const core = createShipping({
    settings: {
      origin: { postalCode: "K2B 8J6" },
      quotes: { deadlineMs, fallbackRates: { "DOM.EP": { amount: 19.99, name: "Expedited" } } },
    },
    canadaPost: backend,
  });
  await fetch(`${backend.baseUrl}/__simulator/faults`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ path: "^/rs/ship/price$", hang: true }),
  });
  const hangTimes: number[] = [];
  for (let i = 0; i < 5; i++) {
    const t0 = performance.now();
    const r = await core.rates.quoteCart({
      lines: [{ id: "x", quantity: 1, weight: 1 + i, length: 20, width: 20, height: 20 }],
      destination: { country: "CA", postalCode: "H2B 1A0" },
    });
    if (r.source !== "fallback") throw new Error(`expected fallback during the hang, got ${r.source}`);
    hangTimes.push(performance.now() - t0);
  }
  const hangWorst = Math.max(...hangTimes);
  const packing = packingBench();
  await backend.close();
  // The Shopify app's carrier callback, in a process of its own with its own simulator, under autocannon.
  const callback = await callbackBench();
  // Last, with the simulator closed: its child processes should share the machine with as little as possible.
  const client = await clientBench();

  const r2 = (n: number) => Math.round(n * 100) / 100;
  const rows = [
    {
      what: "Simulator: Get Rates answers per second (32 concurrent, XSD validation on)",
      figure: `${simulator.requestsPerSecond} /s`,
      target: "not the bottleneck",
      ratio: "-",
    },
    {
      what: "Get Rates calls when one cart (3 parcels, 2 distinct) is priced for 4 services at once",
      figure: String(quotes.perServiceConcurrency.upstreamCalls),
      target: `= ${quotes.perServiceConcurrency.distinctParcels} distinct parcels`,
      ratio: r2(quotes.perServiceConcurrency.upstreamCalls / quotes.perServiceConcurrency.distinctParcels),
    },
    {
      what: "Added time per quote over the raw client call, cache miss (median)",
      figure: `${quotes.missAddedMs.median} ms`,
      target: "≤ 1 ms",
      ratio: r2(quotes.missAddedMs.median / 1),
    },
    {
      what: "Time per quote on a cache hit (median)",
      figure: `${quotes.hitMs.median} ms`,
      target: "≤ 0.05 ms",
      ratio: r2(quotes.hitMs.median / 0.05),
    },
    {
      what: `Time to answer while the simulator hangs (worst of 5, deadline ${deadlineMs} ms)`,
      figure: `${r2(hangWorst)} ms`,
      target: `the deadline, ${deadlineMs} ms`,
      ratio: r2(hangWorst / deadlineMs),
    },
    {
      // The default bounds (5,000 carts, 1,000 parcels' prices) at 5 KB a cart keep the caches near 25 MB.
      what: `Heap kept per cart quote cached (cart and parcel caches, ${cacheHeap.carts} carts)`,
      figure: `${r2(cacheHeap.bytesPerCart / 1024)} KB`,
      target: "≤ 5 KB",
      ratio: r2(cacheHeap.bytesPerCart / 1024 / 5),
    },
    {
      what: "Packing a 200-line cart (median)",
      figure: `${packing.medianMs} ms`,
      target: "≤ 5 ms",
      ratio: r2(packing.medianMs / 5),
    },
  ];
  const machine = {
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model.trim(),
    memoryGb: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    loadAverageAtEnd: r2(loadavg()[0]!),
  };
  const summary = {
    date: new Date().toISOString(),
    machine,
    rows,
    simulator,
    quotes,
    cacheHeap,
    hangTimes,
    packing,
  };
  const dir = join(__dirname, "results");
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "summary.json"), `${JSON.stringify(summary, null, 2)}\n`);
  writeFileSync(join(dir, "client.json"), `${JSON.stringify(client, null, 2)}\n`);
  writeFileSync(join(dir, "shopify-callback.json"), `${JSON.stringify(callback, null, 2)}\n`);
  const md = [
    "## Benchmarks (`npm run bench`)",
    "",
    `Recorded by \`npm run bench\` on ${summary.date.slice(0, 10)}: ${machine.cpus} × ${machine.cpuModel}, ${machine.memoryGb} GiB,`,
    `Node ${machine.node}, load average ${machine.loadAverageAtEnd} at the end. Against the simulator on loopback.`,
    "",
    "| measure | figure | target | ratio |",
    "| --- | --- | --- | --- |",
    ...rows.map((r) => `| ${r.what} | ${r.figure} | ${r.target} | ${r.ratio} |`),
    "",
    "Details in `results/summary.json`.",
    "",
    clientMarkdown(client),
    "Details, every run of every mode, in `results/client.json`.",
    "",
    callbackMarkdown(callback),
  ].join("\n");
  // Its own section of RESULTS.md: the fault matrix's and the load test's are kept as they were recorded.
  await writeResultsSection("bench", md);
  console.log(md);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
