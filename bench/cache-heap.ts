import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { createClientContext, MediaType } from "../src/canada-post";
import { createShipping } from "../src/shipping/create-shipping";
import { ACCOUNT, GET_RATES_ANSWER, postalCode } from "./client/fixtures";

/**
 * The heap a cached checkout keeps: carts priced for destinations never asked before, through the shipping
 * core's one entry, each kept by the cart cache and its parcel's prices by the quote cache; the heap after a
 * full collection, before and after. Fewer carts than either cache's bound, so nothing is evicted. Canada
 * Post is a loopback server in this process answering the seed's Get Rates (the simulator would keep a log of
 * its own in the heap measured, and throttle).
 */
export async function run(carts = 800) {
  setFlagsFromString("--expose-gc");
  const gc = runInNewContext("gc") as () => void;
  const answer = Buffer.from(GET_RATES_ANSWER);
  const server = createServer((req, res) => {
    req.resume();
    req.on("end", () => res.writeHead(200, { "content-type": MediaType.rate }).end(answer));
  });
  await new Promise<void>((ready) => server.listen(0, "127.0.0.1", ready));
  const canadaPost = createClientContext({
    ...ACCOUNT,
    baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
  });
  const core = createShipping({ settings: { origin: { postalCode: "K2B 8J6" } }, canadaPost });
  const lines = [{ id: "mug", quantity: 2, weight: 0.4, length: 12, width: 10, height: 10 }];
  let n = 1;
  const quote = async () => {
    const r = await core.rates.quoteCart({
      lines,
      destination: { country: "CA", postalCode: postalCode(n++) },
    });
    if (r.source !== "canada-post")
      throw new Error(`expected a fresh quote, got ${r.source} (${r.reason ?? ""})`);
  };
  // The first carts warm the code (and its own allocations) up before the heap is read.
  for (let i = 0; i < 100; i++) await quote();
  gc();
  gc();
  const before = process.memoryUsage().heapUsed;
  for (let i = 0; i < carts; i++) await quote();
  gc();
  gc();
  const bytesPerCart = Math.round((process.memoryUsage().heapUsed - before) / carts);
  await canadaPost.close();
  await new Promise((closed) => server.close(closed));
  return { carts, bytesPerCart };
}
