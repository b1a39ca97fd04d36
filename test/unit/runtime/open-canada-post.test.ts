import { execFile } from "node:child_process";
import { resolve } from "node:path";
import { promisify } from "node:util";
import { getRates } from "../../../src/canada-post";
import { CanadaPostSetupError } from "../../../src/runtime/choice";
import { openCanadaPost, type CanadaPostBackend } from "../../../src/runtime/open-canada-post";

/** Opening Canada Post: the simulator only when chosen, loaded only then, and never silently in production. */

const ROOT = resolve(__dirname, "../../..");
const run = promisify(execFile);

const opened: CanadaPostBackend[] = [];
afterAll(() => Promise.all(opened.map((b) => b.close())));

async function open(...args: Parameters<typeof openCanadaPost>) {
  const notices: string[] = [];
  const backend = await openCanadaPost(args[0], { ...args[1], notice: (m) => notices.push(m) });
  opened.push(backend);
  return { backend, notices };
}

const RATES = {
  parcel: { weight: 1 },
  originPostalCode: "K2B 8J6",
  destination: { country: "CA", postalCode: "J0E 1X0" },
};

describe("openCanadaPost", () => {
  it.each([undefined, "development", "test"])(
    "starts the built-in simulator without credentials when NODE_ENV is %p, with a notice",
    async (nodeEnv) => {
      const { backend, notices } = await open(undefined, { nodeEnv });
      expect(backend.kind).toBe("simulator");
      expect(backend.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(notices).toEqual([
        expect.stringMatching(
          /^No Canada Post credentials configured: using the built-in Canada Post simulator at http:\/\/127\.0\.0\.1:\d+/,
        ),
      ]);
      expect((await getRates(backend, RATES)).map((q) => q.serviceCode)).toContain("DOM.EP");
    },
  );

  it("refuses to start without credentials under NODE_ENV=production, naming the variables to set", async () => {
    const notices: string[] = [];
    const refused = openCanadaPost(
      { customerNumber: "1234567" },
      { nodeEnv: "production", notice: (m) => notices.push(m) },
    );
    await expect(refused).rejects.toThrow(CanadaPostSetupError);
    await expect(refused).rejects.toThrow(
      /CANADA_POST_USERNAME and CANADA_POST_PASSWORD .*CANADA_POST_CUSTOMER_NUMBER .*CANADA_POST_CONTRACT_ID for contract rates.*CANADA_POST_ENV=simulator/,
    );
    expect(notices).toEqual([]);
  });

  it("starts the simulator under NODE_ENV=production when asked for with env simulator, and says so", async () => {
    const { backend, notices } = await open(
      { env: "simulator", customerNumber: "7654321", contractId: "1111111" },
      { nodeEnv: "production" },
    );
    expect(backend.kind).toBe("simulator");
    expect(backend.config).toMatchObject({ customerNumber: "7654321", contractId: "1111111" });
    expect(notices).toEqual([
      expect.stringMatching(/^CANADA_POST_ENV=simulator: using the built-in Canada Post simulator at http:/),
    ]);
    expect((await getRates(backend, RATES)).length).toBeGreaterThan(0);
  });

  it("refuses env simulator with an API key", async () => {
    await expect(
      openCanadaPost({ env: "simulator", username: "u", password: "p" }, { nodeEnv: "production" }),
    ).rejects.toThrow(/contradicts a username .* and a password/);
  });

  it("opens the sandbox, production or a custom host with credentials, in production too", async () => {
    const key = { username: "u", password: "p", customerNumber: "1234567" };
    const sandbox = await open(key, { nodeEnv: "production" });
    expect([sandbox.backend.kind, sandbox.backend.baseUrl]).toEqual([
      "sandbox",
      "https://ct.soa-gw.canadapost.ca",
    ]);
    const production = await open({ ...key, env: "production" }, { nodeEnv: "production" });
    expect([production.backend.kind, production.backend.baseUrl]).toEqual([
      "production",
      "https://soa-gw.canadapost.ca",
    ]);
    const custom = await open({ ...key, baseUrl: "http://127.0.0.1:9" }, { nodeEnv: "production" });
    expect(custom.backend.kind).toBe("custom");
    expect([...sandbox.notices, ...production.notices, ...custom.notices]).toEqual([]);
  });
});

describe("loading the simulator", () => {
  /** A fresh Node (tsx for the TypeScript) that opens a backend and lists every module file it loaded. */
  async function loadedBy(mode: "credentials" | "simulator") {
    const { stdout } = await run(
      process.execPath,
      [require.resolve("tsx/cli"), "test/unit/runtime/support/loaded-modules.ts", mode],
      { cwd: ROOT, env: { ...process.env, NODE_ENV: "production" }, timeout: 30_000 },
    );
    const { kind, modules } = JSON.parse(stdout) as { kind: string; modules: string[] };
    const loaded = (pattern: RegExp) => modules.some((m) => pattern.test(m.split("\\").join("/")));
    return {
      kind,
      runtime: loaded(/\/src\/runtime\/open-canada-post\.ts$/),
      client: loaded(/\/src\/canada-post\/transport\.ts$/),
      simulator: loaded(/\/src\/simulator\//),
      pdfLib: loaded(/\/node_modules\/pdf-lib\//),
      bwipJs: loaded(/\/node_modules\/bwip-js\//),
    };
  }

  it("leaves the simulator, pdf-lib and bwip-js unloaded when Canada Post is opened with credentials", async () => {
    expect(await loadedBy("credentials")).toEqual({
      kind: "custom",
      runtime: true,
      client: true,
      simulator: false,
      pdfLib: false,
      bwipJs: false,
    });
  }, 60_000);

  it("loads them when the simulator is chosen (so the listing above would see them)", async () => {
    expect(await loadedBy("simulator")).toEqual({
      kind: "simulator",
      runtime: true,
      client: true,
      simulator: true,
      pdfLib: true,
      bwipJs: true,
    });
  }, 60_000);
});
