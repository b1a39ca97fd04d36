import { randomUUID } from "node:crypto";
import type { ShopClock } from "./clock";
import { fulfillmentPayload, orderPayload, productPayload, shopPayload } from "./rest-payloads";
import { signBody } from "./signing";
import type { App } from "./model";
import type { LocalState, ShopState } from "./store";
import { topicToHeader, type ComplianceTopic } from "./webhook-topics";
import type { ShopEvent } from "./world";

/**
 * Webhook deliveries as Shopify makes them: a POST of the topic's REST payload to each subscription, with
 * X-Shopify-Topic, X-Shopify-Hmac-Sha256 (base64 HMAC-SHA256 of the raw body with the app's secret),
 * X-Shopify-Shop-Domain, X-Shopify-API-Version, X-Shopify-Webhook-Id, X-Shopify-Triggered-At and
 * X-Shopify-Event-Id. Every delivery is recorded with the app's answer. Shopify delivers at least once:
 * a redelivery repeats the same webhook id, event id and body.
 */

export interface Delivery {
  id: number;
  webhookId: string;
  eventId: string;
  topic: string;
  shop: string;
  apiKey: string;
  url: string;
  apiVersion: string;
  triggeredAt: string;
  /** The subscription that asked for it ("compliance" for privacy topics, "app" for shopify.app.toml ones). */
  subscription: string;
  body: string;
  headers: Record<string, string>;
  /** The app's HTTP status; 0 when it did not answer (error says why). */
  status?: number;
  error?: string;
  durationMs?: number;
  /** The first 500 characters the app answered. */
  response?: string;
  redeliveryOf?: number;
  forged?: boolean;
}

interface Target {
  app: App;
  url: string;
  apiVersion: string;
  subscription: string;
  includeFields: string[];
  name?: string;
}

export interface WebhookSenderOptions {
  /** How long Shopify waits for the app's answer (5 s). */
  timeoutMs?: number;
}

const MAX_RECORDS = 500;

export class WebhookSender {
  private records: Delivery[] = [];
  private nextId = 1;
  private readonly pending = new Set<Promise<void>>();

  constructor(
    private readonly state: () => LocalState,
    private readonly clock: ShopClock,
    private readonly options: WebhookSenderOptions,
  ) {}

  /** Sends an event's webhook to every subscription of the topic on the shop (in the background). */
  announce(shop: ShopState, event: ShopEvent): void {
    const topic = event.topic;
    const payload = () => {
      if ("order" in event) return orderPayload(shop, event.order);
      if ("fulfillment" in event) return fulfillmentPayload(shop, event.fulfillment);
      if ("product" in event) return productPayload(shop, event.product);
      return shopPayload(shop);
    };
    const onlyApp = event.topic === "app/uninstalled" ? event.apiKey : undefined;
    const targets = this.targets(shop, topic).filter((t) => !onlyApp || t.app.apiKey === onlyApp);
    if (!targets.length) return;
    const body = payload();
    const eventId = randomUUID();
    const triggeredAt = this.clock.now().toISOString();
    for (const t of targets) this.send(shop, topic, t, pick(body, t.includeFields), eventId, triggeredAt);
  }

  /** One of the mandatory privacy webhooks, to the app's compliance URL. */
  sendCompliance(shop: ShopState, app: App, topic: ComplianceTopic, body: unknown): Delivery {
    const key = {
      "customers/data_request": "customersDataRequest",
      "customers/redact": "customersRedact",
      "shop/redact": "shopRedact",
    }[topic] as "customersDataRequest";
    const configured = typeof app.complianceUrl === "object" ? app.complianceUrl[key] : app.complianceUrl;
    const url = resolveUrl(configured ?? "/webhooks", app);
    const target: Target = {
      app,
      url,
      apiVersion: app.webhooksApiVersion,
      subscription: "compliance",
      includeFields: [],
    };
    return this.send(shop, topic, target, body, randomUUID(), this.clock.now().toISOString());
  }

  /** Sends a recorded delivery again: same webhook id, event id, time and body (Shopify's at-least-once). */
  redeliver(id: number, forged = false): Delivery | undefined {
    const first = this.records.find((d) => d.id === id);
    if (!first) return undefined;
    const app = this.state().apps.get(first.apiKey);
    if (!app) return undefined;
    return this.post({ ...first, id: this.nextId++, redeliveryOf: first.id, forged }, app.apiSecret);
  }

  deliveries(): Delivery[] {
    return [...this.records];
  }

  clear(): void {
    this.records = [];
  }

  /** Resolves once every delivery started so far has been answered or has failed. */
  async settled(): Promise<void> {
    while (this.pending.size) await Promise.allSettled([...this.pending]);
  }

  /** Every place the topic goes on this shop: GraphQL subscriptions and shopify.app.toml ones. */
  private targets(shop: ShopState, topic: string): Target[] {
    const state = this.state();
    const out: Target[] = [];
    for (const sub of shop.webhookSubscriptions.values()) {
      const app = state.apps.get(sub.apiKey);
      if (!app || topicToHeader(sub.topic) !== topic) continue;
      if (!state.installation(shop.domain, app.apiKey) && topic !== "app/uninstalled") continue;
      out.push({
        app,
        url: sub.uri,
        apiVersion: sub.apiVersion,
        subscription: `gid://shopify/WebhookSubscription/${sub.id}`,
        includeFields: sub.includeFields,
        name: sub.name,
      });
    }
    for (const app of state.apps.values()) {
      if (!state.installation(shop.domain, app.apiKey) && topic !== "app/uninstalled") continue;
      for (const w of app.webhooks)
        if (w.topics.includes(topic))
          out.push({
            app,
            url: resolveUrl(w.uri, app),
            apiVersion: app.webhooksApiVersion,
            subscription: "app",
            includeFields: [],
          });
    }
    return out;
  }

  private send(
    shop: ShopState,
    topic: string,
    t: Target,
    body: unknown,
    eventId: string,
    triggeredAt: string,
  ): Delivery {
    const text = JSON.stringify(body);
    const webhookId = randomUUID();
    const headers: Record<string, string> = {
      "content-type": "application/json",
      "user-agent": "Shopify-Captain-Hook",
      "x-shopify-topic": topic,
      "x-shopify-shop-domain": shop.domain,
      "x-shopify-api-version": t.apiVersion,
      "x-shopify-webhook-id": webhookId,
      "x-shopify-triggered-at": triggeredAt,
      "x-shopify-event-id": eventId,
    };
    if (t.name) headers["x-shopify-name"] = t.name;
    const delivery: Delivery = {
      id: this.nextId++,
      webhookId,
      eventId,
      topic,
      shop: shop.domain,
      apiKey: t.app.apiKey,
      url: t.url,
      apiVersion: t.apiVersion,
      triggeredAt,
      subscription: t.subscription,
      body: text,
      headers,
    };
    return this.post(delivery, t.app.apiSecret);
  }

  /** Signs (or, for a forged one, mis-signs) and POSTs; the record is updated when the app answers. */
  private post(delivery: Delivery, secret: string): Delivery {
    const hmac = delivery.forged
      ? signBody(delivery.body, `${secret}-forged`)
      : signBody(delivery.body, secret);
    delivery.headers = { ...delivery.headers, "x-shopify-hmac-sha256": hmac };
    this.records.push(delivery);
    if (this.records.length > MAX_RECORDS) this.records.splice(0, this.records.length - MAX_RECORDS);
    if (!/^https?:\/\//i.test(delivery.url)) {
      delivery.status = 0;
      delivery.error = `the app has no appUrl to resolve ${delivery.url} against`;
      return delivery;
    }
    const started = Date.now();
    const done = fetch(delivery.url, {
      method: "POST",
      headers: delivery.headers,
      body: delivery.body,
      redirect: "manual",
      signal: AbortSignal.timeout(this.options.timeoutMs ?? 5000),
    })
      .then(async (res) => {
        delivery.status = res.status;
        delivery.response = (await res.text().catch(() => "")).slice(0, 500);
      })
      .catch((e: unknown) => {
        delivery.status = 0;
        delivery.error =
          (e as Error).name === "TimeoutError" ? "no answer in time" : String((e as Error).cause ?? e);
      })
      .finally(() => {
        delivery.durationMs = Date.now() - started;
        this.pending.delete(done);
      });
    this.pending.add(done);
    return delivery;
  }
}

/** The payload with only the subscription's includeFields (all fields when none are named). */
function pick(body: unknown, fields: string[]): unknown {
  if (!fields.length || !body || typeof body !== "object") return body;
  return Object.fromEntries(Object.entries(body).filter(([k]) => fields.includes(k)));
}

/** An absolute URL, or a path of the app's URL (left as it is when the app has no URL: not deliverable). */
function resolveUrl(uri: string, app: App): string {
  if (/^https?:\/\//i.test(uri) || !app.appUrl) return uri;
  return new URL(uri, app.appUrl).toString();
}
