import { join } from "node:path";

/** The demo app's medusa-config.ts, loaded as Medusa loads it, under a given environment. */
function loadConfig(env: Record<string, string | undefined>): unknown {
  const saved = { ...process.env };
  Object.assign(process.env, env);
  for (const [k, v] of Object.entries(env)) if (v === undefined) delete process.env[k];
  try {
    let config: unknown;
    jest.isolateModules(() => {
      // Medusa loads its config with require(), so the test does too.
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      config = require(join(__dirname, "../../../medusa-config.ts"));
    });
    return config;
  } finally {
    process.env = saved;
  }
}

describe("the demo app's configuration", () => {
  it("refuses to start in production with the demo's signing secrets", () => {
    expect(() =>
      loadConfig({ NODE_ENV: "production", JWT_SECRET: undefined, COOKIE_SECRET: "c".repeat(64) }),
    ).toThrow(/JWT_SECRET is not set: set it to a long random value/);
    expect(() =>
      loadConfig({ NODE_ENV: "production", JWT_SECRET: "j".repeat(64), COOKIE_SECRET: undefined }),
    ).toThrow(/COOKIE_SECRET is not set/);
  });

  it("uses the secrets given, and the demo's own only in development", () => {
    const prod = loadConfig({
      NODE_ENV: "production",
      JWT_SECRET: "j".repeat(64),
      COOKIE_SECRET: "c".repeat(64),
    });
    expect(prod).toMatchObject({
      projectConfig: { http: { jwtSecret: "j".repeat(64), cookieSecret: "c".repeat(64) } },
    });
    const dev = loadConfig({ NODE_ENV: "development", JWT_SECRET: undefined, COOKIE_SECRET: undefined });
    expect(dev).toMatchObject({ projectConfig: { http: { jwtSecret: "supersecret" } } });
  });
});
