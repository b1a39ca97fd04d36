import type { CarrierService } from "./model";
import { signBody } from "./signing";

/**
 * One carrier-service rate request as Shopify makes it: the `rate` JSON POSTed to the callback URL,
 * signed (X-Shopify-Hmac-Sha256, base64 over the raw body with the app's secret) and naming the shop
 * (X-Shopify-Shop-Domain). No retries. Redirects are followed only within the callback's own host. Any
 * non-2xx answer, redirect elsewhere, timeout or malformed answer means "use the backup rates".
 */

export interface CarrierRate {
  serviceName: string;
  serviceCode: string;
  /** Cents (Shopify's subunits). */
  totalPrice: number;
  currency: string;
  description: string;
  minDeliveryDate?: string;
  maxDeliveryDate?: string;
  phoneRequired?: boolean;
}

export type CarrierAnswer =
  | { ok: true; status: number; rates: CarrierRate[]; durationMs: number }
  | { ok: false; status?: number; reason: string; durationMs: number };

const MAX_REDIRECTS = 5;

export async function callCarrierService(
  service: CarrierService,
  shopDomain: string,
  apiSecret: string,
  body: string,
  timeoutMs: number,
): Promise<CarrierAnswer> {
  const started = Date.now();
  const took = () => Date.now() - started;
  const signal = AbortSignal.timeout(timeoutMs);
  const origin = new URL(service.callbackUrl);
  let url = service.callbackUrl;
  try {
    for (let hop = 0; ; hop++) {
      const res = await fetch(url, {
        method: "POST",
        redirect: "manual",
        signal,
        headers: {
          "content-type": "application/json",
          "user-agent": "Shopify/CarrierService",
          "x-shopify-shop-domain": shopDomain,
          "x-shopify-hmac-sha256": signBody(body, apiSecret),
        },
        body,
      });
      if (res.status >= 300 && res.status < 400) {
        await res.body?.cancel();
        const location = res.headers.get("location");
        if (!location)
          return {
            ok: false,
            status: res.status,
            reason: `HTTP ${res.status} without a Location`,
            durationMs: took(),
          };
        const next = new URL(location, url);
        if (next.hostname !== origin.hostname)
          return {
            ok: false,
            status: res.status,
            reason: `redirect to another domain (${next.host})`,
            durationMs: took(),
          };
        if (hop >= MAX_REDIRECTS)
          return { ok: false, status: res.status, reason: "too many redirects", durationMs: took() };
        url = next.toString();
        continue;
      }
      const text = await res.text();
      if (res.status < 200 || res.status >= 300)
        return { ok: false, status: res.status, reason: `HTTP ${res.status}`, durationMs: took() };
      const parsed = parseRates(text);
      if ("problems" in parsed)
        return {
          ok: false,
          status: res.status,
          reason: `malformed answer: ${parsed.problems.join("; ")}`,
          durationMs: took(),
        };
      return { ok: true, status: res.status, rates: parsed.rates, durationMs: took() };
    }
  } catch (e) {
    const err = e as Error;
    if (err.name === "TimeoutError" || signal.aborted)
      return { ok: false, reason: `no answer within ${timeoutMs} ms (timeout)`, durationMs: took() };
    return {
      ok: false,
      reason: `connection failed: ${String(err.cause ?? err.message)}`,
      durationMs: took(),
    };
  }
}

/** Checks the callback's answer: `{"rates": [...]}` with every required field, prices in cents. */
export function parseRates(text: string): { rates: CarrierRate[] } | { problems: string[] } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { problems: ["the body is not JSON"] };
  }
  const list = (value as { rates?: unknown } | null)?.rates;
  if (!value || typeof value !== "object" || !Array.isArray(list))
    return { problems: ['the body must be an object with a "rates" array'] };
  const problems: string[] = [];
  const rates: CarrierRate[] = [];
  list.forEach((raw: unknown, i) => {
    const r = (raw ?? {}) as Record<string, unknown>;
    const where = `rates[${i}]`;
    const text = (k: string) =>
      typeof r[k] === "string" && (r[k] as string).trim() !== "" ? (r[k] as string) : undefined;
    for (const k of ["service_name", "service_code", "currency"])
      if (!text(k)) problems.push(`${where}.${k} is required`);
    if (typeof r.description !== "string") problems.push(`${where}.description is required`);
    const price = r.total_price;
    const cents =
      typeof price === "number" && Number.isInteger(price)
        ? price
        : typeof price === "string" && /^\d+$/.test(price.trim())
          ? Number(price)
          : undefined;
    if (cents === undefined)
      problems.push(`${where}.total_price must be a whole number of cents (got ${JSON.stringify(price)})`);
    for (const k of ["min_delivery_date", "max_delivery_date"])
      if (
        r[k] !== undefined &&
        r[k] !== null &&
        (typeof r[k] !== "string" || Number.isNaN(Date.parse(r[k] as string)))
      )
        problems.push(`${where}.${k} is not a date`);
    if (r.phone_required !== undefined && typeof r.phone_required !== "boolean")
      problems.push(`${where}.phone_required must be true or false`);
    if (problems.length) return;
    rates.push({
      serviceName: r.service_name as string,
      serviceCode: r.service_code as string,
      totalPrice: cents!,
      currency: (r.currency as string).toUpperCase(),
      description: r.description as string,
      minDeliveryDate: (r.min_delivery_date as string | undefined) ?? undefined,
      maxDeliveryDate: (r.max_delivery_date as string | undefined) ?? undefined,
      phoneRequired: r.phone_required as boolean | undefined,
    });
  });
  return problems.length ? { problems } : { rates };
}
