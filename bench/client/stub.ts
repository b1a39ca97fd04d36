import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:https";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { OPERATIONS, operationOf, type OperationKey } from "./operations";

/**
 * A loopback Canada Post that answers each benchmarked call (Get Rates, Get Tracking Details, Create
 * Shipment) with Canada Post's own sample answer, over TLS with a throwaway
 * certificate made at run time (for localhost and 127.0.0.1), so that every mode, the other Node client
 * included, goes through the same TLS, keep-alive and bytes. It counts the Get Rates calls it answers.
 */
export interface Stub {
  /** https://127.0.0.1:port */
  url: string;
  port: number;
  /** The certificate, to trust (NODE_EXTRA_CA_CERTS) in the processes that call the stub. */
  caFile: string;
  close(): Promise<void>;
}

export const COUNT_PATH = "/__count";

export async function startStub(): Promise<Stub> {
  const dir = mkdtempSync(join(tmpdir(), "cp-bench-"));
  const keyFile = join(dir, "key.pem");
  const caFile = join(dir, "cert.pem");
  execFileSync(
    "openssl",
    [
      "req",
      "-x509",
      "-newkey",
      "ec",
      "-pkeyopt",
      "ec_paramgen_curve:prime256v1",
      "-nodes",
      "-keyout",
      keyFile,
      "-out",
      caFile,
      "-days",
      "1",
      "-subj",
      "/CN=localhost",
      "-addext",
      "subjectAltName=DNS:localhost,IP:127.0.0.1",
    ],
    { stdio: "ignore" },
  );
  const answers = Object.fromEntries(
    Object.entries(OPERATIONS).map(([key, op]) => [key, Buffer.from(op.answer, "utf8")]),
  ) as Record<OperationKey, Buffer>;
  let rated = 0;
  const server = createServer(
    { key: readFileSync(keyFile), cert: readFileSync(caFile), keepAliveTimeout: 60_000 },
    (req, res) => {
      if (req.url === COUNT_PATH) {
        res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ rated }));
        return;
      }
      req.on("data", () => {});
      req.on("end", () => {
        const key = operationOf(req.url ?? "");
        if (key === "rates") rated++;
        const answer = answers[key];
        res
          .writeHead(200, { "content-type": OPERATIONS[key].mediaType, "content-length": answer.length })
          .end(answer);
      });
    },
  );
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `https://127.0.0.1:${port}`,
    port,
    caFile,
    async close() {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
