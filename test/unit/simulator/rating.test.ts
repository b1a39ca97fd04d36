import { startSimulator, type RunningSimulator } from "../../../src/simulator";
import { camelize, parseXml } from "../../../src/canada-post";
import { xsdErrors } from "../../support/xsd";

const MT = "application/vnd.cpc.ship.rate-v4+xml";
let sim: RunningSimulator;
const auth = `Basic ${Buffer.from("sim-user:sim-password").toString("base64")}`;

beforeAll(async () => {
  sim = await startSimulator();
});
afterAll(() => sim.close());

const get = (path: string, lang = "en-CA") =>
  fetch(sim.url + path, { headers: { authorization: auth, accept: MT, "accept-language": lang } });

const rates = (inner: string, lang = "en-CA") =>
  fetch(`${sim.url}/rs/ship/price`, {
    method: "POST",
    headers: { authorization: auth, accept: MT, "content-type": MT, "accept-language": lang },
    body: `<?xml version="1.0" encoding="UTF-8"?><mailing-scenario xmlns="http://www.canadapost.ca/ws/ship/rate-v4">${inner}</mailing-scenario>`,
  });

const parcel = (weight = "1.000", to = "<domestic><postal-code>J0E1X0</postal-code></domestic>") =>
  `<parcel-characteristics><weight>${weight}</weight></parcel-characteristics><origin-postal-code>K2B8J6</origin-postal-code><destination>${to}</destination>`;

const read = (xml: string) => {
  const { root, value } = parseXml(xml);
  return { root, value: camelize(value) as Record<string, any> }; // eslint-disable-line @typescript-eslint/no-explicit-any
};

describe("Get Rates", () => {
  it("answers price quotes that validate against rating.xsd, with links to the simulator's own services", async () => {
    const res = await rates(`<customer-number>1234567</customer-number>${parcel()}`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe(MT);
    const xml = await res.text();
    expect(await xsdErrors(xml, "rating.xsd")).toEqual([]);
    const { root, value } = read(xml);
    expect(root).toBe("price-quotes");
    const quotes = value.priceQuote as any[]; // eslint-disable-line @typescript-eslint/no-explicit-any
    expect(quotes.map((q) => q.serviceCode).sort()).toEqual(["DOM.EP", "DOM.PC", "DOM.RP", "DOM.XP"]);
    const ep = quotes.find((q) => q.serviceCode === "DOM.EP");
    expect(ep.serviceLink).toEqual({
      rel: "service",
      href: `${sim.url}/rs/ship/service/DOM.EP?country=CA`,
      mediaType: MT,
    });
    // Québec: GST and QST with their percent, as Canada Post shows them.
    expect(ep.priceDetails.taxes.gst).toEqual({ value: expect.any(String), percent: "5.000" });
    expect(ep.priceDetails.taxes.pst.percent).toBe("9.975");
    expect(
      ep.priceDetails.adjustments.adjustment.map((a: { adjustmentCode: string }) => a.adjustmentCode),
    ).toEqual(["AUTDISC", "FUELSC"]);
    expect(ep.serviceStandard.guaranteedDelivery).toBe("true");
  });

  it("rates only the services asked for, and answers in French", async () => {
    const res = await rates(
      `<customer-number>1234567</customer-number>${parcel().replace("<origin", "<services><service-code>DOM.XP</service-code></services><origin")}`,
      "fr-CA",
    );
    const quotes = read(await res.text()).value.priceQuote;
    expect(quotes).toHaveLength(1);
    expect(quotes[0].serviceName).toBe("Xpresspost");
    expect(quotes[0].priceDetails.options.option[0].optionName).toBe("Confirmation de livraison");
  });

  it("quotes counter prices without a customer number, higher than commercial and contract prices", async () => {
    const due = async (head: string) => {
      const q = read(await (await rates(`${head}${parcel()}`)).text()).value.priceQuote;
      return Number(q.find((x: { serviceCode: string }) => x.serviceCode === "DOM.XP").priceDetails.due);
    };
    const counter = await due("<quote-type>counter</quote-type>");
    const commercial = await due("<customer-number>1234567</customer-number>");
    const contract = await due(
      "<customer-number>1234567</customer-number><contract-id>42708517</contract-id>",
    );
    expect(contract).toBeLessThan(commercial);
    expect(commercial).toBeLessThan(counter);
  });

  it("shows the cubed weight of a bulky parcel", async () => {
    const res = await rates(
      `<customer-number>1234567</customer-number><parcel-characteristics><weight>1</weight><dimensions><length>60</length><width>40</width><height>30</height></dimensions></parcel-characteristics><services><service-code>DOM.RP</service-code></services><origin-postal-code>K2B8J6</origin-postal-code><destination><domestic><postal-code>M5V3L9</postal-code></domestic></destination>`,
    );
    const q = read(await res.text()).value.priceQuote[0];
    expect(q.weightDetails.cubedWeight).toBe("12.000");
    expect(q.priceDetails.taxes.hst).toEqual({ value: expect.any(String), percent: "13.000" });
  });

  it.each([
    ["1622", "<expected-mailing-date>2001-01-01</expected-mailing-date>" + parcel()],
    ["9111", parcel("45")],
    [
      "9112",
      parcel("1", "<united-states><zip-code>10001</zip-code></united-states>").replace(
        "<origin",
        "<services><service-code>DOM.EP</service-code></services><origin",
      ),
    ],
    ["7050", `<options><option><option-code>PA19</option-code></option></options>${parcel()}`],
  ])("answers %s as a 400 <messages> envelope", async (code, inner) => {
    const res = await rates(`<customer-number>1234567</customer-number>${inner}`);
    expect(res.status).toBe(400);
    expect(res.headers.get("content-type")).toBe(MT);
    const xml = await res.text();
    expect(await xsdErrors(xml, "messages.xsd")).toEqual([]);
    expect(read(xml).value.message[0].code).toBe(code);
  });

  it("refuses another customer's number with AA004, and an unknown contract with 2550", async () => {
    const other = await rates(`<customer-number>7654321</customer-number>${parcel()}`);
    expect(other.status).toBe(403);
    expect(read(await other.text()).value.message[0]).toEqual({
      code: "AA004",
      description: "You cannot mail on behalf of the requested customer.",
    });
    const contract = await rates(
      `<customer-number>1234567</customer-number><contract-id>1</contract-id>${parcel()}`,
    );
    expect(read(await contract.text()).value.message[0].code).toBe("2550");
  });
});

describe("Discover Services, Get Service, Get Option", () => {
  it("lists a country's services with links, valid against discovery.xsd", async () => {
    const res = await get("/rs/ship/service?country=JP");
    const xml = await res.text();
    expect(await xsdErrors(xml, "discovery.xsd")).toEqual([]);
    const services = read(xml).value.service as { serviceCode: string; link: { href: string } }[];
    expect(services.every((s) => s.serviceCode.startsWith("INT."))).toBe(true);
    expect(services.find((s) => s.serviceCode === "INT.XP")!.link.href).toBe(
      `${sim.url}/rs/ship/service/INT.XP?country=JP`,
    );
  });

  it.each([
    ["/rs/ship/service?country=ZZ", "8534"],
    ["/rs/ship/service?country=CA&origpc=K2B8J", "7266"],
    ["/rs/ship/service?country=CA&contract=999", "2550"],
    ["/rs/ship/service/DOM.EP?country=12", "8534"],
  ])("%s → %s", async (path, code) => {
    const res = await get(path);
    expect(res.status).toBe(400);
    expect(read(await res.text()).value.message[0].code).toBe(code);
  });

  it("describes a service's limits, density factor and options, valid against discovery.xsd", async () => {
    const xml = await (await get("/rs/ship/service/DOM.XP?country=CA")).text();
    expect(await xsdErrors(xml, "discovery.xsd")).toEqual([]);
    const s = read(xml).value;
    expect(s.serviceName).toBe("Xpresspost");
    expect(s.restrictions.weightRestriction).toEqual({ min: "0", max: "30000" });
    expect(s.restrictions.densityFactor).toBe("6000");
    // One element; read it whether or not the shared parser lists it as repeating.
    const dims = [s.restrictions.dimensionalRestrictions].flat()[0];
    expect(dims.lengthPlusGirthMax).toBe("300");
    const cov = s.options.option.find((o: { optionCode: string }) => o.optionCode === "COV");
    expect(cov).toMatchObject({ qualifierRequired: "true", qualifierMax: "5000.00" });
    expect(cov.link.href).toBe(`${sim.url}/rs/ship/option/COV`);
  });

  it("describes an option's prerequisites and conflicts as Canada Post's sample does", async () => {
    const xml = await (await get("/rs/ship/option/SO")).text();
    expect(await xsdErrors(xml, "discovery.xsd")).toEqual([]);
    expect(read(xml).value).toEqual({
      optionCode: "SO",
      optionName: "Signature option",
      optionClass: "FEAT",
      printsOnLabel: "true",
      qualifierRequired: "false",
      conflictingOptions: { optionCode: ["LAD"] },
      prerequisiteOptions: { optionCode: ["DC"] },
    });
    const pa18 = read(await (await get("/rs/ship/option/PA18")).text()).value;
    expect(pa18.prerequisiteOptions.optionCode).toEqual(["SO"]);
  });

  it("answers an unknown option with 404 and an empty <messages/>", async () => {
    const res = await get("/rs/ship/option/NOPE");
    expect(res.status).toBe(404);
    expect(read(await res.text())).toEqual({ root: "messages", value: undefined });
  });
});
