import type { IncomingMessage, ServerResponse } from "node:http";
import { OffsetClock } from "./clock";
import { commerceControl } from "./controls-commerce";
import { ControlError, pickApp, pickShop, type Body } from "./control-helpers";
import { FaultInputError } from "./faults";
import { parseParams, redirect, sendJson } from "./http";
import type { App, BackupRate } from "./model";
import { centsOf } from "./formats";
import { appLaunchUrl } from "./oauth";
import { parseScopes } from "./scopes";
import type { Runtime } from "./server";
import { mintSessionToken } from "./signing";
import type { ShopState } from "./store";
import { COMPLIANCE_TOPICS, type ComplianceTopic } from "./webhook-topics";
import { OrderInputError, OrderStateError } from "./orders";
import { randomHex } from "./ids";

/**
 * The local Shopify's own controls, JSON under /__shopify/ on every shop URL (not Shopify's namespace, no
 * auth): inspection (state, requests, webhooks), the clock, faults, settings and reset, and the things a
 * merchant or Shopify itself would do (session tokens, uninstall, privacy webhooks, checkout, orders...).
 */

/** The shop's backup rates from a control's JSON: [{ name, price (cents, or "15.00"), countries? }]. */
function backupRatesFrom(value: unknown): BackupRate[] {
  if (!Array.isArray(value))
    throw new ControlError(400, '"rates" is a list of { "name", "price", "countries"? }');
  return value.map((r: Record<string, unknown>, i) => {
    const price = typeof r.price === "number" && Number.isInteger(r.price) ? r.price : centsOf(r.price);
    if (typeof r.name !== "string" || !r.name.trim() || price === undefined)
      throw new ControlError(400, `rates[${i}] needs a "name" and a "price" (cents, or "15.00")`);
    const countries = Array.isArray(r.countries)
      ? r.countries.map((c) => String(c).toUpperCase())
      : undefined;
    return countries ? { name: r.name, price, countries } : { name: r.name, price };
  });
}

const mask = (token: string) => `${token.slice(0, 10)}…${token.slice(-4)}`;

function describeState(rt: Runtime) {
  const state = rt.world.state;
  return {
    now: rt.world.clock.now().toISOString(),
    settings: rt.settings,
    apps: [...state.apps.values()].map((a) => ({
      apiKey: a.apiKey,
      name: a.name,
      appUrl: a.appUrl ?? null,
      scopes: a.scopes,
    })),
    shops: [...state.shops.values()].map((shop) => ({
      domain: shop.domain,
      url: shop.url,
      name: shop.name,
      installations: [...state.installations.values()].filter((i) => i.shop === shop.domain),
      tokens: [...state.tokens.values()]
        .filter((t) => t.shop === shop.domain)
        .map((t) => ({
          token: mask(t.token),
          apiKey: t.apiKey,
          kind: t.kind,
          scopes: t.scopes,
          expiresAt: t.expiresAt?.toISOString() ?? null,
        })),
      carrierServices: [...shop.carrierServices.values()],
      webhookSubscriptions: [...shop.webhookSubscriptions.values()],
      backupRates: shop.backupRates,
      counts: {
        products: shop.products.size,
        orders: shop.orders.size,
        fulfillments: shop.fulfillments.size,
      },
    })),
  };
}

function complianceBody(shop: ShopState, topic: ComplianceTopic, body: Body) {
  const base = { shop_id: shop.id, shop_domain: shop.domain };
  if (topic === "shop/redact") return base;
  const c =
    (body.customer as { id?: number; email?: string; phone?: string } | undefined) ??
    [...shop.customers.values()][0];
  const customer = { id: c?.id ?? null, email: c?.email ?? null, phone: c?.phone ?? null };
  const orders = Array.isArray(body.orders)
    ? (body.orders as number[])
    : [...shop.orders.values()]
        .filter((o) => o.customerId !== undefined && o.customerId === c?.id)
        .map((o) => o.id);
  if (topic === "customers/redact") return { ...base, customer, orders_to_redact: orders };
  return {
    ...base,
    orders_requested: orders,
    customer,
    data_request: { id: Number(body.dataRequestId ?? 9999) },
  };
}

function uninstall(rt: Runtime, shop: ShopState, app: App) {
  const state = rt.world.state;
  if (!state.installation(shop.domain, app.apiKey))
    throw new ControlError(409, `${app.apiKey} is not installed on ${shop.domain}`);
  rt.world.announce(shop, { topic: "app/uninstalled", apiKey: app.apiKey });
  state.uninstall(shop.domain, app.apiKey);
  for (const [id, s] of shop.carrierServices) if (s.apiKey === app.apiKey) shop.carrierServices.delete(id);
  for (const [id, s] of shop.webhookSubscriptions)
    if (s.apiKey === app.apiKey) shop.webhookSubscriptions.delete(id);
  return { uninstalled: true, shop: shop.domain, apiKey: app.apiKey };
}

type Answer = { status: number; json: unknown } | { redirect: string };

async function route(
  rt: Runtime,
  domain: string,
  method: string,
  name: string,
  body: Body,
  url: URL,
): Promise<Answer> {
  const ok = (json: unknown, status = 200) => ({ status, json });
  const state = rt.world.state;
  switch (`${method} ${name}`) {
    case "GET state":
      return ok(describeState(rt));
    case "GET requests":
      return ok({ calls: rt.log.all() });
    case "DELETE requests":
      rt.log.clear();
      return ok({ calls: [] });
    case "GET webhooks":
      return ok({ deliveries: rt.webhooks.deliveries() });
    case "DELETE webhooks":
      rt.webhooks.clear();
      return ok({ deliveries: [] });
    case "POST webhooks/redeliver":
    case "POST webhooks/forge": {
      const d = rt.webhooks.redeliver(Number(body.id), name.endsWith("forge"));
      if (!d) throw new ControlError(404, `no delivery ${String(body.id)}; see GET /__shopify/webhooks`);
      return ok(d, 201);
    }
    case "POST compliance": {
      const topic = body.topic as ComplianceTopic;
      if (!COMPLIANCE_TOPICS.includes(topic))
        throw new ControlError(400, `"topic" is one of ${COMPLIANCE_TOPICS.join(", ")}`);
      const shop = pickShop(rt, body, domain);
      return ok(
        rt.webhooks.sendCompliance(shop, pickApp(rt, body), topic, complianceBody(shop, topic, body)),
        201,
      );
    }
    case "POST session-token": {
      const shop = pickShop(rt, body, domain);
      const app = pickApp(rt, body);
      const ttl = body.ttlSeconds === undefined ? undefined : Number(body.ttlSeconds);
      return ok(
        mintSessionToken({
          shopDomain: shop.domain,
          apiKey: app.apiKey,
          apiSecret: app.apiSecret,
          userId: Number(body.userId ?? shop.staff.id),
          now: rt.world.clock.now(),
          ttlSeconds: ttl,
        }),
        201,
      );
    }
    case "POST tokens": {
      // Installs the app and hands out an offline token, as if it had gone through OAuth.
      const shop = pickShop(rt, body, domain);
      const app = pickApp(rt, body);
      const scopes = body.scopes === undefined ? app.scopes : parseScopes(body.scopes);
      const now = rt.world.clock.now();
      state.install(shop.domain, app.apiKey, scopes, now);
      const token = `shpat_${randomHex(16)}`;
      state.tokens.set(token, {
        token,
        shop: shop.domain,
        apiKey: app.apiKey,
        scopes,
        kind: "offline",
        createdAt: now,
      });
      return ok({ access_token: token, scope: scopes.join(","), shop: shop.domain }, 201);
    }
    case "POST uninstall":
      return ok(uninstall(rt, pickShop(rt, body, domain), pickApp(rt, body)));
    case "GET launch":
      return {
        redirect: appLaunchUrl(
          rt.world,
          pickShop(rt, { shop: url.searchParams.get("shop") ?? undefined }, domain),
          pickApp(rt, { apiKey: url.searchParams.get("apiKey") ?? undefined }),
        ),
      };
    case "POST staff": {
      // The staff member's preferences in Shopify: the language the admin (and the apps in it) speak.
      const shop = pickShop(rt, body, domain);
      if (body.locale !== undefined) {
        if (typeof body.locale !== "string" || !/^[a-z]{2}(-[A-Z]{2})?$/.test(body.locale))
          throw new ControlError(400, '"locale" is a language such as "en" or "fr"');
        shop.staff.locale = body.locale;
      }
      return ok({ staff: shop.staff });
    }
    case "GET settings":
      return ok(rt.settings);
    case "POST settings": {
      for (const k of ["autoApprove", "rateCache", "strictUrls"] as const)
        if (body[k] !== undefined) {
          if (typeof body[k] !== "boolean") throw new ControlError(400, `"${k}" must be true or false`);
          rt.settings[k] = body[k] as boolean;
        }
      if (body.carrierTimeoutMs !== undefined) {
        const ms = Number(body.carrierTimeoutMs);
        if (!(ms > 0)) throw new ControlError(400, '"carrierTimeoutMs" must be a number above 0');
        rt.settings.carrierTimeoutMs = ms;
      }
      return ok(rt.settings);
    }
    case "GET backup-rates":
      return ok({
        backupRates: pickShop(rt, { shop: url.searchParams.get("shop") ?? undefined }, domain).backupRates,
      });
    case "POST backup-rates": {
      const shop = pickShop(rt, body, domain);
      shop.backupRates = backupRatesFrom(body.rates);
      return ok({ backupRates: shop.backupRates });
    }
    case "DELETE rate-cache":
      rt.checkout.clearCache();
      return ok({ cleared: true });
    case "GET faults":
      return ok({ faults: rt.faults.all() });
    case "POST faults":
      return ok(rt.faults.add(body), 201);
    case "DELETE faults":
      rt.faults.clear();
      return ok({ faults: [] });
    case "GET clock":
      return ok({ now: rt.world.clock.now().toISOString() });
    case "POST clock": {
      const clock = rt.world.clock;
      if (!(clock instanceof OffsetClock))
        throw new ControlError(409, "the clock was given by the caller of startLocalShopify");
      const ms =
        Number(body.advanceMs ?? 0) +
        Number(body.advanceMinutes ?? 0) * 60_000 +
        Number(body.advanceDays ?? 0) * 86_400_000;
      if (!(ms >= 0))
        throw new ControlError(
          400,
          'send {"advanceMs"|"advanceMinutes"|"advanceDays": n} with n of 0 or more',
        );
      return ok({ now: clock.moveForward(ms).toISOString() });
    }
    case "POST reset":
      rt.reset();
      return ok({ reset: true, now: rt.world.clock.now().toISOString() });
    default:
      return commerceControl(rt, domain, method, name, body);
  }
}

export async function handleControl(
  rt: Runtime,
  domain: string,
  method: string,
  url: URL,
  raw: Buffer,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const name = url.pathname.replace(/^\/__shopify\/?/, "").replace(/\/$/, "");
  const body = parseParams(raw, req.headers["content-type"]);
  if (!body) return sendJson(res, 400, { error: "the body must be a JSON object" });
  try {
    const answer = await route(rt, domain, method, name, body, url);
    if ("redirect" in answer) return redirect(res, answer.redirect);
    sendJson(res, answer.status, answer.json);
  } catch (e) {
    if (e instanceof ControlError) return sendJson(res, e.status, { error: e.message });
    if (e instanceof FaultInputError || e instanceof OrderInputError)
      return sendJson(res, 400, { error: e.message });
    if (e instanceof OrderStateError) return sendJson(res, 409, { error: e.message });
    throw e;
  }
}
