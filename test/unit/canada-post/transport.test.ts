import { getEventListeners } from "node:events";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import {
  resolveConfig,
  type CanadaPostConfigInput,
  CanadaPostError,
  CanadaPostThrottledError,
  CanadaPostTransportError,
  MediaType,
  Namespace,
  parseCreateShipmentResponse,
  parseGetOptionResponse,
  parseVoidShipmentResponse,
  Transport,
  isTransient,
  type TransportRequest,
} from "../../../src/canada-post";

/* ------------------------------------------------------------------ a loopback Canada Post */

interface Hit {
  method: string;
  url: string;
  headers: IncomingMessage["headers"];
  body: string;
  at: number;
  /** A held request whose connection the client closed. */
  closed?: boolean;
}

/** Answers each request with `handle`; `hold` leaves the response unsent (to cause a client timeout). */
type Handler = (hit: Hit, n: number) => { status?: number; contentType?: string; body?: string } | "hold";

let handle: Handler;
const hits: Hit[] = [];
let connections = 0;
let port: number;
const transports: Transport[] = [];
const server = createServer((req: IncomingMessage, res: ServerResponse) => {
  const chunks: Buffer[] = [];
  req.on("data", (c: Buffer) => chunks.push(c));
  req.on("end", () => {
    const hit: Hit = {
      method: req.method ?? "",
      url: req.url ?? "",
      headers: req.headers,
      body: Buffer.concat(chunks).toString("utf8"),
      at: Date.now(),
    };
    hits.push(hit);
    const a = handle(hit, hits.length);
    if (a === "hold") {
      res.on("close", () => (hit.closed = true));
      return;
    }
    res.writeHead(
      a.status ?? 200,
      a.contentType === "" ? {} : { "content-type": a.contentType ?? MediaType.rate },
    );
    res.end(a.body ?? "");
  });
});
server.on("connection", () => connections++);

beforeAll(async () => {
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  port = (server.address() as AddressInfo).port;
});
afterAll(async () => {
  await Promise.all(transports.map((t) => t.close()));
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});
beforeEach(() => {
  hits.length = 0;
  connections = 0;
});

function transport(overrides: Partial<CanadaPostConfigInput> = {}): Transport {
  const t = new Transport(
    resolveConfig({
      username: "api-user",
      password: "p@ss:word",
      baseUrl: `http://127.0.0.1:${port}`,
      timeoutMs: 300,
      retries: 2,
      retryDelayMs: 40,
      ...overrides,
    }),
  );
  transports.push(t);
  return t;
}

const GET: TransportRequest = {
  operation: "GetOption",
  method: "GET",
  url: "/rs/ship/option/SO",
  accept: MediaType.rate,
  idempotent: true,
};
const POST: TransportRequest = {
  operation: "CreateShipment",
  method: "POST",
  url: "/rs/1234567/1234567/shipment",
  accept: MediaType.shipment,
  contentType: MediaType.shipment,
  body: `<shipment xmlns="${Namespace.shipment}"><group-id>g</group-id></shipment>`,
  idempotent: false,
};
const OK = `<option xmlns="${Namespace.rate}"><option-code>SO</option-code><option-name>Signature option</option-name></option>`;

/**
 * A call as an operation makes it: the transport moves the bytes, and the operation's parser reads the answer
 * once, telling a result from a `<messages>` envelope, an HTTP failure or a malformed document.
 */
async function call(t: Transport, req: TransportRequest): Promise<unknown> {
  const res = await t.send(req);
  if (req.method === "DELETE") return parseVoidShipmentResponse(res.body, res.status);
  const text = res.body.toString("utf8");
  return req.operation === "CreateShipment"
    ? parseCreateShipmentResponse(text, res.status)
    : parseGetOptionResponse(text, res.status);
}
const envelope = (code: string, description: string, open = `<messages xmlns="${Namespace.messages}">`) =>
  `<?xml version="1.0" encoding="UTF-8"?>${open}<message><code>${code}</code><description>${description}</description></message></messages>`;

/** The error a call rejects with (fails the test if it resolves). */
async function failure(p: Promise<unknown>): Promise<Error> {
  const r = await p.then(
    (v) => ({ ok: true as const, v }),
    (e: unknown) => ({ ok: false as const, e }),
  );
  if (r.ok) throw new Error(`expected a failure, got ${JSON.stringify(r.v)}`);
  return r.e as Error;
}

/* ------------------------------------------------------------------ headers */

describe("request headers", () => {
  it("sends Basic auth, the versioned media types and en-CA by default", async () => {
    handle = () => ({ body: OK });
    const t = transport();
    await call(t, GET);
    await t.send({ ...POST, idempotent: false });
    const [get, post] = hits;
    expect(get!.headers.authorization).toBe("Basic " + Buffer.from("api-user:p@ss:word").toString("base64"));
    expect(get!.headers.accept).toBe("application/vnd.cpc.ship.rate-v4+xml");
    expect(get!.headers["content-type"]).toBeUndefined();
    expect(get!.headers["accept-language"]).toBe("en-CA");
    expect(post!.method).toBe("POST");
    expect(post!.headers.accept).toBe("application/vnd.cpc.shipment-v8+xml");
    expect(post!.headers["content-type"]).toBe("application/vnd.cpc.shipment-v8+xml");
    expect(post!.body).toBe(POST.body);
    for (const h of hits) {
      expect(h.headers.accept).not.toContain("*/*");
      expect(h.headers["content-type"] ?? "").not.toContain("*/*");
    }
  });

  it("sends fr-CA when configured, and the per-call language over the configured one", async () => {
    handle = () => ({ body: OK });
    const fr = transport({ lang: "fr" });
    await call(fr, GET);
    await call(fr, { ...GET, lang: "en" });
    await call(transport(), { ...GET, lang: "fr" });
    expect(hits.map((h) => h.headers["accept-language"])).toEqual(["fr-CA", "en-CA", "fr-CA"]);
  });

  it("takes a caller's settings given beside the request over the request's own and the configuration", async () => {
    handle = (_h, n) => (n === 2 ? "hold" : { body: OK });
    const t = transport({ lang: "fr", timeoutMs: 5_000, retries: 0 });
    await t.send({ ...GET, lang: "fr" }, { lang: "en" });
    // The settings' timeout, not the request's 5 s nor the configuration's.
    const started = Date.now();
    const err = await failure(t.send({ ...GET, timeoutMs: 5_000 }, { timeoutMs: 150 }));
    expect(err).toMatchObject({ reason: "timeout", operation: "GetOption" });
    expect(Date.now() - started).toBeLessThan(2_000);
    // The settings' signal: the caller that gave up sends nothing.
    const aborted = await failure(t.send(GET, { signal: AbortSignal.abort() }));
    expect(aborted).toMatchObject({ reason: "aborted" });
    expect(hits.map((h) => h.headers["accept-language"])).toEqual(["en-CA", "fr-CA"]);
  });

  it("adds query parameters, encoded, and leaves out empty ones", async () => {
    handle = () => ({ body: OK });
    await call(transport(), {
      ...GET,
      query: { country: "JP", contract: undefined, origpc: "", q: "a b&c" },
    });
    expect(hits[0]!.url).toBe("/rs/ship/option/SO?country=JP&q=a+b%26c");
  });
});

/* ------------------------------------------------------------------ retries */

describe("retries", () => {
  it("retries a GET after a 503, with a backoff, and returns the next answer", async () => {
    handle = (_h, n) => (n === 1 ? { status: 503, contentType: "text/html", body: "busy" } : { body: OK });
    const res = await call(transport(), GET);
    expect(res).toEqual({
      optionCode: "SO",
      optionName: "Signature option",
      conflictingOptions: [],
      prerequisiteOptions: [],
    });
    expect(hits).toHaveLength(2);
    // First backoff is between half and all of retryDelayMs (40 ms).
    expect(hits[1]!.at - hits[0]!.at).toBeGreaterThanOrEqual(19);
  });

  it("retries a GET that timed out, and returns the next answer", async () => {
    handle = (_h, n) => (n === 1 ? "hold" : { body: OK });
    const res = await call(transport({ timeoutMs: 150 }), GET);
    expect(res).toMatchObject({ optionCode: "SO" });
    expect(hits).toHaveLength(2);
  });

  it("gives up after the configured retries with the last error", async () => {
    handle = () => ({ status: 503, contentType: "text/plain", body: "Service Unavailable" });
    const err = await failure(call(transport({ retries: 2, retryDelayMs: 1 }), GET));
    expect(hits).toHaveLength(3);
    expect(err).toBeInstanceOf(CanadaPostError);
    expect(err).toMatchObject({ status: 503, operation: "GetOption" });
    expect(err.message).toContain("Service Unavailable");
  });

  it("never retries a POST that is not idempotent: not after a 503, not after a timeout", async () => {
    handle = () => ({ status: 503, contentType: "text/plain", body: "busy" });
    const t = transport({ timeoutMs: 150 });
    expect(await failure(call(t, POST))).toMatchObject({ status: 503 });
    expect(hits).toHaveLength(1);
    handle = () => "hold";
    const err = await failure(call(t, POST));
    expect(err).toBeInstanceOf(CanadaPostTransportError);
    expect(err).toMatchObject({ reason: "timeout", operation: "CreateShipment" });
    expect(hits).toHaveLength(2);
  });

  it("stops at the caller's signal: the request is closed on the socket and nothing is retried", async () => {
    handle = () => "hold";
    const t = transport({ timeoutMs: 5_000, retries: 2, retryDelayMs: 1 });
    const started = Date.now();
    const err = await failure(call(t, { ...GET, signal: AbortSignal.timeout(150) }));
    const elapsed = Date.now() - started;
    expect(err).toBeInstanceOf(CanadaPostTransportError);
    expect(err).toMatchObject({ reason: "aborted", operation: "GetOption" });
    // Well before the attempt's own 5 s deadline, and not three attempts of it.
    expect(elapsed).toBeGreaterThanOrEqual(140);
    expect(elapsed).toBeLessThan(1_500);
    await new Promise((r) => setTimeout(r, 50));
    expect(hits).toHaveLength(1);
    expect(hits[0]!.closed).toBe(true);
  });

  it("leaves nothing on a caller's signal that outlives its calls (a checkout's, a server's)", async () => {
    handle = () => ({ body: OK });
    const t = transport();
    const lasting = new AbortController();
    for (let i = 0; i < 20; i++) await call(t, { ...GET, signal: lasting.signal });
    expect(getEventListeners(lasting.signal, "abort")).toHaveLength(0);
  });

  it("sends nothing for a caller that already gave up", async () => {
    handle = () => ({ body: OK });
    const err = await failure(call(transport(), { ...GET, signal: AbortSignal.abort() }));
    expect(err).toMatchObject({ reason: "aborted" });
    expect(hits).toHaveLength(0);
  });

  it("does not retry the throttle, told from a passing 503 by its bytes", async () => {
    handle = () => ({ status: 503, body: envelope("Server", "Rejected by SLM Monitor") });
    const res = await transport({ retries: 2, retryDelayMs: 1 }).send(GET);
    expect(hits).toHaveLength(1);
    expect(res.status).toBe(503);
    expect(isTransient(res)).toBe(false);
    expect(isTransient({ status: 503, body: Buffer.from("busy") })).toBe(true);
    expect(isTransient({ status: 500, body: Buffer.from("boom") })).toBe(false);
  });

  it("does not retry Canada Post's own refusal (a 4xx envelope)", async () => {
    handle = () => ({ status: 400, body: envelope("9111", "No services are appropriate") });
    await failure(call(transport(), GET));
    expect(hits).toHaveLength(1);
  });
});

/* ------------------------------------------------------------------ errors */

describe("answers that are errors", () => {
  it("turns a <messages> envelope sent with HTTP 200 into CanadaPostError with code and description", async () => {
    handle = () => ({
      body:
        `<?xml version="1.0" encoding="UTF-8"?><messages xmlns="${Namespace.messages}">` +
        `<message><code>7292</code><description>A refund has already been requested &amp; is pending.</description></message>` +
        `<message><code>9999</code><description>Second</description></message></messages>`,
    });
    const err = await failure(call(transport(), GET));
    expect(err).toBeInstanceOf(CanadaPostError);
    expect(err).not.toBeInstanceOf(CanadaPostThrottledError);
    expect(err).toMatchObject({
      status: 200,
      code: "7292",
      operation: "GetOption",
      messages: [
        { code: "7292", description: "A refund has already been requested & is pending." },
        { code: "9999", description: "Second" },
      ],
    });
    expect((err as CanadaPostError).hasCode("9999")).toBe(true);
    expect(err.message).toBe(
      "Canada Post GetOption failed (HTTP 200): 7292: A refund has already been requested & is pending.; 9999: Second",
    );
  });

  it.each([
    ["prefixed", `<ns2:messages xmlns:ns2="${Namespace.messages}">`, "</ns2:messages>"],
    ["in an older namespace", `<messages xmlns="http://www.canadapost.ca/ws/track">`, "</messages>"],
    ["in no namespace", `<messages>`, "</messages>"],
  ])("reads an envelope %s", async (_name, open, close) => {
    const body = envelope("004", "No Pin History", open).replace("</messages>", close);
    handle = () => ({ status: 200, contentType: MediaType.track, body });
    expect(await failure(call(transport(), { ...GET, accept: MediaType.track }))).toMatchObject({
      code: "004",
      messages: [{ code: "004", description: "No Pin History" }],
    });
  });

  it("finds an envelope whatever the content type says, on 200", async () => {
    for (const contentType of ["text/plain", ""]) {
      handle = () => ({ status: 200, contentType, body: envelope("8064", "Shipment already transmitted") });
      expect(await failure(call(transport(), GET))).toMatchObject({ status: 200, code: "8064" });
    }
  });

  it("treats an empty <messages/> as an error too, on 404 and on 200", async () => {
    handle = () => ({ status: 404, body: `<messages xmlns="${Namespace.messages}"/>` });
    const notFound = await failure(call(transport(), { ...POST, method: "DELETE", body: undefined }));
    expect(notFound).toBeInstanceOf(CanadaPostError);
    expect(notFound).toMatchObject({ status: 404, messages: [] });
    expect((notFound as CanadaPostError).code).toBeUndefined();
    handle = () => ({ status: 200, body: `<?xml version="1.0"?>\n<messages/>` });
    expect(await failure(call(transport(), GET))).toMatchObject({ status: 200, messages: [] });
  });

  it("recognises the throttle: code Server, Rejected by SLM Monitor", async () => {
    handle = () => ({ status: 503, body: envelope("Server", "Rejected by SLM Monitor") });
    const err = await failure(call(transport({ retries: 0 }), GET));
    expect(err).toBeInstanceOf(CanadaPostThrottledError);
    expect(err).toMatchObject({ status: 503, code: "Server", name: "CanadaPostThrottledError" });
    handle = () => ({ status: 200, body: envelope("Server", "Rejected by SLM Monitor") });
    expect(await failure(call(transport(), GET))).toBeInstanceOf(CanadaPostThrottledError);
  });

  it("turns a non-XML 500 into CanadaPostError with the status and the body's start", async () => {
    handle = () => ({
      status: 500,
      contentType: "text/html",
      body: "<html><body>Internal Server Error</body></html>",
    });
    const err = await failure(call(transport(), GET));
    expect(err).toBeInstanceOf(CanadaPostError);
    expect(err).toMatchObject({ status: 500, messages: [] });
    expect(err.message).toContain("Internal Server Error");
    handle = () => ({ status: 500, contentType: "text/plain", body: "" });
    expect((await failure(call(transport(), GET))).message).toContain("HTTP 500 with no body");
  });

  it("reports malformed XML on a 200 as a transport fault, not retried", async () => {
    handle = () => ({ body: `<option><option-code>SO</option></option-code>` });
    const err = await failure(call(transport(), GET));
    expect(err).toBeInstanceOf(CanadaPostTransportError);
    expect(err).toMatchObject({ reason: "malformed" });
    handle = () => ({ body: `<messages><message><code>1</code></messages>` });
    expect(await failure(call(transport(), GET))).toMatchObject({ reason: "malformed" });
    expect(hits).toHaveLength(2);
  });

  it("refuses a document with a DOCTYPE (no entity expansion)", async () => {
    handle = () => ({
      body: `<!DOCTYPE option [<!ENTITY x "boom">]><option><option-code>&x;</option-code></option>`,
    });
    expect(await failure(call(transport(), GET))).toMatchObject({ reason: "malformed" });
  });
});

/* ------------------------------------------------------------------ links and connections */

describe("links and connections", () => {
  it("follows an absolute link on the same origin", async () => {
    handle = () => ({ body: OK });
    await call(transport(), { ...GET, url: `http://127.0.0.1:${port}/rs/ship/option/SO?country=JP` });
    expect(hits[0]!.url).toBe("/rs/ship/option/SO?country=JP");
  });

  it("refuses a link to another origin before sending anything", async () => {
    handle = () => ({ body: OK });
    const t = transport();
    for (const url of [
      "https://evil.example/rs/ship/option/SO",
      `http://127.0.0.1:${port + 1}/rs/ship/option/SO`,
      `http://localhost:${port}/rs/ship/option/SO`,
    ]) {
      const err = await failure(call(t, { ...GET, url }));
      expect(err).toBeInstanceOf(CanadaPostTransportError);
      expect(err.message).toMatch(/refusing to send credentials/);
    }
    expect(hits).toHaveLength(0);
    expect(connections).toBe(0);
  });

  it("sends every path where it was asked, past the thousand paths it keeps resolved", async () => {
    handle = () => ({ body: OK });
    const t = transport();
    const paths = Array.from({ length: 1_002 }, (_, n) => `/vis/track/pin/${7_000_000 + n}/detail`);
    for (const url of [...paths, paths[0]!, paths[1_001]!]) await t.send({ ...GET, url });
    expect(hits.map((h) => h.url)).toEqual([...paths, paths[0], paths[1_001]]);
  });

  it("sends paths below a base URL's own path, encoded as a URL would be", async () => {
    handle = () => ({ body: OK });
    const t = transport({ baseUrl: `http://127.0.0.1:${port}/canada-post/` });
    await t.send(GET);
    await t.send({ ...GET, url: "/rs/ship/option/a b" });
    await t.send(GET);
    expect(hits.map((h) => h.url)).toEqual([
      "/canada-post/rs/ship/option/SO",
      "/canada-post/rs/ship/option/a%20b",
      "/canada-post/rs/ship/option/SO",
    ]);
  });

  it("keeps connections alive across calls", async () => {
    handle = () => ({ body: OK });
    const t = transport();
    for (let i = 0; i < 10; i++) await call(t, GET);
    expect(hits).toHaveLength(10);
    // undici's pool may open a second socket while the first is still finishing its answer; no more.
    expect(connections).toBeGreaterThanOrEqual(1);
    expect(connections).toBeLessThanOrEqual(2);
  });

  it("moves bytes only: an envelope or a malformed answer comes back as it was sent, for the operation to read", async () => {
    const body = envelope("9111", "No services are appropriate");
    handle = () => ({ status: 400, body });
    const refused = await transport().send(GET);
    expect(refused.status).toBe(400);
    expect(refused.body.toString("utf8")).toBe(body);
    handle = () => ({ body: "<option><option-code>SO</option></option-code>" });
    const broken = await transport().send(GET);
    expect(broken.body.toString("utf8")).toBe("<option><option-code>SO</option></option-code>");
  });

  it("returns raw bytes of a non-XML answer through send()", async () => {
    const pdf = Buffer.from("%PDF-1.4 binary \x00\xff");
    handle = () => ({ contentType: "application/pdf", body: pdf.toString("latin1") });
    const res = await transport().send({ ...GET, accept: MediaType.pdf });
    expect(res.status).toBe(200);
    expect(res.contentType).toBe("application/pdf");
    expect(res.body.subarray(0, 8).toString()).toBe("%PDF-1.4");
  });
});
