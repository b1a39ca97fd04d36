import { XMLParser } from "fast-xml-parser";
import {
  CanadaPostError,
  CanadaPostThrottledError,
  CanadaPostTransportError,
  isThrottleMessage,
  type CanadaPostMessage,
} from "./errors";

/*
 * Canada Post's answers, read once. One fast-xml-parser parse gives an ordered tree (no validation pass, no
 * callbacks, no second tree); a scan of the tag boundaries beforehand refuses what that parse would let
 * through: a DOCTYPE or entity declaration, a truncated document, tags that do not match, a second root.
 * The same parse says whether the answer is a `<messages>` envelope (whatever the HTTP status and namespace)
 * or the documented result, which the operation's reader (answer-schema.ts) then walks once.
 *
 * Canada Post writes its answers in a default namespace, without prefixes. The scan notes whether a name has
 * one; only then is the parse asked to remove prefixes, which splits every element and attribute name (a
 * third of the parse of an answer made of links). Both parses give the same tree to a document without
 * prefixes: the default namespace's `xmlns` attribute is dropped by either.
 */

/** Attributes of an element, prefixes removed. */
export type Attributes = Record<string, string>;
/** One node of the ordered tree: `{ [element name]: children, ":@"?: attributes }`, or `{ "#text": text }`. */
export type ParsedNode = Record<string, unknown>;

/** The root element of an answer: what a reader walks. */
export interface AnswerElement {
  name: string;
  children: ParsedNode[];
  attrs: Attributes | undefined;
}

export class XmlStructureError extends Error {
  override readonly name = "XmlStructureError";
}

/** How Canada Post's XML is read: names without prefixes, values as text, no entity or DOCTYPE processing. */
export const XML_READING = {
  ignoreAttributes: false,
  attributeNamePrefix: "",
  removeNSPrefix: true,
  parseTagValue: false,
  parseAttributeValue: false,
  processEntities: false,
  htmlEntities: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
  trimValues: true,
} as const;

// The ordered tree is read as it is built (no second, compacted tree); callbacks get no path strings.
const ORDERED = { ...XML_READING, preserveOrder: true, cdataPropName: "#cdata", jPath: false } as const;
/** For a document with a prefix somewhere: prefixes and namespace declarations removed. */
const prefixedParser = new XMLParser(ORDERED);
/** For a document without one: names as written, the default namespace's declaration dropped. */
const plainParser = new XMLParser({ ...ORDERED, removeNSPrefix: false, ignoreAttributes: ["xmlns"] });

/**
 * Parses an answer's text: a byte-order mark or blanks before the declaration are tolerated; anything that is
 * not one well-formed element is refused with an XmlStructureError saying why.
 */
export function parseAnswerText(text: string): AnswerElement {
  const start = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const parser = checkStructure(text, start) ? prefixedParser : plainParser;
  let tree: ParsedNode[];
  try {
    tree = parser.parse(start ? text.slice(start) : text) as ParsedNode[];
  } catch (e) {
    throw new XmlStructureError(`not well-formed XML: ${(e as Error).message}`);
  }
  for (const node of tree) {
    const name = elementName(node);
    if (name !== undefined && name !== "#text") {
      return { name, children: node[name] as ParsedNode[], attrs: node[":@"] as Attributes | undefined };
    }
  }
  throw new XmlStructureError("no root element");
}

/** The element name of a node (the key that is not its attributes). */
export function elementName(node: ParsedNode): string | undefined {
  for (const key in node) if (key !== ":@") return key;
  return undefined;
}

const enum Char {
  Bang = 33,
  DoubleQuote = 34,
  Quote = 39,
  Slash = 47,
  Colon = 58,
  Gt = 62,
  Question = 63,
}

/**
 * Walks the tag boundaries: declarations, comments and CDATA skipped, every end tag matching the last open
 * element, one root and nothing but blanks, comments and processing instructions around it. Says whether an
 * element or attribute name has a prefix (a colon in a start tag outside its quoted values).
 */
function checkStructure(text: string, from: number): boolean {
  const open: string[] = [];
  let rootSeen = false;
  let prefixed = false;
  let end: number;
  let i = text.indexOf("<", from);
  if (i < 0) throw new XmlStructureError("not an XML document");
  if (!isBlank(text, from, i)) throw new XmlStructureError("text before the root element");
  while (i >= 0) {
    const c = text.charCodeAt(i + 1);
    if (c === Char.Slash) {
      end = text.indexOf(">", i + 2);
      if (end < 0) throw new XmlStructureError("truncated inside an end tag");
      const name = text.slice(i + 2, end).trimEnd();
      const expected = open.pop();
      if (name !== expected) {
        throw new XmlStructureError(
          expected === undefined
            ? `</${name}> closes nothing`
            : `</${name}> where </${expected}> was expected`,
        );
      }
    } else if (c === Char.Question) {
      end = text.indexOf("?>", i + 2);
      if (end < 0) throw new XmlStructureError("truncated inside a processing instruction");
      end += 1;
    } else if (c === Char.Bang) {
      if (text.startsWith("!--", i + 1)) {
        end = text.indexOf("-->", i + 4);
        if (end < 0) throw new XmlStructureError("truncated inside a comment");
        end += 2;
      } else if (text.startsWith("![CDATA[", i + 1) && open.length > 0) {
        end = text.indexOf("]]>", i + 9);
        if (end < 0) throw new XmlStructureError("truncated inside CDATA");
        end += 2;
      } else {
        throw new XmlStructureError("DOCTYPE and entity declarations are not accepted");
      }
    } else {
      end = startTagEnd(text, i + 1);
      if (end < 0) throw new XmlStructureError("truncated inside a start tag");
      if (colonInTag) prefixed = true;
      let n = i + 1;
      while (n < end && !isNameEnd(text.charCodeAt(n))) n++;
      if (n === i + 1) throw new XmlStructureError(`"<" not followed by an element name`);
      if (open.length === 0) {
        if (rootSeen) throw new XmlStructureError("more than one root element");
        rootSeen = true;
      }
      if (text.charCodeAt(end - 1) !== Char.Slash) open.push(text.slice(i + 1, n));
    }
    const next = text.indexOf("<", end + 1);
    if (open.length === 0 && rootSeen && !isBlank(text, end + 1, next < 0 ? text.length : next)) {
      throw new XmlStructureError("text after the root element");
    }
    i = next;
  }
  if (!rootSeen) throw new XmlStructureError("no root element");
  if (open.length > 0) throw new XmlStructureError(`truncated: <${open[open.length - 1]}> is not closed`);
  return prefixed;
}

/** Whether the start tag startTagEnd last walked had a colon outside its quoted values. */
let colonInTag = false;

/** The index of the `>` ending a start tag, quoted attribute values skipped; -1 when the text ends first. */
function startTagEnd(text: string, from: number): number {
  colonInTag = false;
  for (let i = from; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === Char.Gt) return i;
    if (c === Char.Colon) colonInTag = true;
    else if (c === Char.DoubleQuote || c === Char.Quote) {
      i = text.indexOf(c === Char.DoubleQuote ? '"' : "'", i + 1);
      if (i < 0) return -1;
    }
  }
  return -1;
}

function isNameEnd(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13 || c === Char.Slash || c === Char.Gt;
}

function isBlank(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c !== 32 && c !== 9 && c !== 10 && c !== 13) return false;
  }
  return true;
}

/* ------------------------------------------------------------------ answer or error */

/**
 * An answer's root element, once the same parse has told it is neither an error nor something else: a
 * `<messages>` envelope becomes CanadaPostError (CanadaPostThrottledError for the throttle) whatever the HTTP
 * status; any other answer with a status of 400 or more a CanadaPostError with the start of its body; an
 * unreadable answer, or one with another root than `root`, a CanadaPostTransportError "malformed".
 */
export function readAnswer(text: string, status: number, operation: string, root: string): AnswerElement {
  let doc: AnswerElement;
  try {
    doc = parseAnswerText(text);
  } catch (e) {
    if (status >= 400) throw httpError(text, status, operation);
    throw new CanadaPostTransportError(
      operation,
      "malformed",
      `unreadable XML answer: ${(e as Error).message}`,
      {
        cause: e,
      },
    );
  }
  if (doc.name === "messages") throw envelopeError(doc, status, operation);
  if (status >= 400) throw httpError(text, status, operation);
  if (doc.name !== root) {
    throw new CanadaPostTransportError(operation, "malformed", `expected <${root}>, got <${doc.name}>`);
  }
  return doc;
}

/**
 * The error carried by an answer that is no XML document when it succeeds (Void Shipment's 204, an artifact's
 * bytes), or undefined for a success. Only a failure status, or a body that starts as an envelope, is parsed.
 */
export function errorOfBodylessAnswer(
  body: Buffer,
  status: number,
  operation: string,
): CanadaPostError | CanadaPostTransportError | undefined {
  if (status < 400 && rootNameOf(body.toString("utf8", 0, 512)) !== "messages") return undefined;
  const text = body.toString("utf8");
  let doc: AnswerElement;
  try {
    doc = parseAnswerText(text);
  } catch (e) {
    if (status >= 400) return httpError(text, status, operation);
    return new CanadaPostTransportError(
      operation,
      "malformed",
      `unreadable XML answer: ${(e as Error).message}`,
      {
        cause: e,
      },
    );
  }
  if (doc.name === "messages") return envelopeError(doc, status, operation);
  return status >= 400 ? httpError(text, status, operation) : undefined;
}

/** The local name of a document's root element, read from its first bytes without parsing. */
export function rootNameOf(head: string): string | undefined {
  const m = /^\uFEFF?\s*(?:<\?[\s\S]*?\?>\s*)?(?:<!--[\s\S]*?-->\s*)*<(?:[\w.-]+:)?([\w.-]+)/.exec(head);
  return m?.[1];
}

function httpError(text: string, status: number, operation: string): CanadaPostError {
  const start = text.slice(0, 200).trim();
  return new CanadaPostError(status, operation, [], start || `HTTP ${status} with no body`);
}

function envelopeError(doc: AnswerElement, status: number, operation: string): CanadaPostError {
  const messages = messagesOf(doc.children);
  const ErrorType = messages.some(isThrottleMessage) ? CanadaPostThrottledError : CanadaPostError;
  return new ErrorType(status >= 400 ? status : 200, operation, messages);
}

/** Every `<message>` of an envelope, in order, as Canada Post wrote it. */
function messagesOf(children: ParsedNode[]): CanadaPostMessage[] {
  const out: CanadaPostMessage[] = [];
  for (const node of children) {
    const message = node.message as ParsedNode[] | undefined;
    if (!message) continue;
    let code = "";
    let description = "";
    for (const part of message) {
      if (part.code) code = textOf(part.code as ParsedNode[]);
      else if (part.description) description = textOf(part.description as ParsedNode[]);
    }
    out.push({ code, description });
  }
  return out;
}

/* ------------------------------------------------------------------ text */

const ENTITY: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };

/** The five predefined entities and numeric character references; anything else is left as written. */
export function decodeEntities(text: string): string {
  if (!text.includes("&")) return text;
  return text.replace(/&(#x[0-9a-f]+|#\d+|amp|lt|gt|quot|apos);/gi, (whole, ref: string) => {
    if (ref[0] === "#") {
      const code = ref[1] === "x" || ref[1] === "X" ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
      return Number.isFinite(code) && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return ENTITY[ref.toLowerCase()] ?? whole;
  });
}

/** The text of an element's children, entities decoded (CDATA kept as written); element children ignored. */
export function textOf(children: ParsedNode[]): string {
  if (children.length === 1) {
    const only = children[0]!["#text"];
    if (typeof only === "string") return decodeEntities(only);
  }
  let out = "";
  for (const node of children) {
    const t = node["#text"];
    if (typeof t === "string") out += decodeEntities(t);
    else if (node["#cdata"]) out += rawText(node["#cdata"] as ParsedNode[]);
  }
  return out;
}

function rawText(children: ParsedNode[]): string {
  let out = "";
  for (const node of children) if (typeof node["#text"] === "string") out += node["#text"];
  return out;
}
