import { readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { resolve } from "node:path";
import { build } from "esbuild";

/**
 * The demo storefront: one small HTTP server beside Medusa serving a page built from app.tsx, bundled with
 * esbuild in memory when it starts (React, the JS SDK and canada-post-commerce/storefront; nothing from a
 * CDN, nothing written to disk, where medusa develop would see a change and restart). Every path that is
 * not an asset is the page, which routes itself: /account, /account/orders/:id, /track.
 */
export interface StorefrontOptions {
  /** 0: any free port. */
  port: number;
  backendUrl: string;
  publishableKey: string;
  demoCustomer: { email: string; password: string };
}

export interface RunningStorefront {
  url: string;
  close: () => Promise<void>;
}

/** The bundle, built once per process. */
async function bundle(): Promise<string> {
  const result = await build({
    entryPoints: [resolve(__dirname, "app.tsx")],
    bundle: true,
    write: false,
    format: "esm",
    platform: "browser",
    target: "es2020",
    jsx: "automatic",
    minify: true,
    define: { "process.env.NODE_ENV": '"production"' },
    logLevel: "silent",
  });
  return result.outputFiles[0]!.text;
}

/** JSON inside a <script> element: nothing in it can close the element. */
const scriptJson = (value: unknown) => JSON.stringify(value).replace(/</g, "\\u003c");

function page(options: StorefrontOptions): string {
  const config = {
    backendUrl: options.backendUrl,
    publishableKey: options.publishableKey,
    demoCustomer: options.demoCustomer,
  };
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>Maple Goods</title>
    <link rel="stylesheet" href="/styles.css" />
    <script id="storefront-config" type="application/json">${scriptJson(config)}</script>
  </head>
  <body>
    <div id="root"></div>
    <script type="module" src="/app.js"></script>
  </body>
</html>
`;
}

export async function startStorefront(options: StorefrontOptions): Promise<RunningStorefront> {
  const files: Record<string, { type: string; body: string }> = {
    "/app.js": { type: "text/javascript; charset=utf-8", body: await bundle() },
    "/styles.css": {
      type: "text/css; charset=utf-8",
      body: readFileSync(resolve(__dirname, "styles.css"), "utf8"),
    },
  };
  const html = page(options);
  const server: Server = createServer((req, res) => {
    const path = new URL(req.url ?? "/", "http://storefront").pathname;
    if (req.method !== "GET" && req.method !== "HEAD") {
      res.writeHead(405, { allow: "GET, HEAD" }).end();
      return;
    }
    if (path === "/") {
      res.writeHead(302, { location: "/account" }).end();
      return;
    }
    const file =
      files[path] ?? (/\.\w+$/.test(path) ? undefined : { type: "text/html; charset=utf-8", body: html });
    if (!file) {
      res.writeHead(404, { "content-type": "text/plain" }).end("Not found");
      return;
    }
    res.writeHead(200, { "content-type": file.type, "cache-control": "no-store" });
    res.end(req.method === "HEAD" ? undefined : file.body);
  });
  await new Promise<void>((done, fail) => {
    server.once("error", fail);
    server.listen(options.port, () => done());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://localhost:${port}`,
    close: () => new Promise((done) => server.close(() => done())),
  };
}
