import type { BackendKind } from "../runtime/open-canada-post";
import type { ResolvedPluginOptions } from "./options";

/**
 * The configuration in force as the admin's settings page shows it. Not a route (Medusa loads only
 * route.ts files). The API key's username is shown as its first and last two characters so the merchant
 * can tell which key is in use; the password is never sent, only whether one is set.
 */
export function maskSecret(value: string | undefined): string | null {
  if (!value) return null;
  return value.length >= 8 ? `${value.slice(0, 2)}…${value.slice(-2)}` : "…";
}

export function settingsView(
  options: ResolvedPluginOptions,
  backend: { kind: BackendKind; baseUrl: string },
) {
  const s = options.settings;
  const c = s.canadaPost;
  return {
    backend: { kind: backend.kind, base_url: backend.baseUrl },
    credentials: {
      username: maskSecret(c.username),
      password_set: Boolean(c.password),
      customer_number: c.customerNumber ?? null,
      contract_id: c.contractId ?? null,
      mobo: c.mobo ?? null,
      env: c.env,
    },
    language: s.language,
    rates: s.rates,
    origin: s.origin,
    shipping_point_id: s.shippingPointId ?? null,
    pickup: s.pickup ?? null,
    services: s.services,
    pricing: s.pricing,
    quotes: {
      deadline_ms: s.quotes.deadlineMs,
      cache_seconds: s.quotes.cacheSeconds,
      fallback_rates: s.quotes.fallbackRates,
    },
    labels: s.labels,
    shipments: {
      mode: s.shipments.mode,
      group_id_template: s.shipments.groupIdTemplate,
      location: s.shipments.location,
      time_zone: s.shipments.timeZone,
    },
    options: s.options,
    packing: { boxes: s.packing.boxes, missing_weight: s.packing.missingWeight },
    tracking: { calls_per_minute: options.trackingCallsPerMinute, schedule: "*/15 * * * *" },
    labels_dir: options.labelsDir,
    backend_url: options.backendUrl,
    notification_email: options.notificationEmail ?? null,
  };
}
