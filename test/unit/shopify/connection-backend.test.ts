import type { Pool } from "pg";
import { CanadaPostSetupError } from "../../../src/runtime/choice";
import { ShopCores } from "../../../src/shopify/shop-cores";
import type { Shops } from "../../../src/shopify/shops";

/**
 * Where Connect with Canada Post registers merchants: the app's default Canada Post; in production with no
 * default account, the platform's key on the Canada Post CANADA_POST_ENV names (never the shops' quotes).
 */
const platform = { username: "platform-user", password: "platform-pass", platformId: "8888888" };
const cores = (defaults: object, withPlatform = true) =>
  new ShopCores({} as Pool, {} as Shops, defaults, undefined, withPlatform ? { platform } : {});

const NODE_ENV = process.env.NODE_ENV;
afterEach(() => {
  process.env.NODE_ENV = NODE_ENV;
});

test("no default account in production: the platform's key on Canada Post's production", async () => {
  process.env.NODE_ENV = "production";
  const c = cores({ env: "production" });
  expect(c.hasDefaultAccount()).toBe(false);
  const backend = await c.connectionBackend();
  expect(backend).toMatchObject({ kind: "production", platform });
  await c.close();
});

test("no default account and no platform key: no Canada Post to register on", async () => {
  process.env.NODE_ENV = "production";
  const c = cores({}, false);
  await expect(c.connectionBackend()).rejects.toBeInstanceOf(CanadaPostSetupError);
  await c.close();
});

test("a default account: registrations go to its Canada Post, with the platform's key beside it", async () => {
  const c = cores({ username: "default-user", password: "default-pass", customerNumber: "1234567" });
  expect(c.hasDefaultAccount()).toBe(true);
  expect(await c.connectionBackend()).toMatchObject({ kind: "sandbox", platform });
  await c.close();
});
