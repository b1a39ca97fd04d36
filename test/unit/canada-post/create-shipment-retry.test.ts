import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import {
  getArtifact,
  createClientContext,
  type ClientContextHandle,
  CanadaPostError,
  CanadaPostTransportError,
  createShipment,
  getShipment,
  getShipments,
  requestShipmentRefund,
  voidShipment,
  type CreateShipmentInput,
} from "../../../src/canada-post";
import { contractShipment } from "../../support/seed-shipment";
import { xsdErrors } from "../../support/xsd";

/**
 * The real client (transport and shipment calls) against a scripted loopback server: the no-second-label
 * rule of Create Shipment, and the errors of void and refund exactly as Canada Post answers them.
 */

const MT = "application/vnd.cpc.shipment-v8+xml";
const NS = "http://www.canadapost.ca/ws/shipment-v8";

interface Seen {
  method: string;
  url: string;
  accept: string;
  body: string;
}
interface Reply {
  status: number;
  type?: string;
  body?: string | Buffer;
  /** Answer only after this many milliseconds (past the client's deadline: a lost answer). */
  delayMs?: number;
}
type Handler = (req: Seen) => Reply;

let seen: Seen[] = [];
let handler: Handler = () => ({ status: 500 });
let base = "";
let ctx: ClientContextHandle;
let close: () => Promise<void>;
const timers = new Set<NodeJS.Timeout>();

beforeAll(async () => {
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const s: Seen = {
        method: req.method ?? "",
        url: req.url ?? "",
        accept: String(req.headers.accept),
        body: Buffer.concat(chunks).toString("utf8"),
      };
      seen.push(s);
      const reply = handler(s);
      const send = () => {
        if (res.destroyed) return;
        res.writeHead(reply.status, reply.body === undefined ? {} : { "content-type": reply.type ?? MT });
        res.end(reply.body);
      };
      if (reply.delayMs) {
        const t = setTimeout(() => {
          timers.delete(t);
          send();
        }, reply.delayMs);
        timers.add(t);
      } else send();
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  ctx = createClientContext({
    username: "user",
    password: "pass",
    customerNumber: "1234567",
    contractId: "42708517",
    baseUrl: base,
    timeoutMs: 300,
    retries: 2,
    retryDelayMs: 10,
  });
  close = async () => {
    for (const t of timers) clearTimeout(t);
    await ctx.close();
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  };
});
afterAll(() => close());
beforeEach(() => {
  seen = [];
});

const SHIPMENTS = "/rs/1234567/1234567/shipment";
const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

// The seed's shipment, deposited at a site rather than picked up.
const input = (customerRequestId?: string): CreateShipmentInput =>
  contractShipment({ customerRequestId, requestedShippingPoint: undefined, shippingPointId: "0123" });

const shipmentInfo = (id: string, requestId?: string) =>
  `<?xml version="1.0" encoding="UTF-8"?><shipment-info xmlns="${NS}">${
    requestId ? `<customer-request-id>${requestId}</customer-request-id>` : ""
  }<shipment-id>${id}</shipment-id><shipment-status>created</shipment-status><tracking-pin>123456789012</tracking-pin><links><link rel="self" href="${base}${SHIPMENTS}/${id}" media-type="${MT}"/><link rel="refund" href="${base}${SHIPMENTS}/${id}/refund" media-type="${MT}"/><link rel="label" href="${base}/rs/artifact/abc/${id}/0" media-type="application/pdf" index="0"/><link rel="label" href="${base}/rs/artifact/zpl/${id}/0" media-type="application/zpl" index="1"/></links></shipment-info>`;

const messages = (code: string, description: string) =>
  `<?xml version="1.0" encoding="UTF-8"?><messages xmlns="http://www.canadapost.ca/ws/messages"><message><code>${code}</code><description>${description}</description></message></messages>`;

/**
 * A tiny Canada Post: shipments by customer-request-id (7314 on a repeat), Get Shipments by request id, and
 * Get Shipment. `onCreate` decides each create's fate by its attempt number.
 */
function canadaPost(
  onCreate: (attempt: number, requestId: string | undefined) => "ok" | "lost" | "lost-unsaved" | "503",
) {
  const byRequestId = new Map<string, string>();
  let creates = 0;
  const h: Handler = (req) => {
    if (req.method === "POST" && req.url === SHIPMENTS) {
      creates++;
      const requestId = /<customer-request-id>([^<]+)</.exec(req.body)?.[1];
      if (requestId && byRequestId.has(requestId)) {
        return {
          status: 200,
          body: messages("7314", "Request ID already exists; it must be unique when provided."),
        };
      }
      const fate = onCreate(creates, requestId);
      if (fate === "503") return { status: 503, type: "text/plain", body: "Service Unavailable" };
      const id = `SHIP${creates}`;
      if (fate !== "lost-unsaved" && requestId) byRequestId.set(requestId, id);
      const reply = { status: 200, body: shipmentInfo(id, requestId) };
      return fate === "ok" ? reply : { ...reply, delayMs: 1000 };
    }
    const url = new URL(req.url, base);
    if (req.method === "GET" && url.pathname === SHIPMENTS) {
      const id = byRequestId.get(url.searchParams.get("customerRequestId") ?? "");
      const links = id ? `<link rel="shipment" href="${base}${SHIPMENTS}/${id}" media-type="${MT}"/>` : "";
      return { status: 200, body: `<shipments xmlns="${NS}">${links}</shipments>` };
    }
    const m = /^\/rs\/1234567\/1234567\/shipment\/(SHIP\d+)$/.exec(url.pathname);
    if (req.method === "GET" && m) {
      const requestId = [...byRequestId].find(([, v]) => v === m[1])?.[0];
      return { status: 200, body: shipmentInfo(m[1]!, requestId) };
    }
    return { status: 404, body: "<messages/>" };
  };
  return { handler: h, byRequestId, creates: () => seen.filter((s) => s.method === "POST").length };
}

const route = (s: Seen) => `${s.method} ${new URL(s.url, base).pathname}${new URL(s.url, base).search}`;

describe("Create Shipment never buys a second label", () => {
  it("finds the shipment by customer-request-id when the answer was lost, and creates only once", async () => {
    const cp = canadaPost(() => "lost");
    handler = cp.handler;
    const info = await createShipment(ctx, input("order-1"));
    expect(info).toMatchObject({
      shipmentId: "SHIP1",
      customerRequestId: "order-1",
      trackingPin: "123456789012",
    });
    expect(cp.creates()).toBe(1);
    expect(seen.map(route)).toEqual([
      `POST ${SHIPMENTS}`,
      `GET ${SHIPMENTS}?customerRequestId=order-1`,
      `GET ${SHIPMENTS}/SHIP1`,
    ]);
    // The create carried a valid document with the request id, and went out with the v8 media type.
    expect(await xsdErrors(seen[0]!.body, "shipment.xsd")).toEqual([]);
    expect(seen[0]!.accept).toBe(MT);
  });

  it("creates again when the lost create never reached Canada Post, after looking first", async () => {
    const cp = canadaPost((n) => (n === 1 ? "lost-unsaved" : "ok"));
    handler = cp.handler;
    const info = await createShipment(ctx, input("order-2"));
    expect(info.shipmentId).toBe("SHIP2");
    expect(seen.map(route)).toEqual([
      `POST ${SHIPMENTS}`,
      `GET ${SHIPMENTS}?customerRequestId=order-2`,
      `POST ${SHIPMENTS}`,
    ]);
  });

  it("treats HTTP 5xx as no answer: looks up, then creates again", async () => {
    const cp = canadaPost((n) => (n === 1 ? "503" : "ok"));
    handler = cp.handler;
    expect((await createShipment(ctx, input("order-3"))).shipmentId).toBe("SHIP2");
    expect(seen.map((s) => s.method)).toEqual(["POST", "GET", "POST"]);
  });

  it("resolves a 7314 answer (request id already exists) to the existing shipment", async () => {
    const cp = canadaPost(() => "ok");
    cp.byRequestId.set("order-4", "SHIP77");
    handler = cp.handler;
    const info = await createShipment(ctx, input("order-4"));
    expect(info.shipmentId).toBe("SHIP77");
    expect(seen.map(route)).toEqual([
      `POST ${SHIPMENTS}`,
      `GET ${SHIPMENTS}?customerRequestId=order-4`,
      `GET ${SHIPMENTS}/SHIP77`,
    ]);
  });

  it("does not retry a timeout without a customerRequestId", async () => {
    handler = canadaPost(() => "lost").handler;
    const error = await createShipment(ctx, input()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CanadaPostTransportError);
    expect((error as CanadaPostTransportError).reason).toBe("timeout");
    await wait(200); // room for a retry that must not come
    expect(seen.map((s) => s.method)).toEqual(["POST"]);
  });

  it("gives up after config.retries creates when every attempt stays unanswered", async () => {
    handler = canadaPost(() => "503").handler;
    const error = await createShipment(ctx, input("order-5")).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CanadaPostError);
    expect((error as CanadaPostError).status).toBe(503);
    expect(seen.map((s) => s.method)).toEqual(["POST", "GET", "POST", "GET", "POST", "GET"]);
  });

  it("does not retry a definite refusal, and passes Canada Post's code through", async () => {
    handler = () => ({ status: 200, body: messages("9111", "The service code is not valid.") });
    const error = await createShipment(ctx, input("order-6")).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CanadaPostError);
    expect(error).toMatchObject({ status: 200, code: "9111", operation: "CreateShipment" });
    expect((error as Error).message).toContain("9111: The service code is not valid.");
    expect(seen).toHaveLength(1);
  });

  it("never creates again when the lookup fails too, and says the shipment may exist", async () => {
    handler = (req) =>
      req.method === "POST"
        ? { status: 200, body: shipmentInfo("SHIP1"), delayMs: 1000 }
        : { status: 500, type: "text/plain", body: "down" };
    const error = await createShipment(ctx, input("order-7")).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CanadaPostTransportError);
    expect((error as Error).message).toMatch(
      /looking up customerRequestId "order-7" failed too .*the shipment may exist/,
    );
    await wait(200);
    expect(seen.filter((s) => s.method === "POST")).toHaveLength(1);
  });
});

describe("Void, refund and artifacts over the wire", () => {
  const selfLink = () => ({ rel: "self", href: `${base}${SHIPMENTS}/SHIP9`, mediaType: MT });

  it("asks Get Shipments with Canada Post's query names and returns the shipment links", async () => {
    const link = `<link rel="shipment" href="${base}${SHIPMENTS}/SHIP1" media-type="${MT}"/>`;
    handler = () => ({
      status: 200,
      body: `<shipments xmlns="${NS}">${link}${link.replace("SHIP1", "SHIP2")}</shipments>`,
    });
    const links = await getShipments(ctx, { noManifest: { date: "2030-01-02", limit: 5 } });
    expect(links.map((l) => l.href)).toEqual([`${base}${SHIPMENTS}/SHIP1`, `${base}${SHIPMENTS}/SHIP2`]);
    await getShipments(ctx, { groupId: "grp 1" });
    await getShipments(ctx, { trackingPin: "123456789012" });
    handler = () => ({ status: 200, body: `<shipments xmlns="${NS}"/>` });
    await expect(getShipments(ctx, { customerRequestId: "none" })).resolves.toEqual([]);
    expect(seen.map(route)).toEqual([
      `GET ${SHIPMENTS}?noManifest=true&date=20300102&limit=5`,
      `GET ${SHIPMENTS}?groupId=grp+1`,
      `GET ${SHIPMENTS}?trackingPIN=123456789012`,
      `GET ${SHIPMENTS}?customerRequestId=none`,
    ]);
  });

  it("voids with DELETE on the self link: 204 is success", async () => {
    handler = () => ({ status: 204 });
    await expect(voidShipment(ctx, selfLink())).resolves.toBeUndefined();
    expect(seen.map(route)).toEqual([`DELETE ${SHIPMENTS}/SHIP9`]);
    expect(seen[0]!.accept).toBe(MT);
  });

  it("voids by id on the documented path", async () => {
    handler = () => ({ status: 204 });
    await voidShipment(ctx, "SHIP10");
    expect(seen.map(route)).toEqual([`DELETE ${SHIPMENTS}/SHIP10`]);
  });

  it("reports a shipment not found (404, empty <messages/>) as a CanadaPostError with its status", async () => {
    handler = () => ({ status: 404, body: `<messages xmlns="http://www.canadapost.ca/ws/messages"/>` });
    const error = await voidShipment(ctx, selfLink()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CanadaPostError);
    expect(error).toMatchObject({ status: 404, messages: [], operation: "VoidShipment" });
  });

  it("reports a transmitted shipment (400, 8064) so the caller can refund instead", async () => {
    handler = () => ({ status: 400, body: messages("8064", "The shipment has already been transmitted.") });
    const error = await voidShipment(ctx, selfLink()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CanadaPostError);
    expect(error).toMatchObject({ status: 400, code: "8064" });
    expect((error as Error).message).toContain("8064: The shipment has already been transmitted.");
    expect(seen).toHaveLength(1);
  });

  it("requests a refund on the refund link of a shipment, and reports a repeat (409, 7292)", async () => {
    handler = () => ({ status: 200, body: shipmentInfo("SHIP11") });
    const shipment = await getShipment(ctx, "SHIP11");
    seen = [];
    handler = () => ({
      status: 200,
      body: `<shipment-refund-request-info xmlns="${NS}"><service-ticket-date>2030-01-04</service-ticket-date><service-ticket-id>GT1</service-ticket-id></shipment-refund-request-info>`,
    });
    await expect(requestShipmentRefund(ctx, shipment, { email: "ops@example.com" })).resolves.toEqual({
      serviceTicketDate: "2030-01-04",
      serviceTicketId: "GT1",
    });
    expect(seen.map(route)).toEqual([`POST ${SHIPMENTS}/SHIP11/refund`]);
    expect(await xsdErrors(seen[0]!.body, "shipment.xsd")).toEqual([]);

    handler = () => ({
      status: 409,
      body: messages("7292", "A refund has already been requested for this shipment."),
    });
    const error = await requestShipmentRefund(ctx, shipment, { email: "ops@example.com" }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(CanadaPostError);
    expect(error).toMatchObject({ status: 409, code: "7292", operation: "RequestShipmentRefund" });
  });

  it("fetches a PDF label as bytes and a ZPL label as text, asking with each link's media type", async () => {
    const pdf = Buffer.from("%PDF-1.4\n%\xff\xfe binary\n%%EOF", "latin1");
    handler = (req) =>
      req.url.includes("/shipment/")
        ? { status: 200, body: shipmentInfo("SHIP12") }
        : req.url.includes("/zpl/")
          ? { status: 200, type: "application/zpl", body: "^XA^FO50,50^FDHello^FS^XZ" }
          : { status: 200, type: "application/pdf", body: pdf };
    const shipment = await getShipment(ctx, "SHIP12");
    const labels = shipment.links.filter((l) => l.rel === "label");
    const [first, second] = await Promise.all(labels.map((l) => getArtifact(ctx, l)));
    expect(first).toEqual({ mediaType: "application/pdf", data: pdf });
    expect(second).toEqual({ mediaType: "application/zpl", text: "^XA^FO50,50^FDHello^FS^XZ" });
    expect(
      seen
        .filter((s) => s.url.startsWith("/rs/artifact"))
        .map((s) => s.accept)
        .sort(),
    ).toEqual(["application/pdf", "application/zpl"]);
  });
});
