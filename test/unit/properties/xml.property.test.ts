import fc from "fast-check";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { buildCreateShipmentRequest, type CreateShipmentInput } from "../../../src/canada-post";
import { elementName, parseAnswerText, textOf, type ParsedNode } from "../../../src/canada-post/answer";
import { buildXml, type XmlNode } from "../../../src/canada-post/xml";
import { SHARED_SAMPLES_DIR } from "../../support/xsd";
import { check } from "./seed";

/**
 * Whatever a shopper or merchant types reaches Canada Post as that text: through the client's XML builder
 * and back through the client's reader, a value comes out as it went in, less the characters XML 1.0
 * cannot carry (removed, as xml.ts documents), and no value can add or close an element.
 */

/** XML 1.0's Char production, stated on its own: what a document may contain. */
function isXmlChar(cp: number): boolean {
  return (
    cp === 0x9 ||
    cp === 0xa ||
    cp === 0xd ||
    (cp >= 0x20 && cp <= 0xd7ff) ||
    (cp >= 0xe000 && cp <= 0xfffd) ||
    (cp >= 0x10000 && cp <= 0x10ffff)
  );
}

/** The text with every character XML forbids removed (a lone surrogate is one such character). */
function xmlAllowed(text: string): string {
  let out = "";
  for (const ch of text) if (isXmlChar(ch.codePointAt(0)!)) out += ch;
  return out;
}

/**
 * What the reader gives back for a value: the allowed characters, exactly. The reader trims the blanks
 * around a value (Canada Post indents its answers), so for a value that starts or ends with white space
 * only the trimmed texts are compared.
 */
function expectSame(read: string, sent: string): void {
  const allowed = xmlAllowed(sent);
  if (allowed === allowed.trim()) expect(read).toBe(allowed);
  else expect(read.trim()).toBe(allowed.trim());
}

/** Text a person can paste: any code point, lone surrogates, and the strings that try to break out. */
const hostile = fc.constantFrom(
  "</name><evil/>",
  "<evil/>",
  "]]>",
  "<![CDATA[",
  "&amp;",
  "&lt;",
  "&#60;",
  "&#x3C;",
  "&nbsp;",
  "&",
  "<",
  ">",
  '"',
  "'",
  "<!DOCTYPE x>",
  "<!--",
  "-->",
  "<?xml?>",
  "\r\n",
  "\r",
  "\n",
  "\t",
  "\u0000",
  "\u0008",
  "\u000b",
  "\u001f",
  "\ufffe",
  "\uffff",
  "\ud800",
  "\udfff",
  "\u00a0",
  "\u2028",
  "\ufeff",
);
const utf16Unit = fc.integer({ min: 0, max: 0xffff }).map((n) => String.fromCharCode(n));
const piece = fc.oneof(
  { weight: 3, arbitrary: fc.string({ unit: "binary", maxLength: 6 }) },
  { weight: 2, arbitrary: fc.string({ unit: utf16Unit, maxLength: 6 }) },
  { weight: 3, arbitrary: hostile },
  { weight: 2, arbitrary: fc.string({ maxLength: 6 }) },
);
const anyText = fc.array(piece, { maxLength: 8 }).map((parts) => parts.join(""));

/** The element names of a parsed tree, in document order, with the texts of the leaves. */
function shape(nodes: ParsedNode[]): unknown[] {
  const out: unknown[] = [];
  for (const node of nodes) {
    const name = elementName(node);
    if (name === undefined || name === "#text" || name === "#cdata") continue;
    out.push([name, shape(node[name] as ParsedNode[])]);
  }
  return out;
}

function childrenOf(nodes: ParsedNode[], name: string): ParsedNode[] {
  const found = nodes.find((n) => elementName(n) === name);
  if (!found) throw new Error(`no <${name}> in the document`);
  return found[name] as ParsedNode[];
}

describe("text through the XML builder and the client's reader", () => {
  it("comes back as sent, less the characters XML forbids, in elements and nested lists", () => {
    check(
      fc.property(fc.array(anyText, { minLength: 1, maxLength: 4 }), anyText, (names, note) => {
        const content: XmlNode = {
          person: names.map((name) => ({ name, note })),
          trailer: "end",
        };
        const doc = parseAnswerText(buildXml("doc", "urn:test", content));
        expect(doc.name).toBe("doc");
        // Values that are nothing once the forbidden characters go are left out, as empty values are.
        const people = doc.children.filter((n) => elementName(n) === "person");
        const expectedPeople = names.filter((n) => xmlAllowed(n) !== "" || xmlAllowed(note) !== "");
        expect(people).toHaveLength(expectedPeople.length);
        people.forEach((p, i) => {
          const fields = p.person as ParsedNode[];
          const name = expectedPeople[i]!;
          if (xmlAllowed(name) !== "") expectSame(textOf(childrenOf(fields, "name")), name);
          if (xmlAllowed(note) !== "") expectSame(textOf(childrenOf(fields, "note")), note);
          // Only the elements built: no text made one.
          for (const f of fields) expect(["name", "note", "#text"]).toContain(elementName(f));
          for (const f of fields) {
            const n = elementName(f)!;
            if (n !== "#text") expect(shape(f[n] as ParsedNode[])).toEqual([]);
          }
        });
        expect(textOf(childrenOf(doc.children, "trailer"))).toBe("end");
      }),
      2000,
    );
  });

  it("cannot add, close or rename elements of a real request (Create Shipment's destination)", () => {
    const baseline = (fields: { name: string; company: string; line1: string; city: string }) =>
      buildCreateShipmentRequest(shipment(fields), { contractId: "42708517" });
    const plain = shape([{ shipment: parseAnswerText(baseline(PLAIN)).children }]);
    const field = anyText
      .map((t) => `x${t}`) // never blank: the fields are required
      .filter((t) => t.trim().length <= 44);
    check(
      fc.property(field, field, field, field, (name, company, line1, city) => {
        const doc = parseAnswerText(baseline({ name, company, line1, city: city.slice(0, 40) }));
        expect(shape([{ shipment: doc.children }])).toEqual(plain);
        const destination = childrenOf(childrenOf(doc.children, "delivery-spec"), "destination");
        // zod trims what it checks; the builder then removes what XML forbids.
        expectSame(textOf(childrenOf(destination, "name")), name.trim());
        expectSame(textOf(childrenOf(destination, "company")), company.trim());
        const address = childrenOf(destination, "address-details");
        expectSame(textOf(childrenOf(address, "address-line-1")), line1.trim());
        expectSame(textOf(childrenOf(address, "city")), city.slice(0, 40).trim());
      }),
      600,
    );
  });
});

const PLAIN = { name: "x", company: "x", line1: "x", city: "x" };

function shipment(f: { name: string; company: string; line1: string; city: string }): CreateShipmentInput {
  return {
    customerRequestId: "cp-property",
    transmitShipment: true,
    requestedShippingPoint: "K2B8J6",
    deliverySpec: {
      serviceCode: "DOM.EP",
      sender: {
        company: "Maple Goods",
        contactPhone: "613-555-0100",
        addressDetails: {
          addressLine1: "502 Main St N",
          city: "Ottawa",
          provState: "ON",
          postalZipCode: "K2B8J6",
        },
      },
      destination: {
        name: f.name,
        company: f.company,
        addressDetails: {
          addressLine1: f.line1,
          city: f.city,
          provState: "QC",
          countryCode: "CA",
          postalZipCode: "H2B1A0",
        },
      },
      parcelCharacteristics: { weight: 1 },
    },
  };
}

/**
 * An answer without prefixes is read without asking the parse to remove them; one with a prefix anywhere is
 * read with prefixes and namespace declarations removed. A document and the same document with every name
 * prefixed must read the same, whichever way each is read.
 */
describe("answers with and without namespace prefixes", () => {
  interface El {
    name: string;
    attrs: [string, string][];
    body: El[] | string;
  }
  const name = fc.constantFrom("link", "shipment-id", "rel", "price-quote", "a", "b-1", "media-type");
  // Attribute values with what links carry (colons, slashes), quotes and entities.
  const value = fc
    .array(fc.constantFrom("https:", "//", "x", ":", "/", "&amp;", "&lt;", "'", "&quot;", " ", "9"), {
      maxLength: 6,
    })
    .map((p) => p.join(""));
  const attrs = fc.uniqueArray(
    fc.tuple(fc.constantFrom("rel", "href", "index", "media-type", "percent"), value),
    {
      selector: (a) => a[0],
      maxLength: 4,
    },
  );
  const text = fc.array(fc.constantFrom("K1A 0B1", "12.5", "a:b", "&amp;", " ", "é"), { maxLength: 4 });
  const { el } = fc.letrec<{ el: El }>((tie) => ({
    el: fc.record({
      name,
      attrs,
      body: fc.oneof(
        { depthSize: "small", withCrossShrink: true },
        text.map((t) => t.join("")),
        fc.array(tie("el"), { maxLength: 4 }),
      ),
    }),
  }));

  function render(e: El, prefix: string, declare: string): string {
    const n = prefix + e.name;
    const a = e.attrs.map(([k, v]) => ` ${prefix}${k}="${v}"`).join("");
    const inner = typeof e.body === "string" ? e.body : e.body.map((c) => render(c, prefix, "")).join("");
    return `<${n}${declare}${a}>${inner}</${n}>`;
  }

  it("reads a document and its prefixed twin the same", () => {
    check(
      fc.property(el, (root) => {
        const plain = parseAnswerText(render(root, "", ` xmlns="urn:cp"`));
        const prefixed = parseAnswerText(render(root, "cp:", ` xmlns:cp="urn:cp"`));
        expect(prefixed).toEqual(plain);
        expect(plain.name).toBe(root.name);
      }),
      1500,
    );
  });

  it.each(readdirSync(SHARED_SAMPLES_DIR).filter((f) => f.endsWith(".xml")))(
    "reads Canada Post's %s the same with a prefixed declaration on its root",
    (file) => {
      const sample = readFileSync(join(SHARED_SAMPLES_DIR, file), "utf8");
      // An unused prefix declaration sends the document down the prefix-removing path.
      const declared = sample.replace(/<([\w-]+)([ >])/, `<$1 xmlns:xsi="urn:x"$2`);
      expect(declared).not.toBe(sample);
      const plain = parseAnswerText(sample);
      expect(plain.children.length).toBeGreaterThan(0);
      expect(parseAnswerText(declared)).toEqual(plain);
    },
  );
});
