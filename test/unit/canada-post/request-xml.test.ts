import { buildXml } from "../../../src/canada-post/xml";

/** The request writer's contract, on documents written out by hand. */

const DECL = '<?xml version="1.0" encoding="UTF-8"?>';

describe("buildXml", () => {
  it("writes elements in the order given, lists as repeated elements, numbers and flags as text", () => {
    expect(
      buildXml("mailing-scenario", "urn:x", {
        "parcel-characteristics": { weight: "1.500", unpackaged: true },
        services: { "service-code": ["DOM.EP", "DOM.XP"] },
        "quote-type": 7,
      }),
    ).toBe(
      `${DECL}<mailing-scenario xmlns="urn:x"><parcel-characteristics><weight>1.500</weight>` +
        `<unpackaged>true</unpackaged></parcel-characteristics><services><service-code>DOM.EP</service-code>` +
        `<service-code>DOM.XP</service-code></services><quote-type>7</quote-type></mailing-scenario>`,
    );
  });

  it("leaves out undefined, null and empty values and the elements they leave empty", () => {
    expect(
      buildXml("shipment", "urn:x", {
        "group-id": "g1",
        "customer-request-id": undefined,
        options: { option: [] },
        notification: { email: "", "on-shipment": null },
        references: { "customer-ref-1": "\u0000\u001f" }, // nothing is left once the forbidden characters go
        "only-attributes": { "@kind": "x" },
      }),
    ).toBe(`${DECL}<shipment xmlns="urn:x"><group-id>g1</group-id></shipment>`);
    expect(buildXml("transmit-set", "urn:x", {})).toBe(`${DECL}<transmit-set xmlns="urn:x"></transmit-set>`);
  });

  it("escapes markup, keeps a carriage return as a reference, and removes what XML cannot carry", () => {
    expect(
      buildXml("a", "urn:x", {
        name: `O'Neil & <Sons> "Ltd"\r\nline 2\u0007`,
        link: { "@rel": 'a"b', x: "1" },
      }),
    ).toBe(
      `${DECL}<a xmlns="urn:x"><name>O&apos;Neil &amp; &lt;Sons&gt; &quot;Ltd&quot;&#13;\nline 2</name>` +
        `<link rel="a&quot;b"><x>1</x></link></a>`,
    );
  });
});
