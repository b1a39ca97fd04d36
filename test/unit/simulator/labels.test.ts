import { inflateSync } from "node:zlib";
import { PDFDocument } from "pdf-lib";
import { startSimulator, type RunningSimulator } from "../../../src/simulator/server";
import { camelize, parseXml } from "../../../src/canada-post";

const TYPE = "application/vnd.cpc.shipment-v8+xml";
const auth = `Basic ${Buffer.from("sim-user:sim-password").toString("base64")}`;
let sim: RunningSimulator;

beforeAll(async () => {
  sim = await startSimulator({ port: 0 });
});
afterAll(() => sim.close());
beforeEach(() => sim.store.reset());

const shipment = (print: string) =>
  `<shipment xmlns="http://www.canadapost.ca/ws/shipment-v8"><group-id>g</group-id><requested-shipping-point>K2B8J6</requested-shipping-point><delivery-spec><service-code>DOM.XP</service-code><sender><company>Maple Goods</company><contact-phone>613-555-1212</contact-phone><address-details><address-line-1>502 MAIN ST N</address-line-1><city>MONTREAL</city><prov-state>QC</prov-state><country-code>CA</country-code><postal-zip-code>H2B1A0</postal-zip-code></address-details></sender><destination><name>Jane Recipient</name><address-details><address-line-1>23 Jardin Private</address-line-1><city>Ottawa</city><prov-state>ON</prov-state><country-code>CA</country-code><postal-zip-code>K1K4T3</postal-zip-code></address-details></destination><parcel-characteristics><weight>1.2</weight></parcel-characteristics>${print}<preferences><show-packing-instructions>true</show-packing-instructions></preferences><settlement-info><intended-method-of-payment>Account</intended-method-of-payment></settlement-info></delivery-spec></shipment>`;

async function createLabel(print = "") {
  const res = await fetch(`${sim.url}/rs/1234567/1234567/shipment`, {
    method: "POST",
    headers: { authorization: auth, accept: TYPE, "content-type": TYPE },
    body: shipment(print),
  });
  const v = camelize(parseXml(await res.text()).value) as {
    trackingPin: string;
    links: { link: { rel: string; href: string; mediaType: string }[] };
  };
  return { pin: v.trackingPin, label: v.links.link.find((l) => l.rel === "label")! };
}

const getArtifact = (href: string, accept: string) =>
  fetch(href, { headers: { authorization: auth, accept } });

/** The text drawn on a pdf-lib page: inflate each content stream and decode its hex strings. */
function pdfText(bytes: Uint8Array): string {
  const raw = Buffer.from(bytes).toString("latin1");
  const out: string[] = [];
  const re = /stream\r?\n/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(raw))) {
    const start = m.index + m[0].length;
    const end = raw.indexOf("endstream", start);
    try {
      const content = inflateSync(Buffer.from(raw.slice(start, end), "latin1")).toString("latin1");
      for (const h of content.matchAll(/<([0-9A-Fa-f]+)>\s*Tj/g))
        out.push(Buffer.from(h[1]!, "hex").toString("latin1"));
    } catch {
      // not a content stream (an image, say)
    }
  }
  return out.join("\n");
}

describe("label artifacts", () => {
  it("renders an 8.5x11 PDF with sender, recipient, service, PIN text and a barcode image", async () => {
    const { pin, label } = await createLabel();
    const res = await getArtifact(label.href, "application/pdf");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/pdf");
    const bytes = new Uint8Array(await res.arrayBuffer());
    const doc = await PDFDocument.load(bytes);
    const { width, height } = doc.getPage(0).getSize();
    expect([width, height]).toEqual([612, 792]);
    const text = pdfText(bytes);
    for (const expected of ["Maple Goods", "Jane Recipient", "Xpresspost", pin])
      expect(text).toContain(expected);
    expect(Buffer.from(bytes).toString("latin1")).toContain("/Subtype /Image");
  });

  it("renders 4x6 PDFs at 288x432 points", async () => {
    const { label } = await createLabel(
      "<print-preferences><output-format>4x6</output-format></print-preferences>",
    );
    const doc = await PDFDocument.load(
      new Uint8Array(await (await getArtifact(label.href, "application/pdf")).arrayBuffer()),
    );
    const { width, height } = doc.getPage(0).getSize();
    expect([width, height]).toEqual([288, 432]);
  });

  it("renders ZPL with a Code 128 barcode of the PIN when ZPL was asked", async () => {
    const { pin, label } = await createLabel(
      "<print-preferences><output-format>4x6</output-format><encoding>ZPL</encoding></print-preferences>",
    );
    const res = await getArtifact(label.href, "application/zpl");
    expect(res.headers.get("content-type")).toBe("application/zpl");
    const zpl = await res.text();
    expect(zpl.startsWith("^XA")).toBe(true);
    expect(zpl.trim().endsWith("^XZ")).toBe(true);
    expect(zpl).toContain(`^BCN,200,Y,N,N^FD${pin}^FS`);
    expect(zpl).toContain("Jane Recipient");
  });

  it("requires the link's media type in Accept", async () => {
    const { label } = await createLabel();
    expect((await getArtifact(label.href, "application/zpl")).status).toBe(406);
  });

  it("expires artifact links 90 simulated days after creation", async () => {
    const { label } = await createLabel();
    sim.clock.advance(89 * 24 * 3_600_000);
    expect((await getArtifact(label.href, "application/pdf")).status).toBe(200);
    sim.clock.advance(2 * 24 * 3_600_000);
    const expired = await getArtifact(label.href, "application/pdf");
    expect(expired.status).toBe(404);
  });
});
