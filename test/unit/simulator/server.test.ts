import { describeSimulator, startSimulator, type RunningSimulator } from "../../../src/simulator";
import { settingsFromEnv } from "../../../src/simulator/settings";
import { xmlOk } from "../../../src/simulator/respond";
import { routes } from "../../../src/simulator/routes";
import type { Route } from "../../../src/simulator/types";
import { camelize, parseXml } from "../../../src/canada-post";

const MT = "application/vnd.cpc.ship.rate-v4+xml";
const basic = (user: string, password: string) =>
  `Basic ${Buffer.from(`${user}:${password}`).toString("base64")}`;
const auth = basic("sim-user", "sim-password");
const SCENARIO = `<mailing-scenario xmlns="http://www.canadapost.ca/ws/ship/rate-v4"><parcel-characteristics><weight>1</weight></parcel-characteristics><origin-postal-code>K2B8J6</origin-postal-code><destination><domestic><postal-code>M5V3L9</postal-code></domestic></destination></mailing-scenario>`;

/** A route with customer numbers in its path, to check them without the shipment handlers. */
const customerRoute: Route = {
  method: "GET",
  pattern: "/rs/:mailedBy/:mobo/probe",
  operation: "Probe",
  throttleGroup: "shipment",
  mediaType: MT,
  handle: (req) => xmlOk("probe", "urn:probe", { who: req.params.mobo }),
};

let sim: RunningSimulator;
beforeAll(async () => {
  sim = await startSimulator({ routes: [...routes, customerRoute] });
});
afterAll(() => sim.close());
afterEach(() => fetch(`${sim.url}/__simulator/reset`, { method: "POST" }));

const post = (body: string, headers: Record<string, string> = {}) =>
  fetch(`${sim.url}/rs/ship/price`, {
    method: "POST",
    headers: { authorization: auth, accept: MT, "content-type": MT, ...headers },
    body,
  });

async function message(res: Response) {
  const { root, value } = parseXml(await res.text());
  expect(root).toBe("messages");
  return (camelize(value) as { message: { code: string; description: string }[] }).message;
}

describe("simulator server", () => {
  it("answers a good Get Rates call", async () => {
    const res = await post(SCENARIO);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe(MT);
  });

  it("refuses missing or wrong credentials with 401 and a <messages> envelope", async () => {
    for (const authorization of [undefined, basic("sim-user", "nope"), "Bearer x"]) {
      const res = await fetch(`${sim.url}/rs/ship/service`, {
        headers: { accept: MT, ...(authorization ? { authorization } : {}) },
      });
      expect(res.status).toBe(401);
      expect(res.headers.get("content-type")).toBe(MT);
      expect(await message(res)).toEqual([{ code: "E002", description: "AAA Authentication Failure" }]);
    }
  });

  it("answers AA004 when the path names another customer", async () => {
    const ok = await fetch(`${sim.url}/rs/1234567/1234567/probe`, {
      headers: { authorization: auth, accept: MT },
    });
    expect(ok.status).toBe(200);
    for (const path of ["/rs/7654321/1234567/probe", "/rs/1234567/7654321/probe"]) {
      const res = await fetch(sim.url + path, { headers: { authorization: auth, accept: MT } });
      expect(res.status).toBe(403);
      expect(await message(res)).toEqual([
        { code: "AA004", description: "You cannot mail on behalf of the requested customer." },
      ]);
    }
  });

  it("answers 406 unless Accept names the versioned media type (*/* included)", async () => {
    for (const accept of ["*/*", "application/xml", "application/vnd.cpc.ship.rate-v3+xml"]) {
      const res = await post(SCENARIO, { accept });
      expect(res.status).toBe(406);
    }
    expect((await post(SCENARIO, { accept: `text/plain, ${MT}` })).status).toBe(200);
  });

  it("answers 415 when the body's Content-Type is not the versioned media type", async () => {
    for (const contentType of ["*/*", "application/xml"]) {
      const res = await post(SCENARIO, { "content-type": contentType });
      expect(res.status).toBe(415);
      expect((await message(res))[0]!.description).toContain(MT);
    }
  });

  it("answers an unknown path with 404 and an empty <messages/>, logged as Unknown", async () => {
    const res = await fetch(`${sim.url}/rs/nowhere`, { headers: { authorization: auth, accept: MT } });
    expect(res.status).toBe(404);
    const { root, value } = parseXml(await res.text());
    expect([root, value]).toEqual(["messages", ""]);
    const log = (await (await fetch(`${sim.url}/__simulator/requests`)).json()) as { byOperation: unknown };
    expect(log.byOperation).toEqual({ Unknown: 1 });
  });

  it("explains XSD errors in a 400 envelope, and refuses a DOCTYPE or another root", async () => {
    const bad = await post(SCENARIO.replace("K2B8J6", "k2b8j6"));
    expect(bad.status).toBe(400);
    const [m] = await message(bad);
    expect(m!.code).toBe("XSD");
    expect(m!.description).toContain("origin-postal-code");
    expect(m!.description).toContain("k2b8j6");

    const doctype = await post(`<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e "x">]>${SCENARIO}`);
    expect(doctype.status).toBe(400);
    expect((await message(doctype))[0]!.description).toContain("DOCTYPE");

    const root = await post(SCENARIO.replace(/mailing-scenario/g, "rates-please"));
    expect(root.status).toBe(400);
    expect((await message(root))[0]!.description).toContain("<mailing-scenario>");
  });

  it("throttles per API key and group over a rolling minute with Canada Post's envelope", async () => {
    const limited = await startSimulator({
      routes: [...routes, customerRoute],
      settings: { throttle: { rating: 2 } },
    });
    try {
      const call = () =>
        fetch(`${limited.url}/rs/ship/service/DOM.EP`, { headers: { authorization: auth, accept: MT } });
      expect((await call()).status).toBe(200);
      expect((await call()).status).toBe(200);
      const over = await call();
      expect(over.status).toBe(503);
      expect(await message(over)).toEqual([{ code: "Server", description: "Rejected by SLM Monitor" }]);
      // Another group has its own window.
      const probe = await fetch(`${limited.url}/rs/1234567/1234567/probe`, {
        headers: { authorization: auth, accept: MT },
      });
      expect(probe.status).toBe(200);
      limited.clock.advance(60_001); // the window rolls on
      expect((await call()).status).toBe(200);
    } finally {
      await limited.close();
    }
  });

  it("hands a handler's unexpected exception back as a 500 envelope", async () => {
    const broken: Route = { ...customerRoute, pattern: "/rs/broken", operation: "Broken", handle: () => { throw new Error("boom"); } }; // prettier-ignore
    const s = await startSimulator({ routes: [broken] });
    try {
      const res = await fetch(`${s.url}/rs/broken`, { headers: { authorization: auth, accept: MT } });
      expect(res.status).toBe(500);
      expect((await message(res))[0]).toEqual({
        code: "Server",
        description: expect.stringContaining("boom"),
      });
    } finally {
      await s.close();
    }
  });
});

describe("settings", () => {
  it("reads the client's environment variables over the defaults", () => {
    const s = settingsFromEnv({ CANADA_POST_USERNAME: "u1", CANADA_POST_CUSTOMER_NUMBER: "9999999" });
    expect(s).toMatchObject({
      username: "u1",
      password: "sim-password",
      customerNumber: "9999999",
      contractId: "42708517",
    });
    expect(s.throttle).toEqual({
      rating: 840,
      shipment: 646,
      voidRefund: 468,
      manifest: 730,
      tracking: 20,
      signature: 6,
    });
    expect(() => settingsFromEnv({ CANADA_POST_CONTRACT_ID: "abc" })).toThrow(/contractId/);
  });

  it("describes itself with its URL and credentials on one line", () => {
    const line = describeSimulator("http://127.0.0.1:9", settingsFromEnv({}));
    expect(line).toContain("http://127.0.0.1:9");
    expect(line).toContain("sim-user");
    expect(line).toContain("sim-password");
    expect(line).not.toContain("\n");
  });

  it("never prints a password it was given through the environment", () => {
    const secret = "s3cret-from-the-shell";
    const line = describeSimulator("http://127.0.0.1:9", settingsFromEnv({ CANADA_POST_PASSWORD: secret }));
    expect(line).not.toContain(secret);
    expect(line).toContain("password (from CANADA_POST_PASSWORD, not shown)");
  });
});
