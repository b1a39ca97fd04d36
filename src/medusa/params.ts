import { MedusaError } from "@medusajs/framework/utils";

/**
 * Ids taken from a URL path, checked before they reach a query: Medusa's ids (order_01J…, cpman_…) and
 * Canada Post's shipment ids are letters, digits and underscores; anything else (a NUL byte, a quote) is
 * simply not found, never a database error.
 */
const ID = /^[A-Za-z0-9_-]{1,64}$/;

export function pathId(value: string | undefined, what: string, hint: string): string {
  if (value && ID.test(value)) return value;
  throw new MedusaError(MedusaError.Types.NOT_FOUND, `No ${what} ${JSON.stringify(value ?? "")}: ${hint}`);
}
