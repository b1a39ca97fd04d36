import { readFileSync } from "node:fs";
import { camelName, camelTree, readXml, writeXml, XmlSyntaxError } from "../../../src/simulator/xml";

/** The simulator's own XML reading and writing (apart from the client's). */

describe("readXml", () => {
  it("reads the root's local name and content, dropping prefixes, namespace declarations and xsi: attributes", () => {
    const { root, content } = readXml(
      `<?xml version="1.0" encoding="UTF-8"?>
       <ns2:transmit-set xmlns:ns2="http://www.canadapost.ca/ws/manifest-v8"
           xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="a b">
         <ns2:group-ids><ns2:group-id>g1</ns2:group-id><ns2:group-id>g2</ns2:group-id></ns2:group-ids>
         <ns2:cpc-pickup-indicator>true</ns2:cpc-pickup-indicator>
         <ns2:detailed-manifests/>
       </ns2:transmit-set>`,
    );
    expect(root).toBe("transmit-set");
    expect(content).toEqual({
      "group-ids": { "group-id": ["g1", "g2"] },
      "cpc-pickup-indicator": "true",
      "detailed-manifests": "",
    });
  });

  it("keeps attributes as @name and text beside them as #text", () => {
    const { content } = readXml(
      `<a xmlns="urn:a"><hst percent="13.000">1.30</hst><link rel="self" href="h"/></a>`,
    );
    expect(content).toEqual({
      hst: { "@percent": "13.000", "#text": "1.30" },
      link: { "@rel": "self", "@href": "h" },
    });
  });

  it("decodes the predefined entities and character references in text and attributes", () => {
    const { content } = readXml(
      `<a n="x &quot;y&quot; &amp; z"><b>Caf&#233; &#x2014; Smith &amp; Sons &lt;Ltd&gt; O&apos;Neil</b></a>`,
    );
    expect(content).toEqual({ "@n": 'x "y" & z', b: "Café — Smith & Sons <Ltd> O'Neil" });
    // Decoded once only: what was written &amp;lt; means the four characters &lt;.
    expect(readXml(`<a>&amp;lt; &amp;#65;</a>`).content).toBe("&lt; &#65;");
  });

  it("keeps a CDATA section as written, without decoding it", () => {
    expect(readXml(`<a><b><![CDATA[R&amp;D <ok>]]></b></a>`).content).toEqual({ b: "R&amp;D <ok>" });
  });

  it.each([
    ["a DOCTYPE", `<?xml version="1.0"?><!DOCTYPE a [<!ENTITY e "boom">]><a>&e;</a>`, /DOCTYPE/],
    ["an entity declaration alone", `<!ENTITY e SYSTEM "file:///etc/passwd"><a/>`, /DOCTYPE and entity/],
    ["an undeclared entity", `<a>&nbsp;</a>`, /&nbsp; is not declared/],
    ["an entity named like an object's member", `<a>&constructor;</a>`, /&constructor; is not declared/],
    ["an element named __proto__", `<a><__proto__><x>1</x></__proto__></a>`, /not well-formed/],
    ["a bare ampersand in text", `<a>Smith & Sons</a>`, /not well-formed/],
    ["a bare ampersand in an attribute", `<a n="Smith & Sons"/>`, /bare &/],
    ["an undeclared entity in an attribute", `<a n="&eacute;"/>`, /&eacute; is not declared/],
    ["a reference to a character XML forbids", `<a>&#0;</a>`, /&#0; names a character/],
    ["a reference to a character XML forbids in an attribute", `<a n="&#x1B;"/>`, /&#x1B; names a character/],
    ["a reference to a surrogate", `<a>&#xD800;</a>`, /&#xD800; names a character/],
    ["a reference beyond Unicode", `<a>&#1114112;</a>`, /&#1114112; names a character/],
    ["a forbidden character", `<a>bell\u0007</a>`, /U\+0007/],
    ["two roots", `<a/><b/>`, /one root element, found 2/],
    ["text outside the root", `<a/>tail`, /not well-formed|outside the root/],
    ["an unclosed element", `<a><b></a>`, /not well-formed/],
    ["no element at all", ``, /not well-formed|found 0/],
  ])("refuses %s", (_what, text, message) => {
    expect(() => readXml(text)).toThrow(XmlSyntaxError);
    expect(() => readXml(text)).toThrow(message);
  });

  it("reads Canada Post's own samples", () => {
    const sample = readFileSync(
      `${__dirname}/../../../../shared/canada-post/samples/shipment_domestic.xml`,
      "utf8",
    );
    const { root, content } = readXml(sample);
    expect(root).toBe("non-contract-shipment");
    expect(camelTree(content)).toMatchObject({ deliverySpec: { serviceCode: expect.any(String) } });
  });
});

describe("camelTree", () => {
  it("camelCases names, turns #text into value and leaves empty elements out", () => {
    expect(
      camelTree({
        "delivery-spec": { "address-line-1": "1 Main", options: "", hst: { "@percent": "13", "#text": "1" } },
        "group-id": ["a", "b"],
      }),
    ).toEqual({
      deliverySpec: { addressLine1: "1 Main", hst: { "@percent": "13", value: "1" } },
      groupId: ["a", "b"],
    });
    expect(camelName("postal-zip-code")).toBe("postalZipCode");
  });
});

describe("writeXml", () => {
  it("writes the namespace on the root, elements in order, attributes and text beside them", () => {
    expect(
      writeXml("price-quotes", "http://www.canadapost.ca/ws/ship/rate-v4", {
        "price-quote": [{ "service-code": "DOM.EP" }, { "service-code": "DOM.RP" }],
        hst: { "#text": "1.30", "@percent": "13.000" },
        empty: "",
      }),
    ).toBe(
      '<?xml version="1.0" encoding="UTF-8"?><price-quotes xmlns="http://www.canadapost.ca/ws/ship/rate-v4">' +
        "<price-quote><service-code>DOM.EP</service-code></price-quote>" +
        "<price-quote><service-code>DOM.RP</service-code></price-quote>" +
        '<hst percent="13.000">1.30</hst><empty></empty></price-quotes>',
    );
  });

  it("escapes every text and attribute value, so what it writes reads back the same", () => {
    const hostile = `</name><injected attr="1">&amp; 'x' "y"`;
    const text = writeXml("shipment-info", "urn:s", { name: hostile, link: { "@href": hostile } });
    expect(text).not.toContain("<injected");
    expect(readXml(text).content).toEqual({ name: hostile, link: { "@href": hostile } });
  });
});
