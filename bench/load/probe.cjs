/**
 * `npm run load` loads this into every Node process of the demo store (NODE_OPTIONS=--require, with
 * --expose-gc). Told by SIGUSR2, a process runs a full garbage collection and appends its V8 heap, memory
 * and active handles to CANADA_POST_BENCH_PROBE_DIR/<pid>.jsonl: the load test signals the process that
 * listens on the store's port when it samples, so no collection runs while latency is measured. Without
 * that variable it does nothing. Not part of the package.
 */
const dir = process.env.CANADA_POST_BENCH_PROBE_DIR;
if (dir) {
  const fs = require("node:fs");
  const path = require("node:path");
  const file = path.join(dir, `${process.pid}.jsonl`);
  process.on("SIGUSR2", () => {
    if (typeof global.gc === "function") global.gc();
    const memory = process.memoryUsage();
    const resources = process.getActiveResourcesInfo();
    const kinds = {};
    for (const r of resources) kinds[r] = (kinds[r] ?? 0) + 1;
    const sample = {
      t: Date.now(),
      heapUsed: memory.heapUsed,
      rss: memory.rss,
      external: memory.external,
      handles: resources.length,
      kinds,
    };
    fs.appendFileSync(file, `${JSON.stringify(sample)}\n`);
  });
}
