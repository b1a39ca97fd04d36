import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import {
  buildMerchantRegistrationUrl,
  CanadaPostError,
  getMerchantRegistrationInfo,
  getMerchantRegistrationToken,
  readRegistrationReturn,
  type ClientContext,
} from "../canada-post";
import { BoundedMap } from "./bounded-map";
import { seal, unseal, type EncryptionKey } from "./connection-secrets";
import type { MerchantSettings } from "./settings";

/**
 * A merchant connected through Canada Post's E-commerce Platforms: the merchant signed in at Canada Post and
 * approved, and the platform received the merchant's customer number, contract and an API key of its own.
 * The platform keeps it through a port (ConnectionStore), the API key sealed (connection-secrets.ts).
 */

export interface MerchantConnection {
  customerNumber: string;
  contractId?: string;
  username: string;
  password: string;
  /** Payment methods on file at Canada Post when the merchant connected. */
  hasCreditCard: boolean;
  hasSupplierAccount: boolean;
  /** The platform registered through: sent as Platform-id with every call. */
  platformId: string;
  /** ISO date and time. */
  connectedAt: string;
}

/** A connection as the platform stores it: the API key sealed. */
export type StoredConnection = Omit<MerchantConnection, "username" | "password"> & {
  sealedCredentials: string;
};

/** Where the platform keeps the one connection in force. */
export interface ConnectionStore {
  load(): Promise<StoredConnection | undefined>;
  save(connection: StoredConnection): Promise<void>;
  remove(): Promise<void>;
}

/** A registration under way: the token, who started it, and the hash of the nonce given to their browser. */
export interface PendingRegistration {
  tokenId: string;
  actor: string;
  nonceHash: string;
  returnUrl: string;
  createdAt: string;
}

/** Registrations under way, by the hash of their state value; `take` returns one at most once. */
export interface PendingRegistrations {
  put(stateHash: string, pending: PendingRegistration, ttlMs: number): Promise<void>;
  take(stateHash: string): Promise<PendingRegistration | undefined>;
}

export type ConnectionState = "not_connected" | "connected_no_payment" | "connected" | "connected_contract";

/** Contract (Account payment), a payment method on file, or none: labels will fail until one is added. */
export function connectionState(
  c: Pick<MerchantConnection, "contractId" | "hasCreditCard" | "hasSupplierAccount"> | undefined,
): ConnectionState {
  if (!c) return "not_connected";
  if (c.contractId) return "connected_contract";
  return c.hasCreditCard || c.hasSupplierAccount ? "connected" : "connected_no_payment";
}

export const sealConnection = (key: EncryptionKey | undefined, c: MerchantConnection): StoredConnection => {
  const { username, password, ...rest } = c;
  return { ...rest, sealedCredentials: seal(key, { username, password }) };
};

export const openConnection = (key: EncryptionKey | undefined, s: StoredConnection): MerchantConnection => {
  const { sealedCredentials, ...rest } = s;
  return { ...rest, ...unseal(key, sealedCredentials) };
};

/** Why a return from Canada Post was refused; nothing was stored. */
export type RefusalReason = "state" | "session" | "cancelled" | "status" | "token" | "canada_post";

export class RegistrationRefused extends Error {
  override readonly name = "RegistrationRefused";
  constructor(
    readonly reason: RefusalReason,
    message: string,
    readonly status?: string,
  ) {
    super(message);
  }
}

/** Canada Post's programming notes: a token is valid 30 minutes, the merchant's time at Canada Post included. */
export const REGISTRATION_TTL_MS = 30 * 60_000;

const hash = (value: string) => createHash("sha256").update(value).digest("hex");
const sameHash = (a: string, b: string) =>
  a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

export interface RegistrationDeps {
  /** A client with the platform's own API key. */
  platform: ClientContext;
  platformId: string;
  pending: PendingRegistrations;
  connections: ConnectionStore;
  key: EncryptionKey | undefined;
  now?: () => Date;
}

/**
 * "Connect with Canada Post": start sends the merchant to Canada Post with a token and a return URL carrying
 * a state value; complete accepts the return only with that state, from the same admin (actor) and browser
 * (the nonce it was given), once, with registration-status SUCCESS and the token issued for it. Then the
 * registration info is read and the connection stored; on any refusal nothing is stored.
 */
export class MerchantRegistration {
  constructor(private readonly d: RegistrationDeps) {}

  async start(input: { returnUrl: string; actor: string }): Promise<{ redirectUrl: string; nonce: string }> {
    const tokenId = await getMerchantRegistrationToken(this.d.platform);
    const state = randomBytes(24).toString("base64url");
    const nonce = randomBytes(24).toString("base64url");
    const back = new URL(input.returnUrl);
    back.searchParams.set("state", state);
    await this.d.pending.put(
      hash(state),
      {
        tokenId,
        actor: input.actor,
        nonceHash: hash(nonce),
        returnUrl: back.toString(),
        createdAt: (this.d.now?.() ?? new Date()).toISOString(),
      },
      REGISTRATION_TTL_MS,
    );
    const redirectUrl = buildMerchantRegistrationUrl(this.d.platform.config, {
      tokenId,
      platformId: this.d.platformId,
      returnUrl: back.toString(),
    });
    return { redirectUrl, nonce };
  }

  /** The return as Canada Post sent it: state (ours), token-id and registration-status (Canada Post's). */
  completeReturn(
    query: Record<string, unknown>,
    from: { actor: string; nonce?: string },
  ): Promise<MerchantConnection> {
    const { tokenId, status } = readRegistrationReturn(query);
    const state = typeof query.state === "string" ? query.state : undefined;
    return this.complete({ state, tokenId, status, ...from });
  }

  async complete(input: {
    state?: string;
    tokenId?: string;
    status?: string;
    actor: string;
    nonce?: string;
  }): Promise<MerchantConnection> {
    const pending = input.state ? await this.d.pending.take(hash(input.state)) : undefined;
    if (!pending)
      throw new RegistrationRefused(
        "state",
        "This return from Canada Post is unknown, expired or was already used.",
      );
    if (pending.actor !== input.actor || !input.nonce || !sameHash(hash(input.nonce), pending.nonceHash))
      throw new RegistrationRefused(
        "session",
        "This return from Canada Post belongs to another admin session.",
      );
    if (input.status === "CANCELLED")
      throw new RegistrationRefused(
        "cancelled",
        "The connection was cancelled at Canada Post.",
        input.status,
      );
    if (input.status !== "SUCCESS")
      throw new RegistrationRefused(
        "status",
        `Canada Post did not complete the registration (status ${input.status ?? "missing"}).`,
        input.status,
      );
    if (input.tokenId !== pending.tokenId)
      throw new RegistrationRefused(
        "token",
        "The token Canada Post returned is not the one issued for this connection.",
      );
    let info;
    try {
      info = await getMerchantRegistrationInfo(this.d.platform, pending.tokenId);
    } catch (e) {
      if (e instanceof CanadaPostError)
        throw new RegistrationRefused(
          "canada_post",
          `Canada Post refused the registration: ${e.messages[0]?.description ?? e.message}`,
        );
      throw e;
    }
    if (!info.customerNumber || !info.merchantUsername || !info.merchantPassword)
      throw new RegistrationRefused(
        "canada_post",
        "Canada Post's registration information has no customer number or API key.",
      );
    const connection: MerchantConnection = {
      customerNumber: info.customerNumber,
      ...(info.contractNumber ? { contractId: info.contractNumber } : {}),
      username: info.merchantUsername,
      password: info.merchantPassword,
      hasCreditCard: info.hasDefaultCreditCard ?? false,
      hasSupplierAccount: info.hasDefaultSupplierAccount ?? false,
      platformId: this.d.platformId,
      connectedAt: (this.d.now?.() ?? new Date()).toISOString(),
    };
    await this.d.connections.save(sealConnection(this.d.key, connection));
    return connection;
  }
}

/**
 * Registrations under way in this process's memory (one instance; a shared store serves several). Those never
 * finished are never taken: the oldest go once `max` are under way, so a long-running process does not keep
 * every abandoned one.
 */
export class MemoryPendingRegistrations implements PendingRegistrations {
  private readonly items: BoundedMap<string, { p: PendingRegistration; until: number }>;
  constructor(max = 1_000) {
    this.items = new BoundedMap(max);
  }
  async put(stateHash: string, p: PendingRegistration, ttlMs: number): Promise<void> {
    this.items.set(stateHash, { p, until: Date.now() + ttlMs });
  }
  async take(stateHash: string): Promise<PendingRegistration | undefined> {
    const item = this.items.get(stateHash);
    this.items.delete(stateHash);
    return item && item.until > Date.now() ? item.p : undefined;
  }
}

/**
 * The merchant's settings with the connected account in force: its customer number, contract and key replace
 * those configured, rates follow the account (contract prices under a contract, else commercial; counter
 * prices stay when the merchant chose them), and labels are paid the way the account can pay (a merchant with
 * only a supplier account on file pays with it: CreditCard would be refused for want of a card).
 */
export function settingsWithConnection(settings: MerchantSettings, c: MerchantConnection): MerchantSettings {
  const { mobo: _mobo, contractId: _contract, paymentMethod: chosen, ...canadaPost } = settings.canadaPost;
  const paymentMethod = paymentMethodFor(c, chosen);
  return {
    ...settings,
    canadaPost: {
      ...canadaPost,
      username: c.username,
      password: c.password,
      customerNumber: c.customerNumber,
      ...(c.contractId ? { contractId: c.contractId } : {}),
      ...(paymentMethod ? { paymentMethod } : {}),
    },
    rates: settings.rates === "counter" ? "counter" : c.contractId ? "contract" : "commercial",
  };
}

type PaymentMethod = NonNullable<MerchantSettings["canadaPost"]["paymentMethod"]>;

/**
 * The merchant's own choice when the connected account can pay that way; else a supplier account when it is
 * all the account has; else undefined, Canada Post's usual way (Account under a contract, CreditCard without).
 */
function paymentMethodFor(
  c: MerchantConnection,
  chosen: PaymentMethod | undefined,
): PaymentMethod | undefined {
  const can: Record<PaymentMethod, boolean> = {
    Account: Boolean(c.contractId),
    CreditCard: c.hasCreditCard,
    SupplierAccount: c.hasSupplierAccount,
  };
  if (chosen && can[chosen]) return chosen;
  return !c.contractId && !c.hasCreditCard && c.hasSupplierAccount ? "SupplierAccount" : undefined;
}

/**
 * A stored connection from the columns both platforms keep it in (Medusa's canada_post_connection and the
 * Shopify app's shop_connections name them alike).
 */
export interface ConnectionColumns {
  customer_number: string;
  contract_id: string | null;
  sealed_credentials: string;
  has_credit_card: boolean;
  has_supplier_account: boolean;
  platform_id: string;
  connected_at: Date | string;
}

export function storedConnectionOf(row: ConnectionColumns): StoredConnection {
  return {
    customerNumber: row.customer_number,
    ...(row.contract_id ? { contractId: row.contract_id } : {}),
    sealedCredentials: row.sealed_credentials,
    hasCreditCard: row.has_credit_card,
    hasSupplierAccount: row.has_supplier_account,
    platformId: row.platform_id,
    connectedAt: new Date(row.connected_at).toISOString(),
  };
}

/** The connected account as both admins show it: numbers, payment on file, the key's username masked. */
export function connectedAccountView(c: MerchantConnection, mask: (secret: string) => string | null) {
  return {
    customer_number: c.customerNumber,
    contract_id: c.contractId ?? null,
    has_credit_card: c.hasCreditCard,
    has_supplier_account: c.hasSupplierAccount,
    username: mask(c.username),
    platform_id: c.platformId,
    connected_at: c.connectedAt,
  };
}
