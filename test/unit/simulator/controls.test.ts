import { startSimulator, type RunningSimulator } from "../../../src/simulator";
import { Throttle } from "../../../src/simulator/throttle";
import { DEFAULT_THROTTLE } from "../../../src/simulator/settings";
import { parseXml, XmlSyntaxError } from "../../../src/canada-post";

const MT = "application/vnd.cpc.ship.rate-v4+xml";
const auth = `Basic ${Buffer.from("sim-user:sim-password").toString("base64")}`;
const SERVICE = "/rs/ship/service/DOM.EP";

let sim: RunningSimulator;
beforeAll(async () => {
  sim = await startSimulator();
});
afterAll(() => sim.close());
afterEach(() => control("POST", "reset"));

async function control(method: string, name: string, body?: unknown) {
  const res = await fetch(`${sim.url}/__simulator/${name}`, {
    method,
    headers: { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, json: (await res.json()) as Record<string, any> }; // eslint-disable-line @typescript-eslint/no-explicit-any
}

const call = (path = SERVICE, signal?: AbortSignal) =>
  fetch(sim.url + path, { headers: { authorization: auth, accept: MT }, signal });

describe("fault controls", () => {
  it("adds, lists and deletes fault rules, and explains a bad one", async () => {
    const added = await control("POST", "faults", { path: "^/rs/ship/service", latencyMs: 5 });
    expect(added.status).toBe(201);
    expect(added.json).toMatchObject({ id: 1, path: "^/rs/ship/service", latencyMs: 5, fired: 0 });
    expect((await control("GET", "faults")).json.faults).toHaveLength(1);
    expect((await control("DELETE", "faults")).json.faults).toEqual([]);
    expect((await control("GET", "faults")).json.faults).toEqual([]);

    for (const bad of [
      {},
      { path: "(" },
      { path: "x", errorRate: 2 },
      { path: "x", hang: false },
      { path: "x", colour: 1 },
    ]) {
      const res = await control("POST", "faults", bad);
      expect(res.status).toBe(400);
      expect(res.json.error).toEqual(expect.any(String));
    }
  });

  it("delays matching calls by latencyMs, only as many times as asked", async () => {
    await control("POST", "faults", { path: "DOM\\.EP$", method: "GET", latencyMs: 300, times: 1 });
    let start = Date.now();
    expect((await call()).status).toBe(200);
    expect(Date.now() - start).toBeGreaterThanOrEqual(290);
    start = Date.now();
    await call();
    expect(Date.now() - start).toBeLessThan(250);
    expect((await control("GET", "faults")).json.faults).toEqual([]);
  });

  it("lets the first calls through when asked (after), then fires", async () => {
    await control("POST", "faults", { path: SERVICE, status: 503, after: 2, times: 1 });
    expect((await call()).status).toBe(200);
    expect((await call()).status).toBe(200);
    expect((await call()).status).toBe(503);
    expect((await call()).status).toBe(200);
    expect((await control("POST", "faults", { path: "x", after: 1.5 })).status).toBe(400);
  });

  it("holds a call and does it just before the next matching one (doneBeforeNext), or after latencyMs", async () => {
    const byOperation = async () => (await control("GET", "requests")).json.byOperation;
    await control("POST", "faults", { path: "DOM\\.EP$", doneBeforeNext: true, latencyMs: 10_000, times: 1 });
    await expect(call(SERVICE, AbortSignal.timeout(200))).rejects.toThrow();
    expect((await call("/rs/ship/option/SO")).status).toBe(200); // not a matching call: nothing released
    expect(await byOperation()).toEqual({ GetOption: 1 });
    expect((await call()).status).toBe(200);
    expect(await byOperation()).toEqual({ GetOption: 1, GetService: 2 });

    await control("POST", "faults", { path: "DOM\\.EP$", doneBeforeNext: true, latencyMs: 300 });
    const start = Date.now();
    expect((await call()).status).toBe(200);
    expect(Date.now() - start).toBeGreaterThanOrEqual(290);

    const bad = await control("POST", "faults", { path: "x", doneBeforeNext: true });
    expect([bad.status, bad.json.error]).toEqual([400, expect.stringContaining('"latencyMs"')]);
  });

  it("hangs a call until the client gives up", async () => {
    await control("POST", "faults", { path: SERVICE, hang: true });
    await expect(call(SERVICE, AbortSignal.timeout(300))).rejects.toThrow();
    expect((await call("/rs/ship/option/SO")).status).toBe(200);
  });

  it("resets the connection", async () => {
    await control("POST", "faults", { path: SERVICE, reset: true, times: 1 });
    await expect(call()).rejects.toThrow("fetch failed");
    expect((await call()).status).toBe(200);
  });

  it("answers 200 with malformed XML", async () => {
    await control("POST", "faults", { path: SERVICE, malformed: true });
    const res = await call();
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe(MT);
    const text = await res.text();
    expect(() => parseXml(text)).toThrow(XmlSyntaxError);
  });

  it("fails a deterministic share of calls with a Server envelope, or the given status and body", async () => {
    await control("POST", "faults", { path: SERVICE, errorRate: 0.5 });
    const statuses: number[] = [];
    for (let i = 0; i < 40; i++) statuses.push((await call()).status);
    const failures = statuses.filter((s) => s === 500).length;
    expect(failures).toBeGreaterThan(8);
    expect(failures).toBeLessThan(32);
    expect(statuses.filter((s) => s !== 500).every((s) => s === 200)).toBe(true);

    // The same seed after a reset: the same sequence.
    await control("POST", "reset");
    await control("POST", "faults", { path: SERVICE, errorRate: 0.5 });
    const again: number[] = [];
    for (let i = 0; i < 40; i++) again.push((await call()).status);
    expect(again).toEqual(statuses);

    await control("POST", "reset");
    await control("POST", "faults", {
      path: SERVICE,
      status: 502,
      body: "bad gateway",
      contentType: "text/plain",
    });
    const res = await call();
    expect([res.status, res.headers.get("content-type"), await res.text()]).toEqual([
      502,
      "text/plain",
      "bad gateway",
    ]);

    await control("POST", "reset");
    await control("POST", "faults", { path: SERVICE, errorRate: 1 });
    const envelope = await (await call()).text();
    expect(envelope).toContain("<code>Server</code>");
  });
});

describe("clock, request log and reset", () => {
  it("moves the clock forward and refuses to move it back", async () => {
    const before = Date.parse((await control("GET", "clock")).json.now);
    const after = Date.parse((await control("POST", "clock", { advanceDays: 2 })).json.now);
    expect(after - before).toBeGreaterThanOrEqual(2 * 86_400_000);
    expect(after - before).toBeLessThan(2 * 86_400_000 + 5_000);
    expect((await control("POST", "clock", { advanceMs: -1 })).status).toBe(400);
    await control("POST", "reset");
    expect(Math.abs(Date.parse((await control("GET", "clock")).json.now) - Date.now())).toBeLessThan(5_000);
  });

  it("logs every call with its operation and status, counts them, and clears", async () => {
    await call();
    await call("/rs/ship/option/SO");
    await call("/rs/ship/option/NOPE");
    await fetch(`${sim.url}/rs/ship/service`, { headers: { accept: MT } }); // no credentials
    const log = (await control("GET", "requests")).json;
    expect(log.total).toBe(4);
    expect(log.byOperation).toEqual({ GetService: 1, GetOption: 2, DiscoverServices: 1 });
    expect(log.entries.map((e: { status: number }) => e.status)).toEqual([200, 200, 404, 401]);
    expect(log.entries[0]).toEqual({
      time: expect.any(String),
      method: "GET",
      path: SERVICE,
      operation: "GetService",
      status: 200,
      username: "sim-user",
    });
    expect((await control("DELETE", "requests")).json).toEqual({ total: 0, byOperation: {}, entries: [] });
  });

  it("reset clears the log, faults and throttle windows", async () => {
    const limited = await startSimulator({ settings: { throttle: { rating: 1 } } });
    try {
      const get = () => fetch(limited.url + SERVICE, { headers: { authorization: auth, accept: MT } });
      const ctl = (m: string, n: string, b?: unknown) =>
        fetch(`${limited.url}/__simulator/${n}`, {
          method: m,
          body: b === undefined ? undefined : JSON.stringify(b),
        });
      await ctl("POST", "faults", { path: "^/nothing$", latencyMs: 1 });
      expect((await get()).status).toBe(200);
      expect((await get()).status).toBe(503);
      expect((await ctl("POST", "reset")).status).toBe(200);
      expect((await get()).status).toBe(200);
      const log = (await (await ctl("GET", "requests")).json()) as { total: number };
      expect(log.total).toBe(1);
      expect(((await (await ctl("GET", "faults")).json()) as { faults: unknown[] }).faults).toEqual([]);
    } finally {
      await limited.close();
    }
  });

  it("answers an unknown control with 404 and the list of controls", async () => {
    const res = await control("GET", "nope");
    expect(res.status).toBe(404);
    expect(res.json.error).toContain("/__simulator/faults");
  });
});

describe("throttle windows", () => {
  it("counts each API key and group separately over a rolling minute", () => {
    const t = new Throttle(() => ({ ...DEFAULT_THROTTLE, tracking: 2 }));
    expect(t.admit("a", "tracking", 0)).toBe(true);
    expect(t.admit("a", "tracking", 10_000)).toBe(true);
    expect(t.admit("a", "tracking", 20_000)).toBe(false);
    expect(t.admit("b", "tracking", 20_000)).toBe(true);
    expect(t.admit("a", "rating", 20_000)).toBe(true);
    expect(t.admit("a", "tracking", 60_001)).toBe(true); // the call at 0 left the window
    expect(t.admit("a", "tracking", 60_002)).toBe(false);
  });
});
