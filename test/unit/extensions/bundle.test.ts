import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { build } from "esbuild";
import { EXTENSIONS } from "./harness";

/**
 * Each extension bundles offline as the Shopify CLI bundles it (esbuild, its module from its
 * shopify.extension.toml, Preact's JSX): one ES module, small, with no React and no secret in it.
 */
const modules = {
  "order-shipments": "admin.order-details.block.render",
  "order-create-label": "admin.order-details.action.render",
};

test.each(Object.entries(modules))("%s bundles for %s", async (folder, target) => {
  const toml = readFileSync(resolve(EXTENSIONS, folder, "shopify.extension.toml"), "utf8");
  expect(toml).toContain(`target = "${target}"`);
  expect(toml).toMatch(/^api_version = "2026-07"$/m);
  const entry = /module = "([^"]+)"/.exec(toml)![1]!;
  const out = await build({
    entryPoints: [resolve(EXTENSIONS, folder, entry)],
    bundle: true,
    write: false,
    format: "esm",
    target: "es2020",
    minify: true,
    jsx: "automatic",
    jsxImportSource: "preact",
    logLevel: "silent",
  });
  const code = out.outputFiles[0]!.text;
  expect(code.length).toBeLessThan(64 * 1024);
  expect(code).not.toMatch(/react-dom|__SECRET_INTERNALS/);
  expect(code).toContain("/api/");
});
