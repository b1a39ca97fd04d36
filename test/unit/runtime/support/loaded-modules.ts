import { openCanadaPost } from "../../../../src/runtime/open-canada-post";

/**
 * Run in a fresh Node by open-canada-post.test.ts: opens a backend with NODE_ENV=production, either with
 * credentials (against a URL nothing listens on: opening calls nothing) or with the simulator asked for,
 * and prints its kind and every module file the process loaded.
 */
async function main(mode: string | undefined): Promise<void> {
  const backend = await openCanadaPost(
    mode === "credentials"
      ? { username: "u", password: "p", customerNumber: "1234567", baseUrl: "http://127.0.0.1:9" }
      : { env: "simulator" },
    { nodeEnv: "production" },
  );
  const modules = Object.keys(require.cache);
  await backend.close();
  process.stdout.write(JSON.stringify({ kind: backend.kind, modules }));
}

void main(process.argv[2]);
