import { createHmac, randomUUID, timingSafeEqual } from "node:crypto";

/**
 * Shopify's three signatures, made the way Shopify makes them (and `@shopify/shopify-api` checks them):
 * - query strings Shopify sends through the browser (OAuth redirect, app launch): hex HMAC-SHA256 of the
 *   other parameters sorted by name, `k=v` joined by `&`, values form-encoded with `%20` for spaces;
 * - bodies Shopify POSTs (webhooks, carrier-service rate requests): base64 HMAC-SHA256 of the raw body;
 * - App Bridge session tokens: HS256 JWTs.
 * All are keyed with the app's client secret.
 */

/** The text Shopify signs for a query string: every parameter but `hmac` and `signature`, sorted. */
export function queryToSign(params: Record<string, string>): string {
  const keys = Object.keys(params)
    .filter((k) => k !== "hmac" && k !== "signature")
    .sort((a, b) => a.localeCompare(b));
  const search = new URLSearchParams();
  for (const k of keys) search.append(k, params[k]!);
  return search.toString().replace(/\+/g, "%20");
}

export function signQuery(params: Record<string, string>, secret: string): string {
  return createHmac("sha256", secret).update(queryToSign(params)).digest("hex");
}

export function signBody(body: string | Buffer, secret: string): string {
  return createHmac("sha256", secret).update(body).digest("base64");
}

/** Constant-time comparison of two signatures (false when their lengths differ). */
export function sameSignature(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

const b64url = (v: string | Buffer) => Buffer.from(v).toString("base64url");

/** The claims of an App Bridge session token (Shopify's names). */
export interface SessionTokenClaims {
  iss: string;
  dest: string;
  aud: string;
  sub: string;
  exp: number;
  nbf: number;
  iat: number;
  jti: string;
  sid: string;
  sig: string;
}

export interface MintSessionTokenInput {
  shopDomain: string;
  apiKey: string;
  apiSecret: string;
  /** The staff member using the app (numeric id, as Shopify's `sub`). */
  userId: number | string;
  now: Date;
  /** Seconds the token lives; Shopify's tokens live one minute. */
  ttlSeconds?: number;
}

/**
 * An App Bridge session token as Shopify issues it: HS256, signed with the app's secret, issuer the shop's
 * admin, destination the shop, audience the app's client id, the staff member as subject, valid for 60 s.
 */
export function mintSessionToken(input: MintSessionTokenInput): {
  token: string;
  claims: SessionTokenClaims;
} {
  const iat = Math.floor(input.now.getTime() / 1000);
  const claims: SessionTokenClaims = {
    iss: `https://${input.shopDomain}/admin`,
    dest: `https://${input.shopDomain}`,
    aud: input.apiKey,
    sub: String(input.userId),
    exp: iat + (input.ttlSeconds ?? 60),
    nbf: iat,
    iat,
    jti: randomUUID(),
    sid: randomUUID().replace(/-/g, ""),
    sig: createHmac("sha256", input.apiSecret).update(`${input.shopDomain}:${iat}`).digest("hex"),
  };
  const header = b64url(JSON.stringify({ alg: "HS256", typ: "JWT" }));
  const payload = b64url(JSON.stringify(claims));
  const signature = createHmac("sha256", input.apiSecret).update(`${header}.${payload}`).digest("base64url");
  return { token: `${header}.${payload}.${signature}`, claims };
}

export type SessionTokenCheck = { ok: true; claims: SessionTokenClaims } | { ok: false; reason: string };

/**
 * Checks a session token the way Shopify's token endpoint does before exchanging it: its HS256 signature
 * with this app's secret, its audience, and its time window (a few seconds of skew allowed).
 */
export function verifySessionToken(
  token: string,
  apiKey: string,
  apiSecret: string,
  now: Date,
  skewSeconds = 10,
): SessionTokenCheck {
  const parts = token.split(".");
  if (parts.length !== 3) return { ok: false, reason: "the token is not a JWT" };
  const [header, payload, signature] = parts as [string, string, string];
  let head: { alg?: string };
  let claims: SessionTokenClaims;
  try {
    head = JSON.parse(Buffer.from(header, "base64url").toString("utf8"));
    claims = JSON.parse(Buffer.from(payload, "base64url").toString("utf8"));
  } catch {
    return { ok: false, reason: "the token's header or payload is not JSON" };
  }
  if (head.alg !== "HS256") return { ok: false, reason: "the token is not signed with HS256" };
  const expected = createHmac("sha256", apiSecret).update(`${header}.${payload}`).digest("base64url");
  if (!sameSignature(expected, signature)) return { ok: false, reason: "the token's signature is invalid" };
  if (claims.aud !== apiKey) return { ok: false, reason: "the token was issued for another app" };
  const nowSec = Math.floor(now.getTime() / 1000);
  if (typeof claims.exp !== "number" || nowSec > claims.exp + skewSeconds)
    return { ok: false, reason: "the token has expired" };
  if (typeof claims.nbf === "number" && nowSec + skewSeconds < claims.nbf)
    return { ok: false, reason: "the token is not valid yet" };
  return { ok: true, claims };
}
