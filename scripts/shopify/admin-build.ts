/**
 * The embedded admin built when missing or older than its sources (admin/src, admin/index.html): what
 * `npm run shopify` and the browser test need from a fresh clone. Vite runs in its own process (it is an ES
 * module; the test runner is CommonJS), the same command as `npm run build:admin`.
 */
import { execFile } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join, resolve } from "node:path";

export const ADMIN_DIR = resolve(__dirname, "../../admin");
export const ADMIN_DIST = join(ADMIN_DIR, "dist");

function newest(path: string): number {
  const s = statSync(path);
  if (!s.isDirectory()) return s.mtimeMs;
  return Math.max(0, ...readdirSync(path).map((f) => newest(join(path, f))));
}

export function adminBuildIsCurrent(): boolean {
  const built = join(ADMIN_DIST, "index.html");
  if (!existsSync(built)) return false;
  const sources = Math.max(newest(join(ADMIN_DIR, "src")), newest(join(ADMIN_DIR, "index.html")));
  return statSync(built).mtimeMs >= sources;
}

/** Builds admin/dist unless it is current; answers whether it built. */
export async function ensureAdminBuilt(log: (m: string) => void = () => undefined): Promise<boolean> {
  if (adminBuildIsCurrent()) return false;
  log("building the embedded admin (admin/ → admin/dist)…");
  // vite's package exports no bin path: its package.json is found, and the bin beside it.
  const vite = join(resolve(require.resolve("vite/package.json"), ".."), "bin", "vite.js");
  await new Promise<void>((done, fail) =>
    execFile(
      process.execPath,
      [vite, "build", "--config", join(ADMIN_DIR, "vite.config.ts")],
      { cwd: resolve(ADMIN_DIR, ".."), maxBuffer: 16 * 1024 * 1024 },
      (error, _stdout, stderr) =>
        error ? fail(new Error(`building the embedded admin failed: ${stderr || error.message}`)) : done(),
    ),
  );
  return true;
}
