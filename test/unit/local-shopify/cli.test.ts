import { spawn } from "node:child_process";
import { resolve } from "node:path";

/** `npx tsx src/local-shopify/main.ts`: the local Shopify running alone, telling where it is. */

it("starts, prints its URL and the demo shop, answers, and stops on SIGTERM", async () => {
  const child = spawn(
    process.execPath,
    ["--import", "tsx", "src/local-shopify/main.ts", "--port", "0", "--api-key", "cli-key"],
    {
      cwd: resolve(__dirname, "../../.."),
      env: { ...process.env, SHOPIFY_API_KEY: "", SHOPIFY_API_SECRET: "" },
    },
  );
  try {
    let out = "";
    const url = await new Promise<string>((ok, fail) => {
      const timer = setTimeout(() => fail(new Error(`no URL printed: ${out}`)), 15_000);
      child.stdout.on("data", (chunk: Buffer) => {
        out += chunk.toString();
        const m = /Local Shopify listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
        if (m && out.includes("Ctrl-C")) {
          clearTimeout(timer);
          ok(m[1]!);
        }
      });
      child.on("exit", (code) => fail(new Error(`exited with ${code}: ${out}`)));
    });
    expect(out).toContain("shop Maple Goods: maple-goods.myshopify.local");
    expect(out).toContain("#1001  DOM.EP  to Montréal H2B 1A0 CA");
    expect(out).toContain("app cli-key");
    const state = await (await fetch(`${url}/__shopify/state`)).json();
    expect(state.apps.map((a: { apiKey: string }) => a.apiKey)).toEqual(["cli-key"]);
  } finally {
    if (child.exitCode === null) {
      const exited = new Promise((done) => child.once("exit", done));
      child.kill("SIGTERM");
      await exited;
    }
  }
});
