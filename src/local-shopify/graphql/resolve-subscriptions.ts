import { dateTime } from "../formats";
import { gid, randomHex } from "../ids";
import type { CarrierService, WebhookSubscription } from "../model";
import { grantsAny } from "../scopes";
import { scopesForTopic, topicToHeader } from "../webhook-topics";
import { connection, type PageArgs } from "./connection";
import {
  find,
  idOf,
  legacyIdOf,
  requireScope,
  type GqlContext,
  type ResolverMap,
  type TypeResolverMap,
} from "./context";
import { matches, parseSearch } from "./search";
import { SUPPORTED_VERSIONS, LATEST_VERSION } from "./versions";

/**
 * Carrier services and webhook subscriptions, with the userErrors a live shop answers (captured from
 * Admin API 2026-04): blank names, non-HTTPS or Shopify-hosted URLs, duplicate carrier names ("X is already
 * configured"), a second subscription of a topic to the same address, services of another app.
 */

/** What the local Shopify lets through that Shopify would refuse: plain http to this machine. */
export interface UrlPolicy {
  /** Refuse http:// even for localhost, as Shopify does (off by default so apps can run locally). */
  strictUrls: boolean;
}

const LOOPBACK = /^(localhost|127(\.\d+){3}|\[::1\]|[a-z0-9-]+\.localhost)$/i;
const SHOPIFY_HOST = /(^|\.)(shopify\.com|myshopify\.com|shopifycloud\.com|shopify\.io|myshopify\.local)$/i;

/** Why Shopify would refuse a callback or webhook address (undefined when it would not). */
function urlProblem(raw: string, policy: UrlPolicy): "scheme" | "invalid" | "shopify" | undefined {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return "invalid";
  }
  if (!url.hostname) return "invalid";
  if (url.protocol === "http:" && (policy.strictUrls || !LOOPBACK.test(url.host.replace(/:\d+$/, ""))))
    return "scheme";
  if (url.protocol !== "https:" && url.protocol !== "http:") return "scheme";
  if (SHOPIFY_HOST.test(url.hostname)) return "shopify";
  return undefined;
}

const CS_CREATE = "CARRIER_SERVICE_CREATE_FAILED";
const CS_UPDATE = "CARRIER_SERVICE_UPDATE_FAILED";
const csError = (message: string, code: string, field: string[] | null = null) => ({ field, message, code });

function carrierUrlError(url: string, code: string, policy: UrlPolicy) {
  const problem = urlProblem(url, policy);
  if (problem === "scheme" || problem === "invalid")
    return csError("Shipping rate provider callback url must use HTTPS", code);
  if (problem === "shopify") return csError("Shipping rate provider callback url invalid host", code);
  return undefined;
}

type CsInput = {
  id?: string;
  name?: string | null;
  callbackUrl?: string | null;
  active?: boolean | null;
  supportsServiceDiscovery?: boolean | null;
};

export function subscriptionResolvers(policy: UrlPolicy): ResolverMap {
  const ownService = (ctx: GqlContext, id: unknown) => {
    const s = find(ctx.shop.carrierServices, id, "DeliveryCarrierService");
    return s && s.apiKey === ctx.app.apiKey ? s : undefined;
  };
  const sameName = (ctx: GqlContext, name: string, except?: number) =>
    [...ctx.shop.carrierServices.values()].some(
      (s) => s.id !== except && s.name.toLowerCase() === name.trim().toLowerCase(),
    );

  return {
    QueryRoot: {
      carrierService: (_, a: { id: string }, ctx: GqlContext) => {
        requireScope(ctx, "carrierService", ["read_shipping"]);
        return find(ctx.shop.carrierServices, a.id, "DeliveryCarrierService") ?? null;
      },
      carrierServices: (_, a: PageArgs & { query?: string | null }, ctx: GqlContext) => {
        requireScope(ctx, "carrierServices", ["read_shipping"]);
        const search = parseSearch(a.query);
        const list = [...ctx.shop.carrierServices.values()]
          .filter((s) =>
            matches(s, search, (x, f) =>
              f === "active" ? String(x.active) : f === "id" ? x.id : f === "default" ? x.name : undefined,
            ),
          )
          .sort((p, q) => p.id - q.id);
        return connection(list, a, (s) => s.id);
      },
      webhookSubscription: (_, a: { id: string }, ctx: GqlContext) => {
        const s = find(ctx.shop.webhookSubscriptions, a.id, "WebhookSubscription");
        return s && s.apiKey === ctx.app.apiKey ? s : null;
      },
      webhookSubscriptions: (
        _,
        a: PageArgs & { callbackUrl?: string; uri?: string; format?: string; topics?: string[] },
        ctx: GqlContext,
      ) => {
        const list = [...ctx.shop.webhookSubscriptions.values()]
          .filter((s) => s.apiKey === ctx.app.apiKey)
          .filter((s) => (!a.uri || s.uri === a.uri) && (!a.callbackUrl || s.uri === a.callbackUrl))
          .filter(
            (s) => (!a.format || s.format === a.format) && (!a.topics?.length || a.topics.includes(s.topic)),
          )
          .sort((p, q) => p.createdAt.getTime() - q.createdAt.getTime() || p.id - q.id);
        return connection(list, a, (s) => s.id);
      },
    },
    Mutation: {
      carrierServiceCreate: (_, { input }: { input: CsInput }, ctx: GqlContext) => {
        requireScope(ctx, "carrierServiceCreate", ["write_shipping"]);
        const fail = (e: ReturnType<typeof csError>) => ({ carrierService: null, userErrors: [e] });
        if (!input.name?.trim())
          return fail(csError("Shipping rate provider name can't be blank", CS_CREATE));
        const bad = carrierUrlError(input.callbackUrl!, CS_CREATE, policy);
        if (bad) return fail(bad);
        if (sameName(ctx, input.name)) return fail(csError(`${input.name} is already configured`, CS_CREATE));
        const service: CarrierService = {
          id: ctx.world.state.ids.next("DeliveryCarrierService"),
          apiKey: ctx.app.apiKey,
          name: input.name.trim(),
          callbackUrl: input.callbackUrl!,
          active: input.active ?? false,
          supportsServiceDiscovery: input.supportsServiceDiscovery ?? false,
          carrierIdentifier: randomHex(16),
        };
        ctx.shop.carrierServices.set(service.id, service);
        return { carrierService: service, userErrors: [] };
      },
      carrierServiceUpdate: (_, { input }: { input: CsInput }, ctx: GqlContext) => {
        requireScope(ctx, "carrierServiceUpdate", ["write_shipping"]);
        const fail = (e: ReturnType<typeof csError>) => ({ carrierService: null, userErrors: [e] });
        const service = ownService(ctx, input.id);
        if (!service) return fail(csError("The carrier or app could not be found.", CS_UPDATE));
        if (input.name !== undefined && input.name !== null && !input.name.trim())
          return fail(csError("Shipping rate provider name can't be blank", CS_UPDATE));
        if (input.callbackUrl) {
          const bad = carrierUrlError(input.callbackUrl, CS_UPDATE, policy);
          if (bad) return fail(bad);
        }
        if (input.name && sameName(ctx, input.name, service.id))
          return fail(csError(`${input.name} is already configured`, CS_UPDATE));
        if (input.name) service.name = input.name.trim();
        if (input.callbackUrl) service.callbackUrl = input.callbackUrl;
        if (typeof input.active === "boolean") service.active = input.active;
        if (typeof input.supportsServiceDiscovery === "boolean")
          service.supportsServiceDiscovery = input.supportsServiceDiscovery;
        return { carrierService: service, userErrors: [] };
      },
      carrierServiceDelete: (_, a: { id: string }, ctx: GqlContext) => {
        requireScope(ctx, "carrierServiceDelete", ["write_shipping"]);
        const service = ownService(ctx, a.id);
        if (!service)
          return {
            deletedId: null,
            userErrors: [
              csError("The carrier or app could not be found.", "CARRIER_SERVICE_DELETE_FAILED", ["id"]),
            ],
          };
        ctx.shop.carrierServices.delete(service.id);
        return { deletedId: gid("DeliveryCarrierService", service.id), userErrors: [] };
      },
      webhookSubscriptionCreate: (_, a: { topic: string; webhookSubscription: WsInput }, ctx: GqlContext) => {
        const input = a.webhookSubscription;
        const problem = checkSubscription(ctx, a.topic, input, undefined, policy);
        if (problem) return { webhookSubscription: null, userErrors: [problem] };
        const now = ctx.world.clock.now();
        const sub: WebhookSubscription = {
          id: ctx.world.state.ids.next("WebhookSubscription"),
          apiKey: ctx.app.apiKey,
          topic: a.topic,
          uri: (input.uri ?? input.callbackUrl)!.trim(),
          format: (input.format as "JSON") ?? "JSON",
          includeFields: input.includeFields ?? [],
          metafieldNamespaces: input.metafieldNamespaces ?? [],
          filter: input.filter ?? "",
          name: input.name ?? undefined,
          apiVersion: ctx.apiVersion,
          createdAt: now,
          updatedAt: now,
        };
        ctx.shop.webhookSubscriptions.set(sub.id, sub);
        return { webhookSubscription: sub, userErrors: [] };
      },
      webhookSubscriptionUpdate: (_, a: { id: string; webhookSubscription: WsInput }, ctx: GqlContext) => {
        const sub = find(ctx.shop.webhookSubscriptions, a.id, "WebhookSubscription");
        if (!sub || sub.apiKey !== ctx.app.apiKey)
          return {
            webhookSubscription: null,
            userErrors: [{ field: ["id"], message: "Webhook subscription does not exist" }],
          };
        const input = a.webhookSubscription;
        const problem = checkSubscription(
          ctx,
          sub.topic,
          { ...input, uri: input.uri ?? input.callbackUrl ?? sub.uri },
          sub.id,
          policy,
        );
        if (problem) return { webhookSubscription: null, userErrors: [problem] };
        if (input.uri ?? input.callbackUrl) sub.uri = (input.uri ?? input.callbackUrl)!.trim();
        if (input.includeFields) sub.includeFields = input.includeFields;
        if (input.metafieldNamespaces) sub.metafieldNamespaces = input.metafieldNamespaces;
        if (input.filter !== undefined && input.filter !== null) sub.filter = input.filter;
        if (input.name !== undefined) sub.name = input.name ?? undefined;
        sub.updatedAt = ctx.world.clock.now();
        return { webhookSubscription: sub, userErrors: [] };
      },
      webhookSubscriptionDelete: (_, a: { id: string }, ctx: GqlContext) => {
        const sub = find(ctx.shop.webhookSubscriptions, a.id, "WebhookSubscription");
        if (!sub || sub.apiKey !== ctx.app.apiKey)
          return {
            deletedWebhookSubscriptionId: null,
            userErrors: [{ field: ["id"], message: "Webhook subscription does not exist" }],
          };
        ctx.shop.webhookSubscriptions.delete(sub.id);
        return { deletedWebhookSubscriptionId: gid("WebhookSubscription", sub.id), userErrors: [] };
      },
    },
    DeliveryCarrierService: {
      id: idOf("DeliveryCarrierService"),
      formattedName: (s: CarrierService) => `${s.name} (Rates provided by app)`,
    },
    WebhookSubscription: {
      id: idOf("WebhookSubscription"),
      legacyResourceId: legacyIdOf,
      callbackUrl: (s: WebhookSubscription) => s.uri,
      endpoint: (s: WebhookSubscription) => ({ callbackUrl: s.uri }),
      name: (s: WebhookSubscription) => s.name ?? null,
      apiVersion: (s: WebhookSubscription) => apiVersionObject(s.apiVersion),
      createdAt: (s: WebhookSubscription) => dateTime(s.createdAt),
      updatedAt: (s: WebhookSubscription) => dateTime(s.updatedAt),
    },
  };
}

interface WsInput {
  uri?: string | null;
  callbackUrl?: string | null;
  format?: string | null;
  includeFields?: string[] | null;
  metafieldNamespaces?: string[] | null;
  filter?: string | null;
  name?: string | null;
}

function checkSubscription(
  ctx: GqlContext,
  topic: string,
  input: WsInput,
  except: number | undefined,
  policy: UrlPolicy,
) {
  const field = ["webhookSubscription", "callbackUrl"];
  const uri = (input.uri ?? input.callbackUrl ?? "").trim();
  if (!uri) return { field, message: "Address can't be blank" };
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(uri)?.[1]?.toLowerCase();
  const problem = urlProblem(uri, policy);
  if (problem === "scheme" || (scheme && scheme !== "https" && scheme !== "http"))
    return { field, message: `Address protocol ${scheme ?? "none"}:// is not supported` };
  if (problem === "invalid" || !scheme) return { field, message: "Address is invalid" };
  if (problem === "shopify") return { field, message: "Address cannot be a Shopify or an internal domain" };
  if (input.format === "XML")
    return {
      field: ["webhookSubscription", "format"],
      message: "Format 'xml' is invalid for this webhook topic. Allowed formats: json",
    };
  const header = topicToHeader(topic);
  if (!grantsAny(ctx.scopes, scopesForTopic(header)))
    return {
      field: ["topic"],
      message: `You do not have permission to create or update webhooks with ${header} topic.`,
    };
  const taken = [...ctx.shop.webhookSubscriptions.values()].some(
    (s) => s.id !== except && s.apiKey === ctx.app.apiKey && s.topic === topic && s.uri === uri,
  );
  if (taken) return { field, message: "Address for this topic has already been taken" };
  return undefined;
}

export function apiVersionObject(handle: string) {
  const label =
    handle === LATEST_VERSION ? `${handle} (Latest)` : handle === "unstable" ? "unstable" : handle;
  return { handle, displayName: label, supported: SUPPORTED_VERSIONS.includes(handle) };
}

export const subscriptionTypeResolvers: TypeResolverMap = {
  WebhookSubscriptionEndpoint: () => "WebhookHttpEndpoint",
};
