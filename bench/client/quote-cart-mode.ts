import { createClientContext } from "../../src/canada-post";
import { createShipping } from "../../src/shipping/create-shipping";
import { ACCOUNT, postalCode } from "./fixtures";
import type { Mode } from "./modes";

/* quoteCart through the shipping core's one entry (createShipping), as a platform calls it at checkout. */

/**
 * A miss asks for a destination never asked before with the same lines, as a shopper typing an address does
 * (the lines' packing is kept); "miss, new lines" names the line anew each time, so that it is packed too.
 */
export type QuoteCartKind = "miss" | "miss, new lines" | "hit";

export async function openQuoteCart(stubUrl: string, kind: QuoteCartKind): Promise<Mode> {
  const ctx = createClientContext({ ...ACCOUNT, baseUrl: stubUrl, connections: 32 });
  const core = createShipping({ settings: { origin: { postalCode: "K2B 8J6" } }, canadaPost: ctx });
  const mug = { id: "mug", quantity: 2, weight: 0.4, length: 12, width: 10, height: 10 };
  const lines = [mug];
  const quote = async (n: number, expected: "canada-post" | "cache") => {
    const r = await core.rates.quoteCart({
      lines: kind === "miss, new lines" ? [{ ...mug, id: `mug-${n}` }] : lines,
      destination: { country: "CA", postalCode: postalCode(n) },
    });
    if (r.source !== expected || r.quotes.length === 0) {
      throw new Error(
        `quoteCart ${kind}: expected quotes from ${expected}, got ${r.source} (${r.reason ?? ""})`,
      );
    }
  };
  if (kind === "hit") {
    await quote(0, "canada-post");
    // The cart is kept once its callers have their answer, on the event loop's next turn: a server's loop
    // turns between requests, while the hits below, answered from memory, would never let it.
    await new Promise((turned) => setImmediate(turned));
  }
  return {
    // A miss asks for a destination never asked before; a hit asks for the first one again.
    call: (i) => (kind === "hit" ? quote(0, "cache") : quote(i + 1, "canada-post")),
    upstreamCallsPerCall: kind === "hit" ? 0 : 1,
    close: () => ctx.close(),
  };
}
