/**
 * Calls to this plugin's admin routes. The admin is served by the Medusa backend itself, so relative URLs
 * with the admin's session cookie reach /admin/canada-post/* authenticated.
 */
export interface ShipmentView {
  id: string;
  shipment_id: string;
  tracking_pin: string | null;
  tracking_url: string | null;
  label_url: string | null;
  label_media_type: string | null;
  service_code: string;
  mode: string;
  status: string;
  price: { due: number; base: number; taxes: number } | null;
  refund: { serviceTicketId?: string; serviceTicketDate?: string } | null;
  tracking: {
    status: string | null;
    expected_delivery_date: string | null;
    actual_delivery_date: string | null;
    events: { code: string; description: string; occurredAt: string; site?: string; province?: string }[];
    tracked_at: string | null;
  };
}

/** An error as the plugin's routes give it: Canada Post's code and text when Canada Post refused. */
export class AdminApiError extends Error {
  constructor(
    message: string,
    readonly code?: string,
  ) {
    super(message);
  }
}

export async function adminApi<T>(path: string, init?: RequestInit): Promise<T> {
  const res = await fetch(path, {
    credentials: "include",
    ...init,
    headers: { accept: "application/json", ...(init?.body ? { "content-type": "application/json" } : {}) },
  });
  const body = (await res.json().catch(() => ({}))) as { message?: string; code?: string };
  if (!res.ok) throw new AdminApiError(body.message ?? `HTTP ${res.status}`, body.code);
  return body as T;
}
