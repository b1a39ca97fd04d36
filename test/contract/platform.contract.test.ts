import {
  CanadaPostError,
  createClientContext,
  createShipment,
  getMerchantRegistrationInfo,
  getMerchantRegistrationToken,
  getRates,
  getServiceInfo,
  buildMerchantRegistrationUrl,
  type ClientContextHandle,
  type MerchantInfo,
} from "../../src/canada-post";
import { contractShipment, control, requestLog, resetSimulator, useSimulator } from "./support";
import { SHARED_XSD_DIR, xsdErrors } from "../support/xsd";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { validateXML } from "xmllint-wasm";

/*
 * E-commerce Platforms against the simulator: the platform's token, the merchant's trip through the simulated
 * sign-in page, the registration info (once), the new key's calls (PLATFMDISC through the platform, 7317 and
 * a missing card), and Get Service Info; answers checked against merchantregistration.xsd and serviceinfo.xsd.
 */

const h = useSimulator();
const clients: ClientContextHandle[] = [];
afterAll(() => Promise.all(clients.map((c) => c.close())));
afterEach(() => resetSimulator(h.sim));

function client(config: {
  username: string;
  password: string;
  customerNumber?: string;
  contractId?: string;
  platformId?: string;
}) {
  const c = createClientContext({ ...config, baseUrl: h.sim.url, retryDelayMs: 10 });
  clients.push(c);
  return c;
}
const platform = () => client({ username: "sim-platform", password: "sim-platform-password" });
const PLATFORM_ID = "8888888";
const RETURN = "https://shop.example/app/canada-post/return?state=s1";

/** The merchant at the simulated sign-in page: approves (with a business) or cancels; where it is sent back. */
async function signIn(tokenId: string, form: Record<string, string>): Promise<URL> {
  const page = buildMerchantRegistrationUrl(
    { baseUrl: h.sim.url },
    { tokenId, platformId: PLATFORM_ID, returnUrl: RETURN },
  );
  const shown = await fetch(page);
  expect(shown.status).toBe(200);
  expect(await shown.text()).toContain("Approve");
  const res = await fetch(`${h.sim.url}/information/app/drc/decision`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({
      "token-id": tokenId,
      "platform-id": PLATFORM_ID,
      "return-url": RETURN,
      ...form,
    }),
    redirect: "manual",
  });
  expect(res.status).toBe(303);
  return new URL(res.headers.get("location")!);
}

async function register(form: Record<string, string>): Promise<MerchantInfo> {
  const p = platform();
  const tokenId = await getMerchantRegistrationToken(p);
  const back = await signIn(tokenId, { decision: "approve", ...form });
  expect(back.searchParams.get("registration-status")).toBe("SUCCESS");
  expect(back.searchParams.get("state")).toBe("s1");
  return getMerchantRegistrationInfo(p, back.searchParams.get("token-id")!);
}

/** merchantregistration.xsd is v1; v2's merchant-info adds has-default-supplier-account last (release notes). */
async function v2RegistrationErrors(xml: string): Promise<string[]> {
  const v1 = readFileSync(join(SHARED_XSD_DIR, "merchantregistration.xsd"), "utf8");
  const v2 = v1.replace(
    '<xsd:element minOccurs="0" name="has-default-credit-card" type="xsd:boolean" />',
    '$&<xsd:element minOccurs="0" name="has-default-supplier-account" type="xsd:boolean" />',
  );
  expect(v2).not.toBe(v1);
  const r = await validateXML({
    xml: [{ fileName: "a.xml", contents: xml }],
    schema: [{ fileName: "m.xsd", contents: v2 }],
  });
  return r.valid ? [] : r.errors.map((e) => e.message);
}

async function raw(
  path: string,
  accept: string,
  auth = "sim-platform:sim-platform-password",
  method = "GET",
) {
  const res = await fetch(`${h.sim.url}${path}`, {
    method,
    headers: { accept, authorization: `Basic ${Buffer.from(auth).toString("base64")}` },
  });
  return { status: res.status, text: await res.text() };
}

test("the token answer and the merchant-info answer are Canada Post's documents", async () => {
  const token = await raw("/ot/token", "application/vnd.cpc.registration-v2+xml", undefined, "POST");
  expect(token.status).toBe(200);
  expect(await xsdErrors(token.text, "merchantregistration.xsd")).toEqual([]);
  const tokenId = /<token-id>(\d{40})<\/token-id>/.exec(token.text)![1]!;
  await signIn(tokenId, { decision: "approve", business: "new", name: "Xsd Co", card: "on" });
  const info = await raw(`/ot/token/${tokenId}`, "application/vnd.cpc.registration-v2+xml");
  expect(info.status).toBe(200);
  expect(await v2RegistrationErrors(info.text)).toEqual([]);
});

test("a merchant approves: the platform reads its customer number and a key of its own, once", async () => {
  const p = platform();
  const tokenId = await getMerchantRegistrationToken(p);
  expect(tokenId).toMatch(/^\d{40}$/);
  const back = await signIn(tokenId, {
    decision: "approve",
    business: "new",
    name: "Saint-Laurent Tea",
    card: "on",
  });
  expect(back.searchParams.get("token-id")).toBe(tokenId);
  const info = await getMerchantRegistrationInfo(p, tokenId);
  expect(info).toMatchObject({ hasDefaultCreditCard: true, hasDefaultSupplierAccount: false });
  expect(info.contractNumber).toBeUndefined();
  expect(info.merchantUsername).toMatch(/^[0-9a-f]{16}$/);
  // The token was used: a replay gets nothing.
  await expect(getMerchantRegistrationInfo(p, tokenId)).rejects.toThrow(/already retrieved/);
});

test("only the platform's key gets tokens, and a cancelled or unfinished registration yields nothing", async () => {
  await expect(getMerchantRegistrationToken(h.ctx)).rejects.toThrow(/Platform not authorized/);
  const p = platform();
  const unfinished = await getMerchantRegistrationToken(p);
  await expect(getMerchantRegistrationInfo(p, unfinished)).rejects.toThrow(/not completed/);
  const cancelled = await getMerchantRegistrationToken(p);
  const back = await signIn(cancelled, { decision: "cancel" });
  expect(back.searchParams.get("registration-status")).toBe("CANCELLED");
  await expect(getMerchantRegistrationInfo(p, cancelled)).rejects.toBeInstanceOf(CanadaPostError);
  // A token from before its 30 minutes ran out is sent back as BAD_REQUEST.
  const late = await getMerchantRegistrationToken(p);
  await control(h.sim, "POST", "clock", { advanceMs: 31 * 60_000 });
  const page = buildMerchantRegistrationUrl(
    { baseUrl: h.sim.url },
    { tokenId: late, platformId: PLATFORM_ID, returnUrl: RETURN },
  );
  const res = await fetch(page, { redirect: "manual" });
  expect(new URL(res.headers.get("location")!).searchParams.get("registration-status")).toBe("BAD_REQUEST");
});

const scenario = {
  parcel: { weight: 2 },
  originPostalCode: "K2B8J6",
  destination: { country: "CA", postalCode: "H2B1A0" },
  services: ["DOM.EP"],
};

test("the new key ships for its merchant: PLATFMDISC through the platform, logged under its username", async () => {
  const info = await register({ business: "new", name: "Laurentian Goods", card: "on" });
  const creds = {
    username: info.merchantUsername!,
    password: info.merchantPassword!,
    customerNumber: info.customerNumber!,
  };
  const via = client({ ...creds, platformId: PLATFORM_ID });
  const direct = client(creds);
  const [withPlatform] = await getRates(via, scenario);
  const [without] = await getRates(direct, scenario);
  const codes = (q: typeof withPlatform) => q!.priceDetails.adjustments.map((a) => a.adjustmentCode);
  expect(codes(withPlatform)).toContain("PLATFMDISC");
  expect(codes(without)).not.toContain("PLATFMDISC");
  expect(withPlatform!.priceDetails.due).toBeLessThan(without!.priceDetails.due);

  const shipment = await createShipment(
    via,
    contractShipment({ groupId: undefined, transmitShipment: true }),
  );
  expect(shipment.trackingPin).toBeTruthy();
  const log = await requestLog(h.sim);
  expect(log.entries.find((e) => e.operation === "CreateShipment")?.username).toBe(info.merchantUsername);
  // Its key is for its own customer number only.
  await expect(getRates(via, { ...scenario, customerNumber: h.sim.settings.customerNumber })).rejects.toThrow(
    /AA004/,
  );
});

test("no card on file: labels fail; a supplier account of another platform: 7317", async () => {
  const broke = await register({ business: "new", name: "No Card Ltd" });
  expect(broke.hasDefaultCreditCard).toBe(false);
  const noCard = client({
    username: broke.merchantUsername!,
    password: broke.merchantPassword!,
    customerNumber: broke.customerNumber!,
    platformId: PLATFORM_ID,
  });
  await expect(
    createShipment(noCard, contractShipment({ groupId: undefined, transmitShipment: true })),
  ).rejects.toThrow(/credit card/);

  const other = await register({ business: "new", name: "Supplied Elsewhere", supplier: "other" });
  expect(other.hasDefaultSupplierAccount).toBe(true);
  const c = client({
    username: other.merchantUsername!,
    password: other.merchantPassword!,
    customerNumber: other.customerNumber!,
    platformId: PLATFORM_ID,
  });
  const bySupplier = contractShipment({ groupId: undefined, transmitShipment: true });
  bySupplier.deliverySpec.settlementInfo = { intendedMethodOfPayment: "SupplierAccount" };
  const refused = await createShipment(c, bySupplier).catch((e: unknown) => e);
  expect(refused).toBeInstanceOf(CanadaPostError);
  expect((refused as CanadaPostError).code).toBe("7317");

  const own = await register({ business: "new", name: "Supplied Here", supplier: "this" });
  const ok = client({
    username: own.merchantUsername!,
    password: own.merchantPassword!,
    customerNumber: own.customerNumber!,
    platformId: PLATFORM_ID,
  });
  await expect(createShipment(ok, bySupplier)).resolves.toMatchObject({ trackingPin: expect.any(String) });
});

test("Get Service Info: none is an empty <info-messages>, a notice set through the controls is read", async () => {
  const empty = await raw(
    "/rs/serviceinfo/shipment?messageType=SO",
    "application/vnd.cpc.serviceinfo-v2+xml",
    "sim-user:sim-password",
  );
  expect(empty.status).toBe(200);
  expect(await xsdErrors(empty.text, "serviceinfo.xsd")).toEqual([]);
  expect(await getServiceInfo(h.ctx)).toEqual([]);
  await control(h.sim, "POST", "service-notices", {
    text: "Web services unavailable Sunday 02:00-04:00 ET",
    textFr: "Services Web indisponibles dimanche de 2 h à 4 h HE",
    from: "2030-01-06T07:00:00Z",
    to: "2030-01-06T09:00:00Z",
  });
  const full = await raw("/rs/serviceinfo/shipment?messageType=SO", "application/vnd.cpc.serviceinfo-v2+xml");
  expect(await xsdErrors(full.text, "serviceinfo.xsd")).toEqual([]);
  const [notice] = await getServiceInfo(h.ctx);
  expect(notice).toMatchObject({
    messageType: "SO",
    messageText: expect.stringContaining("Sunday"),
    fromDatetime: "2030-01-06T07:00:00Z",
  });
  const [fr] = await getServiceInfo(h.ctx, { lang: "fr" });
  expect(fr!.messageText).toContain("dimanche");
});
