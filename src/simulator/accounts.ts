import { randomBytes } from "node:crypto";
import type { SimClock } from "./clock";
import type { KnownMerchant, SimulatorSettings } from "./types";

/**
 * Who the simulated Canada Post knows: business accounts (customer number, contract or none, a credit card
 * on file or not, a supplier account and its issuer), the API keys that act for them, the e-commerce
 * platform allowed to register merchants, the registration tokens it was issued, and the service notices.
 * The settings' own key (sim-user) acts for the settings' business; a merchant registered through the
 * platform gets a key of its own, accepted for that merchant's customer number from then on.
 */

export interface Business {
  customerNumber: string;
  name: string;
  contractId?: string;
  creditCard: boolean;
  /** The platform id that issued the merchant's default supplier account, when it has one. */
  supplierAccountIssuer?: string;
}

export interface ApiKey {
  username: string;
  password: string;
  customerNumber: string;
  /** The platform the merchant registered through to get this key (PLATFMDISC, 7317). */
  platformId?: string;
}

/** The caller of an authenticated request. */
export type Caller =
  | { kind: "merchant"; key: ApiKey; business: Business }
  | { kind: "platform"; username: string; platformId: string };

export type RegistrationState = "issued" | "approved" | "cancelled" | "retrieved";

export interface Registration {
  tokenId: string;
  platformId: string;
  issuedAt: Date;
  state: RegistrationState;
  /** The key minted when the merchant approved. */
  username?: string;
}

export interface ServiceNotice {
  id: number;
  text: { en: string; fr: string };
  from: Date;
  to: Date;
}

/** Canada Post's programming notes: a token is valid 30 minutes from issue, the merchant's sign-up included. */
export const TOKEN_LIFETIME_MS = 30 * 60_000;

/** Businesses a merchant can pick on the simulated sign-in page of a fresh simulator, besides the settings'. */
const DEMO_BUSINESSES: Omit<Business, "customerNumber">[] = [
  { name: "Northern Crafts (no contract, card on file)", creditCard: true },
  { name: "Prairie Supply (no contract, no payment method)", creditCard: false },
];

export class SimAccounts {
  readonly businesses = new Map<string, Business>();
  readonly keys = new Map<string, ApiKey>();
  readonly registrations = new Map<string, Registration>();
  notices: ServiceNotice[] = [];
  private seq = 0;

  constructor(
    private readonly settings: SimulatorSettings,
    private readonly clock: SimClock,
  ) {
    this.reset();
  }

  reset(): void {
    this.businesses.clear();
    this.keys.clear();
    this.registrations.clear();
    this.notices = [];
    this.seq = 0;
    const s = this.settings;
    this.businesses.set(s.customerNumber, {
      customerNumber: s.customerNumber,
      name: "Maple Goods (contract)",
      contractId: s.contractId,
      creditCard: true,
    });
    this.keys.set(s.username, {
      username: s.username,
      password: s.password,
      customerNumber: s.customerNumber,
    });
    for (const b of DEMO_BUSINESSES) this.addBusiness(b);
    // Merchants a platform registered before this simulator started (the platform kept their keys).
    for (const m of [...(s.merchants ?? []), ...this.remembered]) this.add(m);
  }

  private readonly remembered: KnownMerchant[] = [];

  /** A merchant's key kept by the platform from an earlier run: accepted from now on, after resets too. */
  remember(m: KnownMerchant): void {
    this.remembered.push(m);
    this.add(m);
  }

  private add(m: KnownMerchant): void {
    if (!this.businesses.has(m.customerNumber))
      this.businesses.set(m.customerNumber, {
        customerNumber: m.customerNumber,
        name: m.name ?? `Merchant ${m.customerNumber}`,
        contractId: m.contractId,
        creditCard: m.creditCard ?? true,
        supplierAccountIssuer: m.supplierAccountIssuer,
      });
    this.keys.set(m.username, {
      username: m.username,
      password: m.password,
      customerNumber: m.customerNumber,
      platformId: m.platformId ?? this.settings.platform.platformId,
    });
  }

  /** A new business with the next free customer number. */
  addBusiness(b: Omit<Business, "customerNumber">): Business {
    let number: string;
    do number = String(2004381 + ++this.seq * 173);
    while (this.businesses.has(number));
    const business = { ...b, customerNumber: number };
    this.businesses.set(number, business);
    return business;
  }

  /** The caller named by Basic credentials, or undefined for unknown ones. */
  authenticate(username: string, password: string): Caller | undefined {
    const p = this.settings.platform;
    if (username === p.username && password === p.password)
      return { kind: "platform", username, platformId: p.platformId };
    const key = this.keys.get(username);
    if (!key || key.password !== password) return undefined;
    const business = this.businesses.get(key.customerNumber);
    return business ? { kind: "merchant", key, business } : undefined;
  }

  /** A token for the platform: 40 digits, as Canada Post documents them. */
  issueToken(platformId: string): Registration {
    let tokenId = "";
    while (tokenId.length < 40) tokenId += String(randomBytes(1)[0]! % 10);
    const r: Registration = { tokenId, platformId, issuedAt: this.clock.now(), state: "issued" };
    this.registrations.set(tokenId, r);
    return r;
  }

  isExpired(r: Registration): boolean {
    return this.clock.now().getTime() - r.issuedAt.getTime() > TOKEN_LIFETIME_MS;
  }

  /** The merchant approved: a new API key for the business, registered through the token's platform. */
  approve(r: Registration, business: Business): ApiKey {
    const key: ApiKey = {
      username: randomBytes(8).toString("hex"),
      password: randomBytes(11).toString("hex"),
      customerNumber: business.customerNumber,
      platformId: r.platformId,
    };
    this.keys.set(key.username, key);
    r.state = "approved";
    r.username = key.username;
    return key;
  }

  /** Notices whose outage has not ended by now (Canada Post shows them ahead of the outage, and during it). */
  currentNotices(): ServiceNotice[] {
    const now = this.clock.now().getTime();
    return this.notices.filter((n) => n.to.getTime() > now);
  }

  addNotice(n: Omit<ServiceNotice, "id">): ServiceNotice {
    const notice = { ...n, id: ++this.seq };
    this.notices.push(notice);
    return notice;
  }

  /** For /__simulator/accounts: every business and key, passwords left out. */
  describe() {
    return {
      platform: { username: this.settings.platform.username, platformId: this.settings.platform.platformId },
      businesses: [...this.businesses.values()],
      keys: [...this.keys.values()].map(({ password: _password, ...k }) => k),
      registrations: [...this.registrations.values()].map((r) => ({
        ...r,
        issuedAt: r.issuedAt.toISOString(),
        expired: this.isExpired(r),
      })),
    };
  }
}
