import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createClientContext, type ClientContextHandle } from "../../src/canada-post";
import { encryptionKeyFromEnv } from "../../src/shipping/connection-secrets";
import { createShipping } from "../../src/shipping/create-shipping";
import { FileLabelStore } from "../../src/shipping/label-store";
import {
  MemoryPendingRegistrations,
  MerchantRegistration,
  settingsWithConnection,
  type MerchantConnection,
  type StoredConnection,
} from "../../src/shipping/merchant-connection";
import { parseMerchantSettings, type MerchantSettingsInput } from "../../src/shipping/settings";
import { ShipmentPurchaseError } from "../../src/shipping/shipments";
import { startSimulator, type RunningSimulator } from "../../src/simulator";
import { JEANNE_IN_MONTREAL, MAPLE_GOODS_ORIGIN, SIMULATOR_PLATFORM } from "../support/merchant";
import { decideAtSignIn } from "../support/sign-in";

/**
 * A merchant connected through Canada Post's E-commerce Platforms pays for labels the way its account can:
 * one whose only payment method on file is a supplier account issued through this platform buys labels with it
 * (a CreditCard purchase would be refused for want of a card), one issued through another platform meets
 * Canada Post's 7317. Against the simulator over loopback, through the shipping core as a platform calls it.
 */

let sim: RunningSimulator;
let platform: ClientContextHandle;
let registration: MerchantRegistration;
let dir: string;
const contexts: ClientContextHandle[] = [];

beforeAll(async () => {
  sim = await startSimulator();
  platform = createClientContext({ ...SIMULATOR_PLATFORM.key, baseUrl: sim.url });
  const saved: StoredConnection[] = [];
  registration = new MerchantRegistration({
    platform,
    platformId: SIMULATOR_PLATFORM.platformId,
    pending: new MemoryPendingRegistrations(),
    connections: {
      load: async () => saved.at(-1),
      save: async (c) => void saved.push(c),
      remove: async () => void saved.splice(0),
    },
    key: encryptionKeyFromEnv({}, "test")!,
  });
  dir = await mkdtemp(join(tmpdir(), "connected-payment-"));
});
afterAll(async () => {
  await Promise.all(contexts.map((c) => c.close()));
  await platform.close();
  await sim.close();
  await rm(dir, { recursive: true, force: true });
});

/** The merchant signs in at the simulated Canada Post page with a new business and approves. */
async function connect(business: {
  card?: boolean;
  supplier?: "this" | "other";
}): Promise<MerchantConnection> {
  const { redirectUrl, nonce } = await registration.start({
    returnUrl: "http://localhost:9000/back",
    actor: "a",
  });
  const back = await decideAtSignIn(sim.url, redirectUrl, {
    decision: "approve",
    business: "new",
    name: "Connected Co",
    ...(business.card ? { card: "on" } : {}),
    ...(business.supplier ? { supplier: business.supplier } : {}),
  });
  return registration.complete({
    nonce,
    actor: "a",
    state: back.get("state")!,
    tokenId: back.get("token-id")!,
    status: back.get("registration-status")!,
  });
}

const SETTINGS: MerchantSettingsInput = { origin: MAPLE_GOODS_ORIGIN };

/** The core as a platform builds it for a connected merchant: the connection's key, with the Platform-id. */
function coreFor(c: MerchantConnection, input: MerchantSettingsInput = SETTINGS) {
  const settings = settingsWithConnection(parseMerchantSettings(input), c);
  const ctx = createClientContext({
    username: c.username,
    password: c.password,
    customerNumber: c.customerNumber,
    platformId: c.platformId,
    baseUrl: sim.url,
  });
  contexts.push(ctx);
  return createShipping({ settings, canadaPost: ctx, labels: new FileLabelStore(dir) });
}

async function buyOneLabel(core: ReturnType<typeof coreFor>, orderId: string) {
  const { parcels } = await core.rates.quoteCart({
    lines: [{ id: "mug", quantity: 1, weight: 0.4, length: 12, width: 10, height: 10 }],
    destination: { country: "CA", postalCode: JEANNE_IN_MONTREAL.postalCode },
  });
  return core.shipments.createShipments({
    orderId,
    fulfillmentId: `${orderId}-f1`,
    serviceCode: "DOM.EP",
    destination: JEANNE_IN_MONTREAL,
    parcels,
    orderValue: 25,
  });
}

describe("a connected merchant's labels are paid the way its account can pay", () => {
  it("with only a supplier account from this platform: bought with it", async () => {
    const c = await connect({ supplier: "this" });
    expect([c.hasCreditCard, c.hasSupplierAccount, c.contractId]).toEqual([false, true, undefined]);
    const core = coreFor(c);
    expect(core.settings.canadaPost.paymentMethod).toBe("SupplierAccount");
    const [label] = await buyOneLabel(core, "order-supplied");
    expect(label).toMatchObject({ status: "transmitted", trackingPin: expect.stringMatching(/^\d+$/) });
  });

  it("with only a supplier account from another platform: refused with Canada Post's 7317, nothing bought", async () => {
    const core = coreFor(await connect({ supplier: "other" }));
    const refused = await buyOneLabel(core, "order-elsewhere").catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ShipmentPurchaseError);
    const e = refused as ShipmentPurchaseError;
    expect([e.bought.length, e.failed[0]?.code]).toEqual([0, "7317"]);
    expect(e.failed[0]?.description).toMatch(/does not match the platform/);
  });

  it("with a card on file: by card, as before; the merchant's own choice kept when the account can pay so", async () => {
    const both = await connect({ card: true, supplier: "this" });
    expect(coreFor(both).settings.canadaPost.paymentMethod).toBeUndefined();
    const [byCard] = await buyOneLabel(coreFor(both), "order-card");
    expect(byCard?.trackingPin).toMatch(/^\d+$/);

    const chosen = { ...SETTINGS, canadaPost: { paymentMethod: "SupplierAccount" as const } };
    expect(coreFor(both, chosen).settings.canadaPost.paymentMethod).toBe("SupplierAccount");
    // Account needs a contract this account does not have: the connection's way instead.
    const account = { ...SETTINGS, canadaPost: { paymentMethod: "Account" as const } };
    expect(coreFor(both, account).settings.canadaPost.paymentMethod).toBeUndefined();
  });
});
