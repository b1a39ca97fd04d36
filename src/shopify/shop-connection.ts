/**
 * Connect with Canada Post for a Shopify shop: the core's MerchantRegistration with the shop's own
 * ConnectionStore and pending registrations on the app's database, the platform's key on the app's default
 * Canada Post (the built-in simulator has its own platform; a real Canada Post needs CANADA_POST_PLATFORM_*).
 *
 * The embedded admin has no cookie to bind a return to, so the binding is the admin's own: the state is
 * issued to the staff member of the session token that started (actor = shop and user), and a nonce handed
 * to that page is kept by its browser (sessionStorage) and sent back with the completion, which only an
 * authenticated admin API call can make. Canada Post's redirect itself reaches an unauthenticated route that
 * only carries its query back into the embedded admin.
 */
import type { ClientContextHandle } from "../canada-post/client";
import { CanadaPostSetupError } from "../runtime/choice";
import { openPlatformClient } from "../runtime/open-canada-post";
import { describeConnectionState, describeRefusal } from "../shipping/connection-messages";
import {
  connectedAccountView,
  connectionState,
  MerchantRegistration,
  openConnection,
  RegistrationRefused,
  type MerchantConnection,
} from "../shipping/merchant-connection";
import { PgConnectionStore, PgPendingRegistrations } from "./connection-store";
import type { AppContext } from "./context";
import { maskSecret } from "./shop-settings";

/** Where Canada Post sends the merchant back (the app's own URL, outside the admin). */
export const RETURN_PATH = "/connection/return";

const WHY_NOT =
  "Connect with Canada Post needs the platform's key: set CANADA_POST_PLATFORM_USERNAME, CANADA_POST_PLATFORM_PASSWORD and CANADA_POST_PLATFORM_ID.";

export class ShopConnections {
  private platform?: Promise<{ client: ClientContextHandle; platformId: string } | undefined>;

  constructor(private readonly ctx: AppContext) {}

  /** The platform's client on the app's default Canada Post; undefined when no platform key is known. */
  private platformClient() {
    this.platform ??= this.ctx.cores.connectionBackend().then(
      (base) => {
        const client = openPlatformClient(base);
        return client && base.platform ? { client, platformId: base.platform.platformId } : undefined;
      },
      // No Canada Post to register on (no default account and no platform key): no button.
      (e: unknown) => {
        if (e instanceof CanadaPostSetupError) return undefined;
        throw e;
      },
    );
    this.platform.catch(() => (this.platform = undefined));
    return this.platform;
  }

  private async registration(shop: string): Promise<MerchantRegistration | undefined> {
    const platform = await this.platformClient();
    if (!platform) return undefined;
    return new MerchantRegistration({
      platform: platform.client,
      platformId: platform.platformId,
      pending: new PgPendingRegistrations(this.ctx.pool, shop),
      connections: new PgConnectionStore(this.ctx.pool, shop),
      key: this.ctx.connectionKey,
    });
  }

  /** What the settings page shows: the state, the account, which credentials are in force, the button. */
  async view(shop: string) {
    const stored = await new PgConnectionStore(this.ctx.pool, shop).load();
    const c: MerchantConnection | undefined = stored && openConnection(this.ctx.connectionKey, stored);
    const row = await this.ctx.shops.get(shop);
    const base = await this.ctx.cores.connectionBackend().catch(() => undefined);
    const state = connectionState(c);
    const source = c
      ? "connection"
      : row?.credentials
        ? "shop_key"
        : base?.kind === "simulator"
          ? "simulator"
          : this.ctx.cores.hasDefaultAccount()
            ? "app_default"
            : "none";
    const canConnect = Boolean(await this.platformClient());
    return {
      state,
      message: { en: describeConnectionState(state, "en"), fr: describeConnectionState(state, "fr") },
      source,
      account: c ? connectedAccountView(c, maskSecret) : null,
      can_connect: canConnect,
      why_not: canConnect ? null : WHY_NOT,
    };
  }

  /**
   * Starts a registration for this staff member: the Canada Post page to open at the top of the browser, and
   * the nonce their page keeps until Canada Post sends them back.
   */
  async start(shop: string, user: string, host: string | undefined) {
    const registration = await this.registration(shop);
    if (!registration) throw new RegistrationRefused("state", WHY_NOT);
    const back = new URL(RETURN_PATH, this.ctx.config.appUrl);
    back.searchParams.set("shop", shop);
    if (host) back.searchParams.set("host", host);
    const { redirectUrl, nonce } = await registration.start({
      returnUrl: back.toString(),
      actor: actorOf(shop, user),
    });
    return { redirect_url: redirectUrl, nonce };
  }

  /** Canada Post's return, completed by the admin that started it; the connection is then in force. */
  async complete(shop: string, user: string, query: Record<string, unknown>, nonce: string | undefined) {
    const registration = await this.registration(shop);
    if (!registration) throw new RegistrationRefused("state", WHY_NOT);
    await registration.completeReturn(query, { actor: actorOf(shop, user), nonce });
    this.ctx.cores.invalidate(shop);
    return this.view(shop);
  }

  async disconnect(shop: string) {
    await new PgConnectionStore(this.ctx.pool, shop).remove();
    this.ctx.cores.invalidate(shop);
    return this.view(shop);
  }

  async close(): Promise<void> {
    const p = await this.platform?.catch(() => undefined);
    this.platform = undefined;
    await p?.client.close();
  }
}

const actorOf = (shop: string, user: string) => `${shop}#${user}`;

/** A refusal as the admin shows it: the reason, and its text in both languages. */
export function refusalAnswer(e: RegistrationRefused) {
  return {
    type: "connection_refused",
    reason: e.reason,
    message: describeRefusal(e.reason, "en"),
    messages: { en: describeRefusal(e.reason, "en"), fr: describeRefusal(e.reason, "fr") },
  };
}
