import { XMLBuilder, XMLParser } from "fast-xml-parser";

/**
 * The simulator's XML: how it reads requests and writes answers, apart from the client's own XML code on
 * purpose. A reading or writing bug on one side then shows in the contract tests (client against
 * simulator) instead of hiding in both.
 *
 * Reading is strict, as a Canada Post server would be. Any `<!` declaration other than a comment or a CDATA
 * section (a DOCTYPE, an ENTITY) refuses the document, and fast-xml-parser's entity processing is off: the
 * five predefined entities and character references are decoded here, CDATA is kept as written, and an
 * undeclared entity, a bare `&` or a character XML forbids makes the document not well-formed. Namespace
 * prefixes, namespace declarations and `xsi:` attributes are dropped.
 *
 * Writing escapes every text and attribute value.
 */

/** An element read: its text alone as a string, or its attributes (`@name`), children and `#text`. */
export type XmlContent = string | XmlElement;
/** Children by local name; a name that repeats holds an array, in document order. */
export interface XmlElement {
  [name: string]: XmlContent | XmlContent[];
}

export class XmlSyntaxError extends Error {
  override readonly name = "XmlSyntaxError";
}

const TEXT = "#text";
const CDATA = "#cdata";
const ATTRIBUTES = ":@";

/** fast-xml-parser in document order: each node `{ name: children, ":@": attributes }`, text as `#text`. */
type OrderedNode = Record<string, unknown>;

const reader = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: "",
  removeNSPrefix: false,
  parseTagValue: false,
  parseAttributeValue: false,
  processEntities: false,
  htmlEntities: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
  trimValues: true,
  cdataPropName: CDATA,
  textNodeName: TEXT,
});

/** What XML 1.0 allows in a document (its production Char). */
const FORBIDDEN_CHARACTER = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;
const isXmlCharacter = (code: number) =>
  code <= 0x10ffff && !FORBIDDEN_CHARACTER.test(String.fromCodePoint(code));

/** Reads a request: its root element's local name and content. */
export function readXml(text: string): { root: string; content: XmlContent } {
  if (/<!(?!--|\[CDATA\[)/.test(text))
    throw new XmlSyntaxError("DOCTYPE and entity declarations are not accepted");
  const forbidden = FORBIDDEN_CHARACTER.exec(text);
  if (forbidden)
    throw new XmlSyntaxError(
      `not well-formed XML: character U+${forbidden[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0")} is not allowed`,
    );
  let nodes: OrderedNode[];
  try {
    nodes = reader.parse(text, true) as OrderedNode[];
  } catch (e) {
    throw new XmlSyntaxError(`not well-formed XML: ${(e as Error).message}`);
  }
  // fast-xml-parser lets text through after a self-closing root (`<a/>tail`).
  if (nodes.some((n) => TEXT in n || CDATA in n) || !text.trimEnd().endsWith(">"))
    throw new XmlSyntaxError("not well-formed XML: text outside the root element");
  if (nodes.length !== 1) throw new XmlSyntaxError(`expected one root element, found ${nodes.length}`);
  const [name, children] = tagOf(nodes[0]!);
  return { root: localName(name), content: contentOf(children, nodes[0]![ATTRIBUTES]) };
}

function tagOf(node: OrderedNode): [string, OrderedNode[]] {
  const name = Object.keys(node).find((k) => k !== ATTRIBUTES)!;
  return [name, node[name] as OrderedNode[]];
}

const localName = (qualified: string) => qualified.slice(qualified.indexOf(":") + 1);

const isNamespaceAttribute = (name: string) =>
  name === "xmlns" || name.startsWith("xmlns:") || name.startsWith("xsi:");

function contentOf(children: OrderedNode[], attributes: unknown): XmlContent {
  const element: XmlElement = {};
  for (const [name, value] of Object.entries((attributes ?? {}) as Record<string, string>))
    if (!isNamespaceAttribute(name)) element[`@${localName(name)}`] = decodeReferences(value);
  let text = "";
  for (const node of children) {
    if (TEXT in node) text += decodeReferences(String(node[TEXT]));
    else if (CDATA in node) text += (node[CDATA] as OrderedNode[]).map((t) => String(t[TEXT] ?? "")).join("");
    else {
      const [name, grandchildren] = tagOf(node);
      const key = localName(name);
      const child = contentOf(grandchildren, node[ATTRIBUTES]);
      const earlier = element[key];
      element[key] =
        earlier === undefined ? child : Array.isArray(earlier) ? [...earlier, child] : [earlier, child];
    }
  }
  if (Object.keys(element).length === 0) return text;
  if (text !== "") element[TEXT] = text;
  return element;
}

const PREDEFINED = new Map([
  ["lt", "<"],
  ["gt", ">"],
  ["amp", "&"],
  ["apos", "'"],
  ["quot", '"'],
]);

/** Text as written in the document to the characters it stands for. */
function decodeReferences(raw: string): string {
  if (!raw.includes("&")) return raw;
  return raw.replace(/&([^&;\s<]*)(;?)/g, (_whole, ref: string, semicolon: string) => {
    if (!semicolon || ref === "") throw new XmlSyntaxError("not well-formed XML: a bare & (write it &amp;)");
    if (ref.startsWith("#")) {
      const hex = /^#x[0-9a-fA-F]+$/.test(ref);
      if (!hex && !/^#[0-9]+$/.test(ref))
        throw new XmlSyntaxError(`not well-formed XML: &${ref}; is not a character reference`);
      const code = hex ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
      if (!isXmlCharacter(code))
        throw new XmlSyntaxError(`not well-formed XML: &${ref}; names a character XML does not allow`);
      return String.fromCodePoint(code);
    }
    const character = PREDEFINED.get(ref);
    if (character === undefined)
      throw new XmlSyntaxError(`not well-formed XML: the entity &${ref}; is not declared`);
    return character;
  });
}

/** `delivery-spec` → `deliverySpec`, `address-line-1` → `addressLine1`. */
export const camelName = (name: string) =>
  name
    .split("-")
    .map((word, i) => (i === 0 || word === "" ? word : word[0]!.toUpperCase() + word.slice(1)))
    .join("");

/**
 * Content with camelCase names for handlers to read: text beside attributes becomes `value`, and an
 * empty element (`<options/>`) is left out as if absent.
 */
export function camelTree(content: unknown): unknown {
  if (content === "") return undefined;
  if (Array.isArray(content)) return content.map(camelTree);
  if (typeof content !== "object" || content === null) return content;
  const out: Record<string, unknown> = {};
  for (const [name, child] of Object.entries(content)) {
    const value = camelTree(child);
    if (value !== undefined) out[name === TEXT ? "value" : camelName(name)] = value;
  }
  return out;
}

const writer = new XMLBuilder({
  ignoreAttributes: false,
  attributeNamePrefix: "@",
  textNodeName: TEXT,
  processEntities: true,
  suppressEmptyNode: false,
  format: false,
});

/**
 * One answer document with its namespace on the root: children in insertion order, attributes as
 * `@name`, text beside attributes as `#text`; every value escaped.
 */
export function writeXml(root: string, namespace: string, content: Record<string, unknown>): string {
  const body = writer.build({ [root]: { "@xmlns": namespace, ...content } }) as string;
  return `<?xml version="1.0" encoding="UTF-8"?>${body}`;
}
