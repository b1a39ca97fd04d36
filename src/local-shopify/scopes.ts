/** Access scopes: a `write_x` grant implies `read_x`; scopes travel as comma-separated text. */

export function parseScopes(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(parseScopes);
  if (typeof value !== "string") return [];
  return [
    ...new Set(
      value
        .split(/[\s,]+/)
        .map((s) => s.trim())
        .filter(Boolean),
    ),
  ];
}

export function grants(granted: readonly string[], needed: string): boolean {
  if (granted.includes(needed)) return true;
  return needed.startsWith("read_") && granted.includes(`write_${needed.slice(5)}`);
}

/** True when the grant holds at least one of the scopes (or none is needed). */
export function grantsAny(granted: readonly string[], anyOf: readonly string[]): boolean {
  return anyOf.length === 0 || anyOf.some((s) => grants(granted, s));
}

/** Shopify's wording of what is missing: "`read_orders` access scope" or "the `a` or the `b` access scope". */
export function requiredAccessText(anyOf: readonly string[]): string {
  if (anyOf.length === 1) return `\`${anyOf[0]}\` access scope.`;
  return `the ${anyOf.map((s) => `\`${s}\``).join(" or the ")} access scope.`;
}

/** The scopes Shopify writes back in token answers: what was asked, with implied reads left out. */
export function scopeText(scopes: readonly string[]): string {
  return scopes.filter((s) => !(s.startsWith("read_") && scopes.includes(`write_${s.slice(5)}`))).join(",");
}
