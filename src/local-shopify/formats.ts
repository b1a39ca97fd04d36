/**
 * How Shopify writes amounts and times. GraphQL `Decimal` amounts drop trailing zeros but keep one
 * decimal ("15.0", "12.5", "18.99"), GraphQL `Money` and REST prices keep two ("15.00"); GraphQL
 * `DateTime` is UTC without milliseconds ("2026-05-06T01:44:24Z") and REST times are the shop's local
 * time with its offset ("2026-05-05T21:44:24-04:00").
 */

export function decimalAmount(cents: number): string {
  const whole = Math.trunc(cents / 100);
  const frac = Math.abs(cents % 100);
  const sign = cents < 0 && whole === 0 ? "-" : "";
  if (frac === 0) return `${sign}${whole}.0`;
  return `${sign}${whole}.${String(frac).padStart(2, "0").replace(/0$/, "")}`;
}

export function moneyAmount(cents: number): string {
  return (cents / 100).toFixed(2);
}

export function dateTime(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, "Z");
}

/** The shop's UTC offset at a moment, in minutes (e.g. -240 in Ottawa in summer). */
export function offsetMinutes(date: Date, timeZone: string): number {
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone,
    hourCycle: "h23",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
  }).formatToParts(date);
  const get = (t: string) => Number(parts.find((p) => p.type === t)!.value);
  const local = Date.UTC(
    get("year"),
    get("month") - 1,
    get("day"),
    get("hour"),
    get("minute"),
    get("second"),
  );
  return Math.round((local - Math.floor(date.getTime() / 1000) * 1000) / 60_000);
}

export function formatOffset(minutes: number, separator = ":"): string {
  const sign = minutes < 0 ? "-" : "+";
  const abs = Math.abs(minutes);
  return `${sign}${String(Math.floor(abs / 60)).padStart(2, "0")}${separator}${String(abs % 60).padStart(2, "0")}`;
}

export function restTime(date: Date | undefined, timeZone: string): string | null {
  if (!date) return null;
  const offset = offsetMinutes(date, timeZone);
  const local = new Date(Math.floor(date.getTime() / 1000) * 1000 + offset * 60_000);
  return `${local.toISOString().slice(0, 19)}${formatOffset(offset)}`;
}

/** Cents from a decimal amount written as text or number ("18.00", 18) — undefined if it is not one. */
export function centsOf(value: unknown): number | undefined {
  const text = typeof value === "number" ? String(value) : typeof value === "string" ? value.trim() : "";
  if (!/^-?\d+(\.\d{1,2})?$/.test(text)) return undefined;
  return Math.round(Number(text) * 100);
}
