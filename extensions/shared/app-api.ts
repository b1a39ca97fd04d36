/**
 * The app's admin API as the order page's extensions call it. fetch() with a path: Shopify resolves it
 * against the app's URL and adds `Authorization: Bearer <ID token>` itself (the same session token the
 * embedded admin sends), so nothing here handles a token. Refusals keep the server's JSON: Canada Post's
 * code and text when Canada Post refused.
 */

export interface Shipment {
  id: string;
  tracking_pin: string | null;
  tracking_url: string | null;
  service_code: string;
  status: "created" | "transmitted" | "voided" | "refund_requested";
  tracking_status: string | null;
  label_url: string | null;
}

export interface Refusal {
  type?: string;
  code?: string;
  message?: string;
  failed?: { parcel_index: number; code: string | null; message: string }[];
}

export class AppApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: Refusal,
  ) {
    super(body.message ?? `HTTP ${status}`);
  }
  /** Canada Post's code when Canada Post refused (or refused a parcel of a partial purchase). */
  get code(): string | undefined {
    return this.body.code ?? this.body.failed?.find((f) => f.code)?.code ?? undefined;
  }
  /** Canada Post's own text first, never reworded. */
  get text(): string {
    return this.body.failed?.[0]?.message ?? this.message;
  }
}

async function call<T>(path: string, init?: { method?: string; body?: unknown }): Promise<T> {
  const res = await fetch(path, {
    method: init?.method ?? "GET",
    headers: init?.body === undefined ? {} : { "content-type": "application/json" },
    body: init?.body === undefined ? undefined : JSON.stringify(init.body),
  });
  if (!res.ok) throw new AppApiError(res.status, ((await res.json().catch(() => ({}))) ?? {}) as Refusal);
  return (await res.json()) as T;
}

export const orderShipments = (orderId: string) =>
  call<{ shipments: Shipment[] }>(`/api/shipments?order_id=${encodeURIComponent(orderId)}`).then(
    (r) => r.shipments,
  );

export interface OrderSummary {
  order: { id: string; name: string; service_code: string | null; service_name: string | null };
  shipments: Shipment[];
}

export const orderSummary = (orderId: string) =>
  call<OrderSummary>(`/api/orders/${encodeURIComponent(orderId)}`);

export const createLabels = (orderId: string) =>
  call<{ fulfillments: { shipments: Shipment[] }[] }>(`/api/orders/${encodeURIComponent(orderId)}/labels`, {
    method: "POST",
    body: {},
  }).then((r) => r.fulfillments.flatMap((f) => f.shipments));

export const live = (s: Shipment) => s.status === "created" || s.status === "transmitted";

/** The embedded admin's Shipments page, opening this label ready to print (labels need the app's session). */
export const printLink = (orderId: string, s: Shipment) =>
  `app:shipments?order_id=${encodeURIComponent(orderId)}&print=${encodeURIComponent(s.id)}`;
