import { createClientContext, type ClientContextHandle } from "../../../src/canada-post";
import { encryptionKeyFromEnv, seal, unseal } from "../../../src/shipping/connection-secrets";
import {
  connectionState,
  MemoryPendingRegistrations,
  MerchantRegistration,
  openConnection,
  RegistrationRefused,
  type ConnectionStore,
  type StoredConnection,
} from "../../../src/shipping/merchant-connection";
import { describeRefusal, explainPaymentError } from "../../../src/shipping/connection-messages";
import { CanadaPostError } from "../../../src/canada-post";
import { startSimulator, type RunningSimulator } from "../../../src/simulator";
import { decideAtSignIn } from "../../support/sign-in";
import { SIMULATOR_PLATFORM } from "../../support/merchant";

/* The merchant connection: sealed at rest, and a return from Canada Post accepted once, from its session. */

describe("credentials at rest", () => {
  const key = encryptionKeyFromEnv({ CANADA_POST_ENCRYPTION_KEY: "11".repeat(32) }, "production")!;

  test("AES-256-GCM: sealed text shows nothing, opens with the key, and not with another", () => {
    const sealed = seal(key, { username: "merchant-user", password: "merchant-pass" });
    expect(sealed).not.toContain("merchant");
    expect(unseal(key, sealed)).toEqual({ username: "merchant-user", password: "merchant-pass" });
    const other = encryptionKeyFromEnv({ CANADA_POST_ENCRYPTION_KEY: "22".repeat(32) })!;
    expect(() => unseal(other, sealed)).toThrow(/cannot be decrypted/);
    // One bit of the ciphertext flipped (changing the text's last characters can leave the bytes as they
    // were: base64's last character carries padding bits).
    const [version, iv, tag, data] = sealed.split(".");
    const bytes = Buffer.from(data!, "base64url");
    bytes[0] = bytes[0]! ^ 1;
    const tampered = [version, iv, tag, bytes.toString("base64url")].join(".");
    expect(() => unseal(key, tampered)).toThrow(/cannot be decrypted/);
  });

  test("production needs the key; development has a stand-in that says so", () => {
    expect(encryptionKeyFromEnv({}, "production")).toBeUndefined();
    expect(() => seal(undefined, { username: "u", password: "p" })).toThrow(/CANADA_POST_ENCRYPTION_KEY/);
    expect(encryptionKeyFromEnv({}, "development")?.development).toBe(true);
    expect(() => encryptionKeyFromEnv({ CANADA_POST_ENCRYPTION_KEY: "short" })).toThrow(/32 bytes/);
  });

  test("states: not connected, no payment method, payment on file, contract", () => {
    expect(connectionState(undefined)).toBe("not_connected");
    expect(connectionState({ hasCreditCard: false, hasSupplierAccount: false })).toBe("connected_no_payment");
    expect(connectionState({ hasCreditCard: true, hasSupplierAccount: false })).toBe("connected");
    expect(connectionState({ contractId: "1", hasCreditCard: false, hasSupplierAccount: false })).toBe(
      "connected_contract",
    );
  });

  test("7317 and a missing card, in the merchant's words", () => {
    const e7317 = new CanadaPostError(200, "CreateShipment", [{ code: "7317", description: "issuer..." }]);
    expect(explainPaymentError(e7317, "en")).toMatch(/another platform/);
    expect(explainPaymentError(e7317, "fr")).toMatch(/autre plateforme/);
    const card = new CanadaPostError(200, "CreateShipment", [
      { code: "Client", description: "No credit card is saved" },
    ]);
    expect(explainPaymentError(card, "fr")).toMatch(/carte de crédit/);
    expect(describeRefusal("cancelled", "en")).toMatch(/nothing was connected/);
  });
});

describe("the return from Canada Post", () => {
  let sim: RunningSimulator;
  let platform: ClientContextHandle;
  const stored: StoredConnection[] = [];
  const store: ConnectionStore = {
    load: async () => stored.at(-1),
    save: async (c) => void stored.push(c),
    remove: async () => void stored.splice(0),
  };
  const key = encryptionKeyFromEnv({}, "test")!;
  let registration: MerchantRegistration;

  beforeAll(async () => {
    sim = await startSimulator();
    platform = createClientContext({ ...SIMULATOR_PLATFORM.key, baseUrl: sim.url });
    registration = new MerchantRegistration({
      platform,
      platformId: SIMULATOR_PLATFORM.platformId,
      pending: new MemoryPendingRegistrations(),
      connections: store,
      key,
    });
  });
  afterAll(async () => {
    await platform.close();
    await sim.close();
  });
  beforeEach(() => stored.splice(0));

  /** Starts, then plays the merchant at the simulated page; the query Canada Post sends back. */
  async function startAndDecide(decision: "approve" | "cancel") {
    const { redirectUrl, nonce } = await registration.start({
      returnUrl: "http://localhost:9000/back",
      actor: "user_1",
    });
    const back = await decideAtSignIn(sim.url, redirectUrl, {
      decision,
      business: "new",
      name: "Unit Test Co",
      card: "on",
    });
    return {
      nonce,
      state: back.get("state")!,
      tokenId: back.get("token-id")!,
      status: back.get("registration-status")!,
    };
  }

  test("accepted once, from its session: the connection is stored sealed", async () => {
    const r = await startAndDecide("approve");
    const c = await registration.complete({ ...r, actor: "user_1" });
    expect(connectionState(c)).toBe("connected");
    expect(stored).toHaveLength(1);
    expect(JSON.stringify(stored[0])).not.toContain(c.password);
    expect(openConnection(key, stored[0]!)).toEqual(c);
    // Replayed: the state was used.
    await expect(registration.complete({ ...r, actor: "user_1" })).rejects.toMatchObject({ reason: "state" });
    expect(stored).toHaveLength(1);
  });

  test.each([
    ["another admin", { actor: "user_2" }, "session"],
    ["another browser (nonce)", { nonce: "forged" }, "session"],
    ["a wrong token", { tokenId: "1234" }, "token"],
    ["a status other than SUCCESS", { status: "UNEXPECTED_ERROR" }, "status"],
    ["no state", { state: undefined }, "state"],
  ])("refused with %s, nothing stored", async (_what, change, reason) => {
    const r = await startAndDecide("approve");
    const refused = await registration
      .complete({ ...r, actor: "user_1", ...change })
      .catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(RegistrationRefused);
    expect((refused as RegistrationRefused).reason).toBe(reason);
    expect(stored).toHaveLength(0);
  });

  test("cancelled at Canada Post: nothing stored", async () => {
    const r = await startAndDecide("cancel");
    await expect(registration.complete({ ...r, actor: "user_1" })).rejects.toMatchObject({
      reason: "cancelled",
    });
    expect(stored).toHaveLength(0);
  });
});

describe("registrations under way in memory", () => {
  const pending = (n: number) => ({
    tokenId: `token-${n}`,
    actor: "user_1",
    nonceHash: `nonce-${n}`,
    returnUrl: "http://localhost:9000/back",
    createdAt: "2026-11-30T12:00:00.000Z",
  });

  it("gives each registration back once, and none after its time", async () => {
    const store = new MemoryPendingRegistrations();
    await store.put("a", pending(1), 60_000);
    await store.put("b", pending(2), -1);
    expect(await store.take("a")).toEqual(pending(1));
    expect(await store.take("a")).toBeUndefined();
    expect(await store.take("b")).toBeUndefined();
  });

  it("keeps the newest when more are under way than it holds: abandoned ones do not pile up", async () => {
    const store = new MemoryPendingRegistrations(3);
    for (let n = 1; n <= 5; n++) await store.put(`s${n}`, pending(n), 60_000);
    expect(await store.take("s1")).toBeUndefined();
    expect(await store.take("s2")).toBeUndefined();
    expect((await store.take("s3"))?.tokenId).toBe("token-3");
    expect((await store.take("s5"))?.tokenId).toBe("token-5");
  });
});
