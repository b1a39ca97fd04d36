import { readFileSync } from "node:fs";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import {
  resolveConfig,
  type ClientContext,
  CanadaPostError,
  MediaType,
  Namespace,
  discoverServices,
  getOption,
  getService,
  Transport,
} from "../../../src/canada-post";
import { SHARED_SAMPLES_DIR, xsdErrors } from "../../support/xsd";

/* ------------------------------------------------------------------ a loopback Canada Post */

interface Hit {
  method: string;
  path: string;
  query: Record<string, string>;
  headers: IncomingMessage["headers"];
}

let answer: (hit: Hit) => { status?: number; body: string };
const hits: Hit[] = [];
let ctx: ClientContext;
let origin: string;
let close: () => Promise<void>;

beforeAll(async () => {
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const hit = {
      method: req.method ?? "",
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      headers: req.headers,
    };
    hits.push(hit);
    req.resume();
    req.on("end", () => {
      const a = answer(hit);
      res.writeHead(a.status ?? 200, { "content-type": MediaType.rate });
      res.end(a.body);
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const config = resolveConfig({
    username: "user",
    password: "secret",
    customerNumber: "1234567",
    contractId: "42708517",
    baseUrl: origin,
    retryDelayMs: 1,
  });
  const transport = new Transport(config);
  ctx = { config, transport };
  close = async () => {
    await transport.close();
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  };
});
afterAll(() => close());
beforeEach(() => {
  hits.length = 0;
});

const sample = (f: string) => readFileSync(join(SHARED_SAMPLES_DIR, f), "utf8");
const messages = (code: string, description: string) =>
  `<?xml version="1.0" encoding="UTF-8"?><messages xmlns="${Namespace.messages}"><message><code>${code}</code><description>${description}</description></message></messages>`;

/** A Get Service answer written from discovery.xsd, every element present. */
const SERVICE = (href: string) => `<?xml version="1.0" encoding="UTF-8"?>
<service xmlns="${Namespace.rate}">
  <service-code>DOM.EP</service-code>
  <service-name>Expedited Parcel</service-name>
  <comment>Business parcels &amp; packets</comment>
  <options>
    <option>
      <option-code>SO</option-code>
      <option-name>Signature option</option-name>
      <link rel="option" href="${href}/rs/ship/option/SO" media-type="application/vnd.cpc.ship.rate-v4+xml"/>
      <mandatory>false</mandatory>
      <qualifier-required>false</qualifier-required>
    </option>
    <option>
      <option-code>COV</option-code>
      <option-name>Coverage</option-name>
      <link rel="option" href="${href}/rs/ship/option/COV" media-type="application/vnd.cpc.ship.rate-v4+xml"/>
      <mandatory>false</mandatory>
      <qualifier-required>true</qualifier-required>
      <qualifier-max>5000</qualifier-max>
    </option>
  </options>
  <restrictions>
    <weight-restriction min="0" max="30000"/>
    <dimensional-restrictions>
      <length min="0.1" max="200"/>
      <width min="0.1" max="200"/>
      <height min="0.1" max="200"/>
      <length-plus-girth-max>300</length-plus-girth-max>
      <length-height-width-sum-max>0</length-height-width-sum-max>
      <oversize-limit>0</oversize-limit>
    </dimensional-restrictions>
    <density-factor>6000</density-factor>
    <can-ship-in-mailing-tube>true</can-ship-in-mailing-tube>
    <can-ship-unpackaged>false</can-ship-unpackaged>
    <allowed-as-return-service>true</allowed-as-return-service>
  </restrictions>
</service>`;

/** The error a call rejects with (fails the test if it resolves). */
async function failure(p: Promise<unknown>): Promise<CanadaPostError> {
  const e = await p.then(
    (v) => {
      throw new Error(`expected a failure, got ${JSON.stringify(v)}`);
    },
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(CanadaPostError);
  return e as CanadaPostError;
}

/* ------------------------------------------------------------------ Discover Services */

describe("Discover Services", () => {
  it("sends country, contract, origpc and destpc as Canada Post documents them", async () => {
    answer = () => ({ body: sample("services_response.xml") });
    await discoverServices(ctx, {
      country: "ca",
      originPostalCode: "k2b 8j6",
      destinationPostalCode: "j0e 1x0",
    });
    expect(hits).toHaveLength(1);
    expect(hits[0]).toMatchObject({
      method: "GET",
      path: "/rs/ship/service",
      query: { country: "CA", contract: "42708517", origpc: "K2B8J6", destpc: "J0E1X0" },
    });
    expect(hits[0]!.headers.accept).toBe("application/vnd.cpc.ship.rate-v4+xml");
    expect(hits[0]!.headers.authorization).toBe("Basic " + Buffer.from("user:secret").toString("base64"));
  });

  it("sends the caller's contract over the configured one, and only the parameters given", async () => {
    answer = () => ({ body: sample("services_response.xml") });
    await discoverServices(ctx, { country: "JP", contractId: "99999" });
    expect(hits[0]!.query).toEqual({ country: "JP", contract: "99999" });
  });

  it("parses the captured services list, with each service's link", async () => {
    answer = () => ({ body: sample("services_response.xml") });
    const services = await discoverServices(ctx, { country: "JP" });
    expect(services.map((s) => s.serviceCode)).toEqual([
      "INT.PW.ENV",
      "INT.PW.PAK",
      "INT.PW.PARCEL",
      "INT.XP",
      "INT.SP.SURF",
      "INT.SP.AIR",
    ]);
    expect(services[0]).toEqual({
      serviceCode: "INT.PW.ENV",
      serviceName: "Priority Worldwide envelope INT'L",
      link: {
        rel: "service",
        href: "https://XX/rs/ship/service/INT.PW.ENV?country=JP",
        mediaType: "application/vnd.cpc.ship.rate+xml",
      },
    });
  });

  it("returns no services for an empty list", async () => {
    answer = () => ({ body: `<services xmlns="${Namespace.rate}"/>` });
    expect(await discoverServices(ctx)).toEqual([]);
    answer = () => ({
      body: `<services xmlns="${Namespace.rate}"><service><service-code>DOM.RP</service-code><service-name>Regular Parcel</service-name><link rel="service" href="${origin}/rs/ship/service/DOM.RP" media-type="${MediaType.rate}"/></service></services>`,
    });
    expect((await discoverServices(ctx)).map((s) => s.serviceCode)).toEqual(["DOM.RP"]);
  });

  it.each([
    ["7266", "Postal Code must be in format A9A or A9A9A9.", { originPostalCode: "12345" }],
    ["8534", "A valid destination country must be supplied.", { country: "ZZ" }],
    ["2550", "The contract number is not valid.", { contractId: "1" }],
  ])("passes Canada Post's error %s to the caller intact", async (code, description, input) => {
    answer = () => ({ status: 400, body: messages(code, description) });
    const err = await failure(discoverServices(ctx, input));
    expect(err).toMatchObject({
      status: 400,
      code,
      operation: "DiscoverServices",
      messages: [{ code, description }],
    });
    expect(err.message).toContain(`${code}: ${description}`);
    expect(hits).toHaveLength(1); // a refusal is not retried
  });
});

/* ------------------------------------------------------------------ Get Service */

describe("Get Service", () => {
  it("our answer is a valid document of discovery.xsd", async () => {
    expect(await xsdErrors(SERVICE("https://ct.soa-gw.canadapost.ca"), "discovery.xsd")).toEqual([]);
  });

  it("asks for one service and country, and reads limits, density factor and options", async () => {
    answer = () => ({ body: SERVICE(origin) });
    const s = await getService(ctx, "DOM.EP", "jp");
    expect(hits[0]).toMatchObject({ path: "/rs/ship/service/DOM.EP", query: { country: "JP" } });
    expect(hits[0]!.headers.accept).toBe(MediaType.rate);
    expect(s).toMatchObject({
      serviceCode: "DOM.EP",
      serviceName: "Expedited Parcel",
      comment: "Business parcels & packets",
    });
    expect(s.options).toEqual([
      {
        optionCode: "SO",
        optionName: "Signature option",
        link: { rel: "option", href: `${origin}/rs/ship/option/SO`, mediaType: MediaType.rate },
        mandatory: false,
        qualifierRequired: false,
      },
      {
        optionCode: "COV",
        optionName: "Coverage",
        link: { rel: "option", href: `${origin}/rs/ship/option/COV`, mediaType: MediaType.rate },
        mandatory: false,
        qualifierRequired: true,
        qualifierMax: 5000,
      },
    ]);
    expect(s.restrictions).toEqual({
      weightRestriction: { min: 0, max: 30000 },
      dimensionalRestrictions: {
        length: { min: 0.1, max: 200 },
        width: { min: 0.1, max: 200 },
        height: { min: 0.1, max: 200 },
        lengthPlusGirthMax: 300,
        lengthHeightWidthSumMax: 0,
        oversizeLimit: 0,
      },
      densityFactor: 6000,
      canShipInMailingTube: true,
      canShipUnpackaged: false,
      allowedAsReturnService: true,
    });
  });

  it("encodes the service code in the path and sends no country when none is given", async () => {
    answer = () => ({ body: SERVICE(origin) });
    await getService(ctx, "INT.PW/ENV");
    expect(hits[0]!.path).toBe("/rs/ship/service/INT.PW%2FENV");
    expect(hits[0]!.query).toEqual({});
  });

  it("passes 8534 to the caller intact", async () => {
    answer = () => ({ status: 400, body: messages("8534", "A valid destination country must be supplied.") });
    const err = await failure(getService(ctx, "INT.XP", "ZZ"));
    expect(err).toMatchObject({
      code: "8534",
      operation: "GetService",
      messages: [{ code: "8534", description: "A valid destination country must be supplied." }],
    });
  });
});

/* ------------------------------------------------------------------ Get Option */

describe("Get Option", () => {
  it("asks for one option and parses the captured answer", async () => {
    answer = () => ({ body: sample("option_response.xml") });
    const o = await getOption(ctx, "SO");
    expect(hits[0]).toMatchObject({ method: "GET", path: "/rs/ship/option/SO" });
    expect(hits[0]!.headers.accept).toBe(MediaType.rate);
    expect(o).toEqual({
      optionCode: "SO",
      optionName: "Signature option",
      optionClass: "FEAT",
      printsOnLabel: true,
      qualifierRequired: false,
      conflictingOptions: ["LAD"],
      prerequisiteOptions: ["DC"],
    });
  });

  it("reads an option with no conflicts or prerequisites, in the v4 namespace", async () => {
    answer = () => ({
      body: `<option xmlns="${Namespace.rate}"><option-code>DC</option-code><option-name>Delivery confirmation</option-name><option-class>FEAT</option-class><prints-on-label>false</prints-on-label><qualifier-required>false</qualifier-required></option>`,
    });
    expect(await getOption(ctx, "DC")).toMatchObject({ conflictingOptions: [], prerequisiteOptions: [] });
  });
});
