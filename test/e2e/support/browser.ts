import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, type BrowserContext, type Page } from "playwright-core";
import { ADMIN_EMAIL, ADMIN_PASSWORD } from "./order";

/** Debian's chromium (playwright-core never downloads a browser), headless, in a throwaway profile. */
export const CHROMIUM = "/usr/bin/chromium";

export async function launchBrowser(
  options: { locale?: string; viewport?: { width: number; height: number } } = {},
): Promise<{ context: BrowserContext; close: () => Promise<void> }> {
  const profile = mkdtempSync(join(tmpdir(), "cp-e2e-chromium-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    locale: options.locale ?? "en-CA",
    viewport: options.viewport ?? { width: 1440, height: 1000 },
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
  return {
    context,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** vite compiles Medusa's admin on its first request: the first page can take a minute or more. */
export const FIRST_ADMIN_LOAD_MS = 240_000;

/** Logs the demo store's admin user in through Medusa's own login page. */
export async function logInToAdmin(page: Page, baseUrl: string): Promise<void> {
  await page.goto(`${baseUrl}/app/login`, { timeout: FIRST_ADMIN_LOAD_MS });
  await page.locator('input[name="email"]').fill(ADMIN_EMAIL, { timeout: FIRST_ADMIN_LOAD_MS });
  await page.locator('input[name="password"]').fill(ADMIN_PASSWORD);
  await page.locator('button[type="submit"]').click();
  await page.waitForURL((url) => !url.pathname.includes("/login"), { timeout: 60_000 });
}
