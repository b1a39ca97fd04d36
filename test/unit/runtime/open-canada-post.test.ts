import { execFile } from "node:child_process";
import { resolve } from "node:path";
import { promisify } from "node:util";

/** Opening Canada Post loads the simulator only when it is used. */

const ROOT = resolve(__dirname, "../../..");
const run = promisify(execFile);

describe("loading the simulator", () => {
  /** A fresh Node (tsx for the TypeScript) that opens a backend and lists every module file it loaded. */
  async function loadedBy(mode: "credentials" | "simulator") {
    const { stdout } = await run(
      process.execPath,
      [require.resolve("tsx/cli"), "test/unit/runtime/support/loaded-modules.ts", mode],
      { cwd: ROOT, timeout: 30_000 },
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
