import { XMLParser } from "fast-xml-parser";
import { decodeEntities, XML_READING } from "./answer";

/**
 * Requests to Canada Post (`buildXml`), and a strict generic reading of any Canada Post document into
 * camelCase values (`parseXml`, `camelize`: for tools and tests; the operations read their answers with
 * answer.ts). Entity and DOCTYPE processing are off (a document with a DOCTYPE is refused outright); only the
 * five predefined entities and numeric character references are decoded, by hand.
 */

/** A parsed element: attributes and child elements by name, text under `#text` when mixed with attributes. */
export type XmlObject = { [name: string]: XmlValue };
export type XmlValue = string | XmlObject | XmlValue[];

/** Elements that repeat, as `parent.child`: always parsed as arrays, even with one occurrence. */
const REPEATED = new Set([
  "price-quotes.price-quote",
  "options.option",
  "adjustments.adjustment",
  "links.link",
  "messages.message",
  "services.service",
  "sku-list.item",
  "tracking-summary.pin-summary",
  "significant-events.occurrence",
  "conflicting-options.option-code",
  "prerequisite-options.option-code",
  "groups.group-id",
  "group-ids.group-id",
  "manifests.link",
  "shipments.link",
  "non-contract-shipments.link",
  "service-codes.service-code",
  "excluded-shipments.shipment-id",
  "delivery-options.item",
  "manifest-details.manifest-detail",
  "manifest-pricing-info.manifest-pricing-info",
  "destination-province-list.province",
]);

const parser = new XMLParser({
  ...XML_READING,
  tagValueProcessor: (_name, value) => decodeEntities(value),
  attributeValueProcessor: (_name, value) => decodeEntities(value),
  isArray: (name, jpath) => {
    const parts = String(jpath).split(".");
    const parent = parts[parts.length - 2];
    return parent !== undefined && REPEATED.has(`${parent}.${name}`);
  },
});

export class XmlSyntaxError extends Error {
  override readonly name = "XmlSyntaxError";
}

/**
 * Parses a document and returns its root element's name and content. Namespace prefixes and `xmlns`
 * attributes are dropped, so `<ns2:messages>` and `<messages xmlns=...>` read the same.
 */
export function parseXml(text: string): { root: string; value: XmlValue } {
  if (/<!DOCTYPE|<!ENTITY/i.test(text))
    throw new XmlSyntaxError("DOCTYPE and entity declarations are not accepted");
  let doc: Record<string, unknown>;
  try {
    doc = parser.parse(text, true) as Record<string, unknown>;
  } catch (e) {
    throw new XmlSyntaxError(`not well-formed XML: ${(e as Error).message}`);
  }
  const roots = Object.keys(doc).filter((k) => !k.startsWith("?"));
  if (roots.length !== 1) throw new XmlSyntaxError(`expected one root element, found ${roots.length}`);
  const root = roots[0]!;
  return { root, value: stripXmlns(doc[root]) as XmlValue };
}

function stripXmlns(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(stripXmlns);
  if (value && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      if (k === "xmlns" || k.startsWith("xmlns:") || k.startsWith("xsi:")) continue;
      out[k] = stripXmlns(v);
    }
    return out;
  }
  return value;
}

/** kebab-case element names to camelCase (`tracking-pin` → `trackingPin`); `#text` becomes `value`. */
export function camelName(name: string): string {
  if (name === "#text") return "value";
  return name.replace(/-([a-z0-9])/g, (_m, c: string) => c.toUpperCase());
}

/**
 * A parsed XML value with camelCase keys, empty elements as undefined, ready for a zod schema.
 * An element holding only an attribute-less empty string (`<actual-delivery-date/>`) disappears.
 */
export function camelize(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(camelize);
  if (value && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      const c = camelize(v);
      if (c !== undefined) out[camelName(k)] = c;
    }
    return out;
  }
  if (value === "") return undefined;
  return value;
}

/* ------------------------------------------------------------------ building */

/** A request element: children in the order the XSD requires (object insertion order), attributes as `@name`. */
export type XmlNode = { [name: string]: XmlInput };
export type XmlInput = string | number | boolean | undefined | null | XmlNode | XmlInput[];

/**
 * Characters XML 1.0 cannot carry (control characters but tab, CR and LF; lone surrogates; U+FFFE, U+FFFF)
 * are removed: a name pasted with a stray control character still makes a valid request, where Canada Post
 * would refuse the whole document (and a shopper or merchant types these fields).
 */
const NOT_XML =
  // eslint-disable-next-line no-control-regex -- matching the characters XML forbids is the point
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

export function xmlText(text: string): string {
  return text.replace(NOT_XML, "");
}

/**
 * A carriage return is written as a character reference: written as is, every XML reader (Canada Post's
 * too) turns it into a line feed (XML 1.0, end-of-line handling).
 */
const ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&apos;",
  "\r": "&#13;",
};
const TO_ESCAPE = /[&<>"'\r]/g;

/** A value as element text or an attribute value: what XML forbids removed, markup escaped; "" is nothing. */
function escaped(value: string | number | boolean): string {
  if (typeof value !== "string") return String(value);
  return xmlText(value).replace(TO_ESCAPE, (c) => ESCAPES[c]!);
}

/**
 * Writes one element (or, for a list, one per item) to `out`, or nothing when nothing is left of it. Parts go
 * to one array joined once: concatenating them left a tree of a hundred strings per document, which a quote
 * cache keyed by the document kept alive.
 */
function writeElement(out: string[], name: string, value: XmlInput): void {
  if (value === undefined || value === null) return;
  if (Array.isArray(value)) {
    for (const item of value) writeElement(out, name, item);
    return;
  }
  if (typeof value !== "object") {
    const text = escaped(value);
    if (text !== "") out.push(`<${name}>`, text, `</${name}>`);
    return;
  }
  let attributes = "";
  for (const key in value) {
    if (!key.startsWith("@")) continue;
    const v = value[key];
    if (v === undefined || v === null || typeof v === "object") continue;
    const text = escaped(v);
    if (text !== "") attributes += ` ${key.slice(1)}="${text}"`;
  }
  const open = out.length;
  out.push(`<${name}${attributes}>`);
  for (const key in value) if (!key.startsWith("@")) writeElement(out, key, value[key]);
  // An element with attributes only is left out too, like one with nothing: no `<options/>` reaches Canada Post.
  if (out.length === open + 1) out.length = open;
  else out.push(`</${name}>`);
}

/**
 * Serialises one document with its namespace on the root, in one pass: elements in object insertion order
 * (the order the XSD requires), attributes as `@name`, lists as repeated elements; undefined, null, empty
 * strings and elements left empty are left out. Written here rather than by fast-xml-parser's builder, whose
 * separate pruning pass and generic walk cost several times more per request on the hot paths.
 */
export function buildXml(root: string, namespace: string, content: XmlNode): string {
  const out = ['<?xml version="1.0" encoding="UTF-8"?>'];
  writeElement(out, root, { "@xmlns": namespace, ...content });
  if (out.length === 1) out.push(`<${root} xmlns="${escaped(namespace)}"></${root}>`);
  return out.join("");
}
