import { z } from "zod";
import { baseUrlOf, Hosts, type CanadaPostConfig } from "../config";
import { parseInput } from "../context";
import { TokenIdSchema } from "./get-merchant-registration-info";

/*
 * Where the platform sends the merchant with the token: Canada Post's sign-up and approval page, given
 * `return-url`, `token-id` and `platform-id` (Canada Post's programming notes, ecomplatforms/default.jsf;
 * Shopify's active_shipping canada_post_pws.rb builds it as a GET query, X-Cart and PrestaShop modules post a
 * form with the same three fields). The merchant comes back to return-url with `token-id` and
 * `registration-status` added to its query (X-Cart's XC/CanadaPost Controller/Admin/Main.php reads them):
 * SUCCESS, CANCELLED, BAD_REQUEST, UNEXPECTED_ERROR, UNAUTHORIZED or SERVICE_UNAVAILABLE (its Platforms.php).
 */

const OP = "MerchantRegistration";

/**
 * Canada Post's sign-up pages: production's `drc/merchant`, the development environment's `drc/testMerchant`
 * (X-Cart's Platforms.php names both, under www.canadapost.ca/cpotools/apps; Canada Post serves them now under
 * www.canadapost-postescanada.ca/information/app). Any other base URL (a simulator) serves the same path itself.
 */
export const RegistrationPages = {
  production: "https://www.canadapost-postescanada.ca/information/app/drc/merchant",
  sandbox: "https://www.canadapost-postescanada.ca/information/app/drc/testMerchant",
} as const;

export const REGISTRATION_STATUSES = [
  "SUCCESS",
  "CANCELLED",
  "BAD_REQUEST",
  "UNEXPECTED_ERROR",
  "UNAUTHORIZED",
  "SERVICE_UNAVAILABLE",
] as const;
export type RegistrationStatus = (typeof REGISTRATION_STATUSES)[number];

/** The page that matches the configuration's Canada Post: production, sandbox, or the same host (simulator). */
export function registrationPageOf(config: Partial<Pick<CanadaPostConfig, "env" | "baseUrl">>): string {
  const base = baseUrlOf({ env: "sandbox", ...config } as CanadaPostConfig);
  if (base === Hosts.production) return RegistrationPages.production;
  if (base === Hosts.sandbox) return RegistrationPages.sandbox;
  return `${base}/information/app/drc/merchant`;
}

const RegistrationUrlInputSchema = z.object({
  tokenId: TokenIdSchema,
  platformId: z
    .string()
    .trim()
    .regex(/^\d{1,10}$/, "platformId must be the platform's Canada Post customer number"),
  /** Where Canada Post sends the merchant back: https, or http to this machine. */
  returnUrl: z.url({ message: "returnUrl must be an absolute http(s) URL" }),
});
export type RegistrationUrlInput = z.input<typeof RegistrationUrlInputSchema>;

/** The sign-up page's URL with return-url, token-id and platform-id in its query. */
export function buildMerchantRegistrationUrl(
  config: Partial<Pick<CanadaPostConfig, "env" | "baseUrl">>,
  input: RegistrationUrlInput,
): string {
  const i = parseInput(RegistrationUrlInputSchema, input, OP);
  const url = new URL(registrationPageOf(config));
  url.searchParams.set("return-url", i.returnUrl);
  url.searchParams.set("token-id", i.tokenId);
  url.searchParams.set("platform-id", i.platformId);
  return url.toString();
}

/** What Canada Post added to the return URL: the token and the status, as given (checked by the caller). */
export function readRegistrationReturn(query: URLSearchParams | Record<string, unknown>): {
  tokenId?: string;
  status?: string;
} {
  const get = (name: string): string | undefined => {
    const v = query instanceof URLSearchParams ? query.get(name) : query[name];
    return typeof v === "string" && v !== "" ? v : undefined;
  };
  return { tokenId: get("token-id"), status: get("registration-status") };
}

export const isRegistrationStatus = (s: string | undefined): s is RegistrationStatus =>
  (REGISTRATION_STATUSES as readonly string[]).includes(s ?? "");
