import type { IncomingMessage, ServerResponse } from "node:http";
import { randomHex } from "./ids";
import { cancelledPage, installPage, oauthErrorPage } from "./install-page";
import { header, parseParams, redirect, sendJson, sendText } from "./http";
import type { App } from "./model";
import { parseScopes, scopeText } from "./scopes";
import { mintSessionToken, signQuery, verifySessionToken } from "./signing";
import type { AccessToken, ShopState } from "./store";
import type { World } from "./world";

/**
 * Installing an app and getting tokens, as Shopify does it:
 * - GET /admin/oauth/authorize shows the grant screen (or skips it when the app already holds the scopes,
 *   or when auto-approval is on) and redirects to the app's redirect_uri with code, hmac, host, shop,
 *   state and timestamp, the hmac being hex HMAC-SHA256 of the sorted query with the app's secret;
 * - POST /admin/oauth/access_token exchanges a code, a session token (token exchange) or a refresh token
 *   for an access token, answered in Shopify's JSON.
 */

export const TOKEN_EXCHANGE_GRANT = "urn:ietf:params:oauth:grant-type:token-exchange";
export const ID_TOKEN_TYPE = "urn:ietf:params:oauth:token-type:id_token";
export const OFFLINE_TOKEN_TYPE = "urn:shopify:params:oauth:token-type:offline-access-token";
export const ONLINE_TOKEN_TYPE = "urn:shopify:params:oauth:token-type:online-access-token";

const CODE_TTL_MS = 10 * 60_000;
const ONLINE_TTL_S = 86_399;
const EXPIRING_TTL_S = 3_600;
const REFRESH_TTL_S = 7_776_000;

export interface OAuthSettings {
  /** Approve installs without showing the grant screen (scripts and tests). */
  autoApprove: boolean;
}

/** Shopify's `host` parameter: the shop's admin, base64 without padding. */
export const hostParam = (shop: ShopState) =>
  Buffer.from(`${shop.domain}/admin`).toString("base64").replace(/=+$/, "");

function redirectAllowed(app: App, uri: string): boolean {
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    return false;
  }
  if (app.redirectUrls?.length)
    return app.redirectUrls.some((allowed) => uri.split("?")[0] === allowed.split("?")[0]);
  return app.appUrl ? url.origin === new URL(app.appUrl).origin : true;
}

export function serveAuthorize(
  world: World,
  settings: OAuthSettings,
  shop: ShopState,
  req: IncomingMessage,
  res: ServerResponse,
): void {
  const url = new URL(req.url ?? "/", "http://local");
  const q = url.searchParams;
  const app = world.state.apps.get(q.get("client_id") ?? "");
  if (!app) return sendText(res, 400, oauthErrorPage("The client_id is invalid"), "text/html; charset=utf-8");
  const redirectUri = q.get("redirect_uri") ?? "";
  if (!redirectAllowed(app, redirectUri))
    return sendText(
      res,
      400,
      oauthErrorPage("The redirect_uri is not whitelisted"),
      "text/html; charset=utf-8",
    );
  const scopes = parseScopes(q.get("scope") ?? "");
  const online = q.getAll("grant_options[]").includes("per-user");
  const decision = q.get("local_shopify_decision");
  if (decision === "cancel") return sendText(res, 200, cancelledPage(shop, app), "text/html; charset=utf-8");
  const installed = world.state.installation(shop.domain, app.apiKey);
  const alreadyGranted = installed && scopes.every((s) => installed.scopes.includes(s));
  if (decision !== "install" && !settings.autoApprove && !alreadyGranted) {
    const yes = new URL(url.toString());
    yes.searchParams.set("local_shopify_decision", "install");
    const no = new URL(url.toString());
    no.searchParams.set("local_shopify_decision", "cancel");
    const rel = (u: URL) => `${u.pathname}${u.search}`;
    return sendText(
      res,
      200,
      installPage(shop, app, scopes, rel(yes), rel(no), online),
      "text/html; charset=utf-8",
    );
  }
  const now = world.clock.now();
  world.state.install(shop.domain, app.apiKey, scopes, now);
  const code = randomHex(16);
  world.state.codes.set(code, {
    code,
    shop: shop.domain,
    apiKey: app.apiKey,
    scopes,
    online,
    expiresAt: new Date(now.getTime() + CODE_TTL_MS),
  });
  const params: Record<string, string> = {
    code,
    host: hostParam(shop),
    shop: shop.domain,
    state: q.get("state") ?? "",
    timestamp: String(Math.floor(now.getTime() / 1000)),
  };
  params.hmac = signQuery(params, app.apiSecret);
  const target = new URL(redirectUri);
  for (const [k, v] of Object.entries(params)) target.searchParams.set(k, v);
  redirect(res, target.toString());
}

type TokenAnswer = { status: number; body: Record<string, unknown> };
const oauthError = (status: number, error: string, description: string): TokenAnswer => ({
  status,
  body: { error, error_description: description },
});

/** POST /admin/oauth/access_token: every grant the app may use. */
export function accessTokenAnswer(
  world: World,
  shop: ShopState,
  req: IncomingMessage,
  body: Buffer,
): TokenAnswer {
  const p = parseParams(body, header(req, "content-type"));
  if (!p) return oauthError(400, "invalid_request", "The request body must be JSON or form-encoded");
  const str = (k: string) => (typeof p[k] === "string" ? (p[k] as string) : undefined);
  const app = world.state.apps.get(str("client_id") ?? "");
  if (!app || str("client_secret") !== app.apiSecret)
    return oauthError(
      401,
      "invalid_client",
      "Client authentication failed: unknown client_id or wrong client_secret",
    );
  const expiring = str("expiring") === "1" || p.expiring === true;
  const now = world.clock.now();
  const grant = str("grant_type");

  if (grant === undefined || grant === "authorization_code") {
    const entry = world.state.codes.get(str("code") ?? "");
    if (!entry || entry.apiKey !== app.apiKey || entry.shop !== shop.domain || entry.expiresAt <= now)
      return oauthError(400, "invalid_request", "The authorization code was not found or was already used");
    world.state.codes.delete(entry.code);
    const inst = world.state.installation(shop.domain, app.apiKey);
    if (!inst)
      return oauthError(400, "invalid_request", "The app was uninstalled before the code was exchanged");
    return { status: 200, body: issue(world, shop, app, inst.scopes, entry.online, expiring, now) };
  }

  if (grant === TOKEN_EXCHANGE_GRANT) {
    const subject = str("subject_token");
    if (!subject) return oauthError(400, "missing_subject_token", "The subject_token is missing");
    if (str("subject_token_type") !== ID_TOKEN_TYPE)
      return oauthError(400, "invalid_request", `subject_token_type must be ${ID_TOKEN_TYPE}`);
    const check = verifySessionToken(subject, app.apiKey, app.apiSecret, now);
    if (!check.ok) return oauthError(400, "invalid_subject_token", check.reason);
    if (check.claims.dest !== `https://${shop.domain}`)
      return oauthError(400, "invalid_subject_token", "the token was issued for another shop");
    const requested = str("requested_token_type") ?? OFFLINE_TOKEN_TYPE;
    if (requested !== OFFLINE_TOKEN_TYPE && requested !== ONLINE_TOKEN_TYPE)
      return oauthError(
        400,
        "invalid_request",
        `requested_token_type must be ${OFFLINE_TOKEN_TYPE} or ${ONLINE_TOKEN_TYPE}`,
      );
    // Token exchange installs the app with the scopes of its configuration (Shopify managed installation).
    const inst = world.state.install(shop.domain, app.apiKey, app.scopes, now);
    return {
      status: 200,
      body: issue(world, shop, app, inst.scopes, requested === ONLINE_TOKEN_TYPE, expiring, now),
    };
  }

  if (grant === "refresh_token") {
    const old = [...world.state.tokens.values()].find(
      (t) => t.refreshToken === str("refresh_token") && t.apiKey === app.apiKey,
    );
    if (!old || old.shop !== shop.domain || (old.refreshExpiresAt && old.refreshExpiresAt <= now))
      return oauthError(400, "invalid_grant", "The refresh token is invalid or has expired");
    world.state.tokens.delete(old.token);
    return { status: 200, body: issue(world, shop, app, old.scopes, false, true, now) };
  }
  return oauthError(400, "unsupported_grant_type", `The grant type ${grant} is not supported`);
}

/** Stores a new token and answers it the way Shopify's token endpoint does. */
function issue(
  world: World,
  shop: ShopState,
  app: App,
  scopes: string[],
  online: boolean,
  expiring: boolean,
  now: Date,
): Record<string, unknown> {
  const granted = scopes;
  const token: AccessToken = {
    token: `${online ? "shpua" : "shpat"}_${randomHex(16)}`,
    shop: shop.domain,
    apiKey: app.apiKey,
    scopes: granted,
    kind: online ? "online" : "offline",
    createdAt: now,
  };
  const body: Record<string, unknown> = { access_token: token.token, scope: scopeText(granted) };
  if (online) {
    token.userId = shop.staff.id;
    token.expiresAt = new Date(now.getTime() + ONLINE_TTL_S * 1000);
    const s = shop.staff;
    Object.assign(body, {
      expires_in: ONLINE_TTL_S,
      associated_user_scope: scopeText(granted),
      associated_user: {
        id: s.id,
        first_name: s.firstName,
        last_name: s.lastName,
        email: s.email,
        email_verified: s.emailVerified,
        account_owner: s.accountOwner,
        locale: s.locale,
        collaborator: s.collaborator,
      },
    });
  } else if (expiring) {
    token.expiresAt = new Date(now.getTime() + EXPIRING_TTL_S * 1000);
    token.refreshToken = `shprt_${randomHex(16)}`;
    token.refreshExpiresAt = new Date(now.getTime() + REFRESH_TTL_S * 1000);
    Object.assign(body, {
      expires_in: EXPIRING_TTL_S,
      refresh_token: token.refreshToken,
      refresh_token_expires_in: REFRESH_TTL_S,
    });
  }
  world.state.tokens.set(token.token, token);
  return body;
}

export function serveAccessToken(
  world: World,
  shop: ShopState,
  req: IncomingMessage,
  res: ServerResponse,
  body: Buffer,
): number {
  const answer = accessTokenAnswer(world, shop, req, body);
  sendJson(res, answer.status, answer.body);
  return answer.status;
}

/**
 * How the admin opens an embedded app: the app URL with embedded, hmac, host, id_token (a fresh session
 * token), locale, session, shop and timestamp, signed like the OAuth redirect.
 */
export function appLaunchUrl(
  world: World,
  shop: ShopState,
  app: App,
  /** A page of the app (the admin's /apps/{key}/{path}) and the admin URL's own query, passed on as Shopify does. */
  page: { path?: string; query?: Record<string, string> } = {},
): string {
  if (!app.appUrl) throw new Error(`the app ${app.apiKey} has no appUrl to open`);
  const now = world.clock.now();
  const { token, claims } = mintSessionToken({
    shopDomain: shop.domain,
    apiKey: app.apiKey,
    apiSecret: app.apiSecret,
    userId: shop.staff.id,
    now,
  });
  const params: Record<string, string> = {
    ...page.query,
    embedded: "1",
    host: hostParam(shop),
    id_token: token,
    locale: shop.staff.locale,
    session: claims.sid,
    shop: shop.domain,
    timestamp: String(Math.floor(now.getTime() / 1000)),
  };
  delete params.hmac;
  params.hmac = signQuery(params, app.apiSecret);
  const url = new URL(app.appUrl);
  if (page.path) url.pathname = `${url.pathname.replace(/\/$/, "")}/${page.path.replace(/^\//, "")}`;
  for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
  return url.toString();
}
