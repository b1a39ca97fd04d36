import { IdSequence, parseGid } from "./ids";
import type {
  Address,
  App,
  BackupRate,
  CarrierService,
  Customer,
  Fulfillment,
  FulfillmentOrder,
  Location,
  Metafield,
  Order,
  Product,
  StaffMember,
  Variant,
  WebhookSubscription,
} from "./model";

/** One shop's data. Its admin is served at its own URL (`url`), known once the server listens. */
export class ShopState {
  url = "";
  readonly locations = new Map<number, Location>();
  readonly products = new Map<number, Product>();
  readonly variants = new Map<number, Variant>();
  readonly metafields = new Map<number, Metafield>();
  readonly customers = new Map<number, Customer>();
  readonly orders = new Map<number, Order>();
  readonly fulfillmentOrders = new Map<number, FulfillmentOrder>();
  readonly fulfillments = new Map<number, Fulfillment>();
  readonly carrierServices = new Map<number, CarrierService>();
  readonly webhookSubscriptions = new Map<number, WebhookSubscription>();
  nextOrderNumber = 1001;

  constructor(
    readonly id: number,
    readonly domain: string,
    public name: string,
    public email: string,
    public currency: string,
    public ianaTimezone: string,
    public address: Address,
    public primaryLocationId: number,
    public backupRates: BackupRate[],
    public staff: StaffMember,
    /** GraphQL cost bucket: the plan's restore rate (points/s) and bucket size. */
    public throttle: { restoreRate: number; maximumAvailable: number },
  ) {}

  get handle(): string {
    return this.domain.split(".")[0]!;
  }

  primaryLocation(): Location {
    return this.locations.get(this.primaryLocationId)!;
  }

  metafieldsOf(ownerId: string): Metafield[] {
    return [...this.metafields.values()].filter((m) => m.ownerId === ownerId);
  }

  variantsOf(product: Product): Variant[] {
    return product.variantIds.map((id) => this.variants.get(id)!).filter(Boolean);
  }

  fulfillmentOrdersOf(order: Order): FulfillmentOrder[] {
    return order.fulfillmentOrderIds.map((id) => this.fulfillmentOrders.get(id)!).filter(Boolean);
  }

  fulfillmentsOf(order: Order): Fulfillment[] {
    return order.fulfillmentIds.map((id) => this.fulfillments.get(id)!).filter(Boolean);
  }

  /** Looks an entity up by its gid in one of this shop's maps. */
  byGid<T>(map: Map<number, T>, value: unknown, type: string): T | undefined {
    const id = parseGid(value, type);
    return id === undefined ? undefined : map.get(id);
  }
}

export interface Installation {
  shop: string;
  apiKey: string;
  scopes: string[];
  installedAt: Date;
}

export interface AccessToken {
  token: string;
  shop: string;
  apiKey: string;
  scopes: string[];
  kind: "offline" | "online";
  userId?: number;
  expiresAt?: Date;
  refreshToken?: string;
  refreshExpiresAt?: Date;
  createdAt: Date;
}

export interface AuthorizationCode {
  code: string;
  shop: string;
  apiKey: string;
  scopes: string[];
  online: boolean;
  expiresAt: Date;
}

/** Everything the local Shopify knows; rebuilt from the seed by /__shopify/reset. */
export class LocalState {
  readonly ids = new IdSequence();
  readonly apps = new Map<string, App>();
  readonly shops = new Map<string, ShopState>();
  /** Keyed `${shop} ${apiKey}`. */
  readonly installations = new Map<string, Installation>();
  readonly tokens = new Map<string, AccessToken>();
  readonly codes = new Map<string, AuthorizationCode>();

  installation(shop: string, apiKey: string): Installation | undefined {
    return this.installations.get(`${shop} ${apiKey}`);
  }

  install(shop: string, apiKey: string, scopes: string[], now: Date): Installation {
    const current = this.installation(shop, apiKey);
    const merged = [...new Set([...(current?.scopes ?? []), ...scopes])];
    const inst = { shop, apiKey, scopes: merged, installedAt: current?.installedAt ?? now };
    this.installations.set(`${shop} ${apiKey}`, inst);
    return inst;
  }

  /** Forgets an installation and revokes every token the app holds on the shop. */
  uninstall(shop: string, apiKey: string): boolean {
    const existed = this.installations.delete(`${shop} ${apiKey}`);
    for (const [token, t] of this.tokens)
      if (t.shop === shop && t.apiKey === apiKey) this.tokens.delete(token);
    return existed;
  }

  /** The shop served under a domain, accepting any letter case. */
  shop(domain: string | undefined): ShopState | undefined {
    return domain ? this.shops.get(domain.toLowerCase()) : undefined;
  }
}
