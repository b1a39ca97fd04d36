import {
  connectedAccountView,
  connectionState,
  RegistrationRefused,
  type MerchantConnection,
} from "../shipping/merchant-connection";
import { describeConnectionState } from "../shipping/connection-messages";
import type { CanadaPostRuntime } from "./runtime";
import { maskSecret } from "./settings-view";

/**
 * The connection as the admin's settings page shows it: the state, which credentials are in force (a stored
 * connection wins over the environment's), the account, and whether Connect with Canada Post is offered.
 */
export function connectionView(runtime: Pick<CanadaPostRuntime, "connection" | "base" | "registration">) {
  const c: MerchantConnection | undefined = runtime.connection;
  const state = connectionState(c);
  const source = c ? "connection" : runtime.base.kind === "simulator" ? "simulator" : "environment";
  return {
    state,
    message: { en: describeConnectionState(state, "en"), fr: describeConnectionState(state, "fr") },
    source,
    account: c ? connectedAccountView(c, maskSecret) : null,
    environment: {
      customer_number: runtime.base.config.customerNumber ?? null,
      contract_id: runtime.base.config.contractId ?? null,
    },
    can_connect: Boolean(runtime.registration),
    why_not: runtime.registration
      ? null
      : "Connect with Canada Post needs your platform's key: set CANADA_POST_PLATFORM_USERNAME, CANADA_POST_PLATFORM_PASSWORD and CANADA_POST_PLATFORM_ID.",
  };
}

export const NONCE_COOKIE = "cp_connect_nonce";
export const CONNECTION_PATH = "/admin/canada-post/connection";

/** The nonce cookie of the browser that started the connection: HttpOnly, sent back only to the return route. */
export function nonceCookie(value: string, maxAgeSeconds: number, secure: boolean): string {
  return `${NONCE_COOKIE}=${value}; Path=${CONNECTION_PATH}; HttpOnly; SameSite=Lax; Max-Age=${maxAgeSeconds}${secure ? "; Secure" : ""}`;
}

export function readCookie(header: string | undefined, name: string): string | undefined {
  const m = new RegExp(`(?:^|;\\s*)${name}=([^;]*)`).exec(header ?? "");
  return m?.[1] ? decodeURIComponent(m[1]) : undefined;
}

/**
 * Canada Post's return, completed for this admin and browser: the connection put in force, or the refusal's
 * reason; either way the settings page to send the admin to.
 */
export async function finishConnection(
  runtime: Pick<CanadaPostRuntime, "registration" | "connect" | "options">,
  query: Record<string, unknown>,
  from: { actor: string; cookie?: string },
): Promise<string> {
  const back = new URL("/app/canada-post-settings", runtime.options.backendUrl);
  try {
    if (!runtime.registration)
      throw new RegistrationRefused("state", "Connect with Canada Post is not offered here.");
    const connection = await runtime.registration.completeReturn(query, {
      actor: from.actor,
      nonce: readCookie(from.cookie, NONCE_COOKIE),
    });
    runtime.connect(connection);
    back.searchParams.set("connected", "1");
  } catch (e) {
    if (!(e instanceof RegistrationRefused)) throw e;
    back.searchParams.set("connection_error", e.reason);
  }
  return `${back.pathname}${back.search}`;
}
