import {
  createClientContext,
  CanadaPostError,
  CanadaPostThrottledError,
  CanadaPostTransportError,
  getRates,
  getService,
  getTrackingSummary,
} from "../../src/canada-post";
import { addFault, requestLog, resetSimulator, useSimulator } from "./support";

/** The transport's deadlines, retries and error kinds against faults the simulator injects, and its throttle. */

const h = useSimulator();
const throttled = useSimulator({ settings: { throttle: { rating: 3 } } });
beforeEach(async () => {
  await resetSimulator(h.sim);
  await resetSimulator(throttled.sim);
});

const SERVICE_PATH = "^/rs/ship/service/DOM\\.EP$";
const rates = {
  parcel: { weight: 1 },
  originPostalCode: "K2B8J6",
  destination: { country: "CA", postalCode: "J0E1X0" },
};
const failure = (p: Promise<unknown>) =>
  p.then(
    () => undefined,
    (e: unknown) => e,
  );

describe("Faults", () => {
  it("retries an idempotent GET once after an injected 503, and succeeds", async () => {
    await addFault(h.sim, { path: SERVICE_PATH, status: 503, times: 1 });
    const s = await getService(h.ctx, "DOM.EP");
    expect(s.serviceCode).toBe("DOM.EP");
    const log = await requestLog(h.sim);
    expect(log.entries.map((e) => [e.operation, e.status])).toEqual([
      ["GetService", 503],
      ["GetService", 200],
    ]);
  });

  it("reports the 503 with its envelope when every attempt fails", async () => {
    await addFault(h.sim, { path: SERVICE_PATH, status: 503 });
    const e = await failure(getService(h.ctx, "DOM.EP"));
    expect(e).toBeInstanceOf(CanadaPostError);
    expect((e as CanadaPostError).status).toBe(503);
    expect((e as CanadaPostError).messages[0]!.code).toBe("Server");
    // retries: 2 by default, so three attempts.
    expect((await requestLog(h.sim)).byOperation.GetService).toBe(3);
  });

  it("gives up on a hanging call with reason timeout, within about the configured deadline", async () => {
    const impatient = createClientContext({ ...h.ctx.config, timeoutMs: 300, retries: 0 });
    try {
      await addFault(h.sim, { path: SERVICE_PATH, hang: true });
      const started = Date.now();
      const e = await failure(getService(impatient, "DOM.EP"));
      const elapsed = Date.now() - started;
      expect(e).toBeInstanceOf(CanadaPostTransportError);
      expect((e as CanadaPostTransportError).reason).toBe("timeout");
      expect((e as Error).message).toContain("300 ms");
      expect(elapsed).toBeGreaterThanOrEqual(250);
      expect(elapsed).toBeLessThan(1500);
    } finally {
      await impatient.close();
    }
  });

  it("retries a hang for a read, and answers once the fault is gone", async () => {
    const impatient = createClientContext({ ...h.ctx.config, timeoutMs: 300 });
    try {
      await addFault(h.sim, { path: SERVICE_PATH, hang: true, times: 1 });
      expect((await getService(impatient, "DOM.EP")).serviceCode).toBe("DOM.EP");
    } finally {
      await impatient.close();
    }
  });

  it("reports a truncated document as reason malformed, without retrying", async () => {
    await addFault(h.sim, { path: "^/rs/ship/price$", malformed: true });
    const e = await failure(getRates(h.ctx, rates));
    expect(e).toBeInstanceOf(CanadaPostTransportError);
    expect((e as CanadaPostTransportError).reason).toBe("malformed");
    expect((await requestLog(h.sim)).byOperation.GetRates).toBe(1);
  });

  it("reports a dropped connection as reason network", async () => {
    const once = createClientContext({ ...h.ctx.config, retries: 0 });
    try {
      await addFault(h.sim, { path: SERVICE_PATH, reset: true });
      const e = await failure(getService(once, "DOM.EP"));
      expect(e).toBeInstanceOf(CanadaPostTransportError);
      expect((e as CanadaPostTransportError).reason).toBe("network");
    } finally {
      await once.close();
    }
  });
});

describe("Throttling", () => {
  it("answers past the per-minute limit with CanadaPostThrottledError, not retried at once", async () => {
    for (let i = 0; i < 3; i++) expect((await getRates(throttled.ctx, rates)).length).toBeGreaterThan(0);
    const e = await failure(getRates(throttled.ctx, rates));
    expect(e).toBeInstanceOf(CanadaPostThrottledError);
    expect((e as CanadaPostThrottledError).code).toBe("Server");
    expect((e as CanadaPostThrottledError).messages[0]!.description).toBe("Rejected by SLM Monitor");
    // One refused call: a retry within the same minute would only be refused again.
    const log = await requestLog(throttled.sim);
    expect(log.entries.map((x) => x.status)).toEqual([200, 200, 200, 503]);
    // The whole rating group shares the limit; other groups keep their own.
    expect(await failure(getService(throttled.ctx, "DOM.EP"))).toBeInstanceOf(CanadaPostThrottledError);
    const [summary] = await getTrackingSummary(throttled.ctx, { pin: "1371134583769923" });
    expect(summary!.eventType).toBe("DELIVERED");
  });
});
