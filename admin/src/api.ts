/**
 * The app's admin API from the embedded admin: every call carries a fresh App Bridge session token as
 * `Authorization: Bearer` (never a cookie, never in a URL). A refused token (401 with
 * X-Shopify-Retry-Invalid-Session-Request) is asked again once with a new one. Refusals become ApiError with
 * the server's JSON: its type, and Canada Post's code and text when Canada Post refused.
 */

/** What App Bridge gives the admin: Shopify's `window.shopify`, or the local Shopify's stand-in. */
export interface Bridge {
  idToken(): Promise<string>;
  toast: { show(message: string, options?: { isError?: boolean; duration?: number }): unknown };
  config: { locale?: string; host?: string; shop?: string; apiKey?: string };
}

export function bridge(): Bridge | undefined {
  // Read untyped: App Bridge's own types (the global `shopify`) are not loaded where tests compile this file.
  return typeof window !== "undefined" ? (window as unknown as { shopify?: Bridge }).shopify : undefined;
}

/** A setting the server refused: where, and why in English and in French. */
export interface SettingsIssue {
  path: string;
  message: string;
  messageFr?: string;
}

/** The server's refusal, as JSON (see the README's admin API). */
export interface ApiErrorBody {
  type?: string;
  message?: string | { en: string; fr: string };
  messages?: { code?: string; description?: string }[] | { en: string; fr: string };
  code?: string;
  issues?: SettingsIssue[];
  failed?: { parcel_index: number; code: string | null; message: string }[];
  bought?: { shipment_id: string; tracking_pin: string | null }[];
  shipments?: { shipment_id: string; tracking_pin: string | null }[];
  reason?: string;
  user_errors?: { field?: string[]; message: string }[];
}

export class ApiError extends Error {
  override readonly name = "ApiError";
  constructor(
    readonly status: number,
    readonly body: ApiErrorBody,
  ) {
    super(typeof body.message === "string" ? body.message : `HTTP ${status}`);
  }
  get type() {
    return this.body.type;
  }
  get code() {
    return this.body.code;
  }
}

export type Fetch = typeof fetch;

export interface ApiClient {
  json<T>(path: string, init?: { method?: string; body?: unknown }): Promise<T>;
  /** A label or manifest: the bytes and their type. */
  blob(path: string, init?: { method?: string; body?: unknown }): Promise<Blob>;
}

export function apiClient(app: Pick<Bridge, "idToken">, fetchImpl: Fetch = fetch): ApiClient {
  const call = async (path: string, init: { method?: string; body?: unknown } = {}, retry = true) => {
    if (!path.startsWith("/api/")) throw new Error(`not an admin API path: ${path}`);
    const token = await app.idToken();
    const res = await fetchImpl(path, {
      method: init.method ?? (init.body === undefined ? "GET" : "POST"),
      headers: {
        authorization: `Bearer ${token}`,
        ...(init.body === undefined ? {} : { "content-type": "application/json" }),
      },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
      credentials: "omit",
    });
    if (res.status === 401 && retry && res.headers.get("x-shopify-retry-invalid-session-request") === "1")
      return call(path, init, false);
    if (!res.ok) {
      const body = (await res.json().catch(() => ({}))) as ApiErrorBody;
      throw new ApiError(res.status, body);
    }
    return res;
  };
  return {
    json: async <T>(path: string, init?: { method?: string; body?: unknown }) =>
      (await (await call(path, init)).json()) as T,
    blob: async (path, init) => (await call(path, init)).blob(),
  };
}
