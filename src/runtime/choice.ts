import { configFromEnv, type CanadaPostConfigInput } from "../canada-post/config";

/**
 * Which Canada Post an adapter gets: the decision itself, pure, apart from the starting and opening in
 * open-canada-post.ts, so that an adapter can check it at load (and stop there) before anything is opened.
 */

/** Canada Post's production or sandbox with an API key, or the built-in simulator. */
export type CanadaPostEnv = "production" | "sandbox" | "simulator";
const ENVS: readonly CanadaPostEnv[] = ["production", "sandbox", "simulator"];

/**
 * What an adapter knows of its Canada Post: the client's configuration, with the credentials possibly
 * missing and `env` possibly naming the built-in simulator (which the client knows nothing of).
 */
export type CanadaPostChoice = Omit<CanadaPostConfigInput, "username" | "password" | "env"> & {
  username?: string;
  password?: string;
  env?: CanadaPostEnv;
};

export type BackendPlan =
  | { use: "canada-post"; config: CanadaPostConfigInput }
  | {
      use: "simulator";
      /** Asked for with env "simulator", or the development default when no credentials are set. */
      why: "asked" | "no credentials";
      customerNumber?: string;
      contractId?: string;
      lang?: "en" | "fr";
    };

/** A configuration that must not start: the message says what to set. */
export class CanadaPostSetupError extends Error {
  override readonly name = "CanadaPostSetupError";
}

const CREDENTIALS =
  "CANADA_POST_USERNAME and CANADA_POST_PASSWORD (your API key), CANADA_POST_CUSTOMER_NUMBER (your customer " +
  "number), and CANADA_POST_CONTRACT_ID for contract rates (in the plugin's settings: canadaPost.username, " +
  "canadaPost.password, canadaPost.customerNumber and canadaPost.contractId)";

const isProduction = (nodeEnv: string | undefined) => nodeEnv?.trim().toLowerCase() === "production";

/**
 * Decides where Canada Post calls go. With credentials: Canada Post (sandbox unless env says production).
 * With env "simulator": the built-in simulator, even in production, and then credentials or a base URL are
 * a contradiction. With neither: the built-in simulator in development and tests, and a refusal when
 * NODE_ENV is production, so that a shop never quotes and buys labels from the simulator by mistake.
 */
export function planBackend(
  choice: CanadaPostChoice | undefined,
  nodeEnv: string | undefined = process.env.NODE_ENV,
): BackendPlan {
  const c = choice ?? {};
  const simulator = { customerNumber: c.customerNumber, contractId: c.contractId, lang: c.lang };
  if (c.env === "simulator") {
    const contradicting = [
      c.username ? "a username (CANADA_POST_USERNAME, canadaPost.username)" : "",
      c.password ? "a password (CANADA_POST_PASSWORD, canadaPost.password)" : "",
      c.baseUrl ? "a base URL (CANADA_POST_BASE_URL, canadaPost.baseUrl)" : "",
    ].filter(Boolean);
    if (contradicting.length)
      throw new CanadaPostSetupError(
        `CANADA_POST_ENV=simulator (canadaPost.env "simulator") means the built-in Canada Post simulator, ` +
          `which contradicts ${contradicting.join(" and ")}: remove ${contradicting.length > 1 ? "them" : "it"} ` +
          `to use the simulator, or set CANADA_POST_ENV to sandbox or production to use your API key.`,
      );
    return { use: "simulator", why: "asked", ...simulator };
  }
  if (c.username || c.password) {
    // The client's own configuration check says which of the two is missing, if one is.
    const { env, ...rest } = c;
    return {
      use: "canada-post",
      config: { ...rest, username: c.username ?? "", password: c.password ?? "", ...(env ? { env } : {}) },
    };
  }
  if (c.env === "production")
    throw new CanadaPostSetupError(
      `CANADA_POST_ENV=production (canadaPost.env "production") needs your production API key: set ${CREDENTIALS}.`,
    );
  if (isProduction(nodeEnv))
    throw new CanadaPostSetupError(
      `No Canada Post credentials are configured and NODE_ENV is production: set ${CREDENTIALS}. ` +
        `To run on the built-in Canada Post simulator anyway, set CANADA_POST_ENV=simulator ` +
        `(canadaPost.env "simulator").`,
    );
  return { use: "simulator", why: "no credentials", ...simulator };
}

/**
 * The choice the CANADA_POST_* variables make: CANADA_POST_ENV=simulator, else the client's own reading of
 * them (configFromEnv), else no credentials, with the customer number and contract the simulator is to
 * accept.
 */
export function canadaPostFromEnv(env: NodeJS.ProcessEnv = process.env): CanadaPostChoice {
  const named = env.CANADA_POST_ENV?.trim().toLowerCase() || undefined;
  if (named !== undefined && !ENVS.includes(named as CanadaPostEnv))
    throw new CanadaPostSetupError(
      `CANADA_POST_ENV must be ${ENVS.join(", ")} or unset, not "${env.CANADA_POST_ENV}".`,
    );
  const lang: "fr" | undefined = env.CANADA_POST_LANG?.trim().toLowerCase().startsWith("fr")
    ? "fr"
    : undefined;
  const common = {
    customerNumber: env.CANADA_POST_CUSTOMER_NUMBER?.trim() || undefined,
    contractId: env.CANADA_POST_CONTRACT_ID?.trim() || undefined,
    lang,
  };
  if (named === "simulator")
    return {
      ...common,
      env: "simulator",
      username: env.CANADA_POST_USERNAME || undefined,
      password: env.CANADA_POST_PASSWORD || undefined,
      baseUrl: env.CANADA_POST_BASE_URL || undefined,
    };
  const config = configFromEnv({ ...env, CANADA_POST_ENV: named });
  return config ?? { ...common, env: named as CanadaPostEnv | undefined };
}

/**
 * The e-commerce platform's key from CANADA_POST_PLATFORM_USERNAME, _PASSWORD and _ID: all three, or none
 * (the built-in simulator then uses its own platform; a real Canada Post offers no Connect button).
 */
export function platformFromEnv(
  env: NodeJS.ProcessEnv = process.env,
): { username: string; password: string; platformId: string } | undefined {
  const username = env.CANADA_POST_PLATFORM_USERNAME?.trim();
  const password = env.CANADA_POST_PLATFORM_PASSWORD?.trim();
  const platformId = env.CANADA_POST_PLATFORM_ID?.trim();
  if (!username && !password && !platformId) return undefined;
  if (!username || !password || !platformId || !/^\d{1,10}$/.test(platformId))
    throw new CanadaPostSetupError(
      "Connect with Canada Post needs CANADA_POST_PLATFORM_USERNAME and CANADA_POST_PLATFORM_PASSWORD (your platform's API key) and CANADA_POST_PLATFORM_ID (its customer number, digits): set all three, or none.",
    );
  return { username, password, platformId };
}
