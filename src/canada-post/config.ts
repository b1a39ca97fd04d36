import { z } from "zod";

export const Hosts = {
  production: "https://soa-gw.canadapost.ca",
  sandbox: "https://ct.soa-gw.canadapost.ca",
} as const;

const digits = (name: string) =>
  z
    .string()
    .trim()
    .regex(/^\d{1,10}$/, `${name} must be up to 10 digits, as on your Canada Post account`);

/** How the client reaches Canada Post. Secrets stay in this object: nothing logs it. */
export const CanadaPostConfigSchema = z.object({
  username: z.string().min(1, "username (API key user) is required"),
  password: z.string().min(1, "password (API key password) is required"),
  /** The mailed-by customer number: required for contract shipping, commercial rates and manifests. */
  customerNumber: digits("customerNumber").optional(),
  /** Mailed on behalf of: defaults to the customer number. */
  mobo: digits("mobo").optional(),
  contractId: digits("contractId").optional(),
  /**
   * The e-commerce platform's id, sent as the `Platform-id` header with every call made with a merchant's
   * credentials obtained through that platform (Canada Post's PHP sample GetMerchantRegistrationInfo; Shopify's
   * active_shipping canada_post_pws.rb and X-Cart's XC/CanadaPost Platforms.php send it the same way).
   */
  platformId: digits("platformId").optional(),
  env: z.enum(["production", "sandbox"]).default("sandbox"),
  /** Overrides the host of `env`, e.g. the local simulator. */
  baseUrl: z
    .url({ message: "baseUrl must be an http(s) URL" })
    .refine(isSafeBaseUrl, {
      message:
        "baseUrl must be https: the API key goes with every call (plain http only to this machine: localhost, 127.0.0.1 or [::1])",
    })
    .optional(),
  lang: z.enum(["en", "fr"]).default("en"),
  /** Deadline of one HTTP exchange, in milliseconds. */
  timeoutMs: z.number().int().positive().default(15_000),
  /** Extra attempts for calls that a retry cannot duplicate. */
  retries: z.number().int().min(0).max(5).default(2),
  /** First backoff delay; doubles each attempt, with jitter. */
  retryDelayMs: z.number().int().min(0).default(200),
  /** Keep-alive connections per origin. */
  connections: z.number().int().positive().default(16),
});

/** https anywhere; plain http only to this machine (a local simulator), where nothing crosses a network. */
export function isSafeBaseUrl(url: string): boolean {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return false;
  }
  if (u.protocol === "https:") return true;
  return u.protocol === "http:" && ["localhost", "127.0.0.1", "[::1]"].includes(u.hostname);
}

export type CanadaPostConfig = z.output<typeof CanadaPostConfigSchema>;
export type CanadaPostConfigInput = z.input<typeof CanadaPostConfigSchema>;

export function resolveConfig(input: CanadaPostConfigInput): CanadaPostConfig {
  const parsed = CanadaPostConfigSchema.safeParse(input);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join(".") || "config"}: ${i.message}`);
    throw new Error(`Invalid Canada Post configuration: ${issues.join("; ")}`);
  }
  return parsed.data;
}

export function baseUrlOf(config: CanadaPostConfig): string {
  return (config.baseUrl ?? Hosts[config.env]).replace(/\/+$/, "");
}

/**
 * The configuration named by the CANADA_POST_* environment variables, or undefined when no credentials are
 * set (the caller then uses the built-in simulator).
 */
export function configFromEnv(env: NodeJS.ProcessEnv = process.env): CanadaPostConfigInput | undefined {
  const username = env.CANADA_POST_USERNAME;
  const password = env.CANADA_POST_PASSWORD;
  if (!username && !password) return undefined;
  const lang = env.CANADA_POST_LANG?.toLowerCase().slice(0, 2);
  return {
    username: username ?? "",
    password: password ?? "",
    customerNumber: env.CANADA_POST_CUSTOMER_NUMBER || undefined,
    mobo: env.CANADA_POST_MOBO || undefined,
    contractId: env.CANADA_POST_CONTRACT_ID || undefined,
    env: (env.CANADA_POST_ENV as "production" | "sandbox" | undefined) || undefined,
    baseUrl: env.CANADA_POST_BASE_URL || undefined,
    lang: (lang as "en" | "fr" | undefined) || undefined,
  };
}
