import {
  CanadaPostSetupError,
  canadaPostFromEnv,
  planBackend,
  type CanadaPostChoice,
} from "../../../src/runtime/choice";

/** Which Canada Post an adapter gets, decided in one place (src/runtime). */

const KEY = { username: "key-user", password: "key-secret", customerNumber: "2004381" };

function refusal(choice: CanadaPostChoice | undefined, nodeEnv: string | undefined): string {
  try {
    planBackend(choice, nodeEnv);
  } catch (e) {
    expect(e).toBeInstanceOf(CanadaPostSetupError);
    return (e as Error).message;
  }
  throw new Error("the choice was accepted");
}

describe("planBackend", () => {
  it.each([undefined, "", "development", "test"])(
    "starts the built-in simulator without credentials when NODE_ENV is %p",
    (nodeEnv) => {
      expect(planBackend(undefined, nodeEnv)).toEqual({ use: "simulator", why: "no credentials" });
      expect(
        planBackend({ customerNumber: "1234567", contractId: "42708517", env: "sandbox" }, nodeEnv),
      ).toEqual({
        use: "simulator",
        why: "no credentials",
        customerNumber: "1234567",
        contractId: "42708517",
      });
    },
  );

  it.each(["production", " Production "])(
    "refuses to start without credentials when NODE_ENV is %p, naming what to set",
    (nodeEnv) => {
      for (const choice of [undefined, {}, { env: "sandbox" as const, customerNumber: "1234567" }]) {
        const message = refusal(choice, nodeEnv);
        for (const name of [
          "CANADA_POST_USERNAME",
          "CANADA_POST_PASSWORD",
          "CANADA_POST_CUSTOMER_NUMBER",
          "CANADA_POST_CONTRACT_ID",
          "CANADA_POST_ENV=simulator",
        ])
          expect(message).toContain(name);
        expect(message).toMatch(/NODE_ENV is production/);
      }
    },
  );

  it("starts the simulator in production when asked for with env simulator", () => {
    expect(planBackend({ env: "simulator", customerNumber: "1234567", lang: "fr" }, "production")).toEqual({
      use: "simulator",
      why: "asked",
      customerNumber: "1234567",
      lang: "fr",
    });
    expect(planBackend({ env: "simulator" }, "development")).toMatchObject({
      use: "simulator",
      why: "asked",
    });
  });

  it("refuses env simulator with a username, a password or a base URL, as contradictory", () => {
    expect(refusal({ env: "simulator", ...KEY }, "production")).toMatch(
      /contradicts a username \(CANADA_POST_USERNAME, canadaPost.username\) and a password \(CANADA_POST_PASSWORD, canadaPost.password\): remove them/,
    );
    expect(refusal({ env: "simulator", password: "p" }, "development")).toMatch(/contradicts a password/);
    expect(refusal({ env: "simulator", baseUrl: "http://127.0.0.1:8090" }, undefined)).toMatch(
      /contradicts a base URL \(CANADA_POST_BASE_URL, canadaPost.baseUrl\): remove it/,
    );
  });

  it("opens Canada Post with credentials, whatever NODE_ENV says", () => {
    for (const nodeEnv of ["production", "development", undefined])
      expect(planBackend({ ...KEY, env: "production" }, nodeEnv)).toEqual({
        use: "canada-post",
        config: { ...KEY, env: "production" },
      });
    expect(planBackend(KEY, "production")).toEqual({ use: "canada-post", config: KEY });
  });

  it("hands half a key to the client, whose configuration check names the missing half, never to the simulator", () => {
    expect(planBackend({ password: "p" }, "development")).toEqual({
      use: "canada-post",
      config: { username: "", password: "p" },
    });
  });

  it("refuses env production without credentials even in development", () => {
    expect(refusal({ env: "production" }, "development")).toMatch(
      /CANADA_POST_ENV=production .* needs your production API key: set CANADA_POST_USERNAME and CANADA_POST_PASSWORD/,
    );
  });
});

describe("canadaPostFromEnv", () => {
  it("reads CANADA_POST_ENV=simulator itself, passing on what contradicts it for planBackend to refuse", () => {
    expect(
      canadaPostFromEnv({ CANADA_POST_ENV: "simulator", CANADA_POST_CUSTOMER_NUMBER: " 1234567 " }),
    ).toEqual({
      env: "simulator",
      customerNumber: "1234567",
    });
    const contradictory = canadaPostFromEnv({
      CANADA_POST_ENV: "Simulator",
      CANADA_POST_USERNAME: "u",
      CANADA_POST_PASSWORD: "p",
      CANADA_POST_BASE_URL: "http://127.0.0.1:8090",
    });
    expect(contradictory).toEqual({
      env: "simulator",
      username: "u",
      password: "p",
      baseUrl: "http://127.0.0.1:8090",
    });
    expect(() => planBackend(contradictory, "production")).toThrow(/contradicts a username/);
  });

  it("gives the client's configuration when credentials are set", () => {
    expect(
      canadaPostFromEnv({
        CANADA_POST_USERNAME: "u",
        CANADA_POST_PASSWORD: "p",
        CANADA_POST_CUSTOMER_NUMBER: "2004381",
        CANADA_POST_CONTRACT_ID: "42708517",
        CANADA_POST_ENV: "production",
        CANADA_POST_LANG: "fr-CA",
      }),
    ).toEqual({
      username: "u",
      password: "p",
      customerNumber: "2004381",
      contractId: "42708517",
      env: "production",
      lang: "fr",
    });
  });

  it("without credentials, keeps the env, customer number and contract, so production is refused", () => {
    const none = canadaPostFromEnv({ CANADA_POST_CONTRACT_ID: "42708517", CANADA_POST_LANG: "fr" });
    expect(none).toEqual({ contractId: "42708517", lang: "fr" });
    expect(() => planBackend(none, "production")).toThrow(CanadaPostSetupError);
    expect(() => planBackend(canadaPostFromEnv({ CANADA_POST_ENV: "production" }), "test")).toThrow(
      /needs your production API key/,
    );
  });

  it("refuses a CANADA_POST_ENV it does not know", () => {
    expect(() => canadaPostFromEnv({ CANADA_POST_ENV: "prod" })).toThrow(
      'CANADA_POST_ENV must be production, sandbox, simulator or unset, not "prod".',
    );
  });
});
