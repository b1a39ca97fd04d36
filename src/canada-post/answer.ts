import {
  CanadaPostError,
  CanadaPostThrottledError,
  CanadaPostTransportError,
  isThrottleMessage,
  type CanadaPostMessage,
} from "./errors";

/*
 * Canada Post's answers, read once. One pass over the text builds the tree and checks its structure at the
 * same time: a byte-order mark and blanks before the declaration are tolerated; a DOCTYPE or entity
 * declaration, a truncated document, an end tag that does not close the open element, text outside the root
 * or a second root are refused, saying why. Only the five predefined entities and numeric character
 * references are decoded (nothing is expanded); prefixes and xmlns attributes are dropped, so
 * `<ns2:messages>` and `<messages xmlns=...>` read the same. The same pass says whether the answer is a
 * `<messages>` envelope (whatever the HTTP status) or the documented result, which the operation's reader
 * (answer-schema.ts) then walks once.
 *
 * Not fast-xml-parser, which the requests and the generic reader (xml.ts) use: its parse without validation
 * lets a truncated answer or mismatched tags through, its validator is a second pass over the text, and its
 * tree is rebuilt once more into objects; together they cost ten times this pass (bench/RESULTS.md).
 */

/** Attributes of an element, prefixes removed. */
export type Attributes = Record<string, string>;

/** An element of an answer: its local name, attributes, child elements, and text (trimmed, decoded). */
export interface XmlElement {
  name: string;
  attrs: Attributes | undefined;
  children: XmlElement[];
  text: string;
}

export class XmlStructureError extends Error {
  override readonly name = "XmlStructureError";
}

/** Deeper than any Canada Post answer: refused rather than walked. */
const MAX_DEPTH = 64;

const enum Char {
  Tab = 9,
  LineFeed = 10,
  CarriageReturn = 13,
  Space = 32,
  Bang = 33,
  DoubleQuote = 34,
  Quote = 39,
  Slash = 47,
  Equals = 61,
  Gt = 62,
  Question = 63,
}

const isSpace = (c: number) =>
  c === Char.Space || c === Char.LineFeed || c === Char.Tab || c === Char.CarriageReturn;

function localName(raw: string): string {
  const colon = raw.indexOf(":");
  return colon < 0 ? raw : raw.slice(colon + 1);
}

/** Parses an answer's text into its root element, or throws an XmlStructureError saying what is wrong. */
export function parseAnswerText(text: string): XmlElement {
  const len = text.length;
  const open: XmlElement[] = [];
  const openNames: string[] = [];
  let root: XmlElement | undefined;
  let current: XmlElement | undefined;
  const tag: StartTag = { el: undefined, rawName: "", selfClosing: false };
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  while (i < len) {
    const lt = text.indexOf("<", i);
    const end = lt < 0 ? len : lt;
    if (end > i) {
      if (current) current.text += decodeEntities(text.slice(i, end));
      else if (!isBlank(text, i, end)) {
        throw new XmlStructureError(root ? "text after the root element" : "text before the root element");
      }
    }
    if (lt < 0) break;
    const c = text.charCodeAt(lt + 1);
    if (c === Char.Slash) {
      const gt = text.indexOf(">", lt + 2);
      if (gt < 0) throw new XmlStructureError("truncated inside an end tag");
      let nameEnd = gt;
      while (nameEnd > lt + 2 && isSpace(text.charCodeAt(nameEnd - 1))) nameEnd--;
      const name = text.slice(lt + 2, nameEnd);
      const expected = openNames.pop();
      if (name !== expected) {
        throw new XmlStructureError(
          expected === undefined
            ? `</${name}> closes nothing`
            : `</${name}> where </${expected}> was expected`,
        );
      }
      const closed = open.pop()!;
      if (closed.text !== "") closed.text = closed.text.trim();
      current = open[open.length - 1];
      i = gt + 1;
    } else if (c === Char.Question) {
      const pe = text.indexOf("?>", lt + 2);
      if (pe < 0) throw new XmlStructureError("truncated inside a processing instruction");
      i = pe + 2;
    } else if (c === Char.Bang) {
      if (text.startsWith("--", lt + 2)) {
        const ce = text.indexOf("-->", lt + 4);
        if (ce < 0) throw new XmlStructureError("truncated inside a comment");
        i = ce + 3;
      } else if (current && text.startsWith("[CDATA[", lt + 2)) {
        const ce = text.indexOf("]]>", lt + 9);
        if (ce < 0) throw new XmlStructureError("truncated inside CDATA");
        current.text += text.slice(lt + 9, ce);
        i = ce + 3;
      } else {
        throw new XmlStructureError("DOCTYPE and entity declarations are not accepted");
      }
    } else {
      i = readStartTag(text, lt, tag);
      const el = tag.el!;
      if (current) current.children.push(el);
      else if (root) throw new XmlStructureError("more than one root element");
      else root = el;
      if (!tag.selfClosing) {
        if (open.length === MAX_DEPTH)
          throw new XmlStructureError(`nested deeper than ${MAX_DEPTH} elements`);
        open.push(el);
        openNames.push(tag.rawName);
        current = el;
      }
    }
  }
  if (!root) throw new XmlStructureError("not an XML document: no root element");
  if (open.length > 0)
    throw new XmlStructureError(`truncated: <${openNames[openNames.length - 1]}> is not closed`);
  return root;
}

/** What readStartTag read: one object per parse, filled in for each tag. */
interface StartTag {
  el: XmlElement | undefined;
  rawName: string;
  selfClosing: boolean;
}

/** Reads the start tag at `lt` (name and attributes) into `tag`; returns the index after it. */
function readStartTag(text: string, lt: number, tag: StartTag): number {
  const len = text.length;
  let p = lt + 1;
  while (p < len) {
    const k = text.charCodeAt(p);
    if (isSpace(k) || k === Char.Slash || k === Char.Gt) break;
    p++;
  }
  if (p === lt + 1) throw new XmlStructureError(`"<" not followed by an element name`);
  const rawName = text.slice(lt + 1, p);
  let attrs: Attributes | undefined;
  for (;;) {
    while (p < len && isSpace(text.charCodeAt(p))) p++;
    if (p >= len) throw new XmlStructureError(`truncated inside <${rawName}>`);
    const k = text.charCodeAt(p);
    if (k === Char.Gt || k === Char.Slash) {
      tag.selfClosing = k === Char.Slash;
      if (tag.selfClosing && text.charCodeAt(p + 1) !== Char.Gt) {
        throw new XmlStructureError(
          p + 1 >= len ? `truncated inside <${rawName}>` : `"/" inside <${rawName}>`,
        );
      }
      p += tag.selfClosing ? 2 : 1;
      break;
    }
    const nameStart = p;
    while (p < len) {
      const a = text.charCodeAt(p);
      if (a === Char.Equals || isSpace(a) || a === Char.Gt || a === Char.Slash) break;
      p++;
    }
    const attr = text.slice(nameStart, p);
    while (p < len && isSpace(text.charCodeAt(p))) p++;
    if (text.charCodeAt(p) !== Char.Equals) {
      throw new XmlStructureError(
        p >= len ? `truncated inside <${rawName}>` : `attribute ${attr} of <${rawName}> has no value`,
      );
    }
    p++;
    while (p < len && isSpace(text.charCodeAt(p))) p++;
    const q = text.charCodeAt(p);
    if (q !== Char.DoubleQuote && q !== Char.Quote) {
      throw new XmlStructureError(
        p >= len ? `truncated inside <${rawName}>` : `attribute ${attr} of <${rawName}> is not quoted`,
      );
    }
    const valueEnd = text.indexOf(q === Char.DoubleQuote ? '"' : "'", p + 1);
    if (valueEnd < 0) throw new XmlStructureError(`truncated inside <${rawName}>`);
    const value = text.slice(p + 1, valueEnd);
    if (value.includes("<")) throw new XmlStructureError(`"<" in attribute ${attr} of <${rawName}>`);
    p = valueEnd + 1;
    if (attr === "xmlns" || attr.startsWith("xmlns:")) continue;
    (attrs ??= {})[localName(attr)] = decodeEntities(value);
  }
  tag.el = { name: localName(rawName), attrs, children: [], text: "" };
  tag.rawName = rawName;
  return p;
}

function isBlank(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (!isSpace(text.charCodeAt(i))) return false;
  return true;
}

/* ------------------------------------------------------------------ answer or error */

/**
 * An answer's root element, once the same parse has told it is neither an error nor something else: a
 * `<messages>` envelope becomes CanadaPostError (CanadaPostThrottledError for the throttle) whatever the HTTP
 * status; any other answer with a status of 400 or more a CanadaPostError with the start of its body; an
 * unreadable answer, or one with another root than `root`, a CanadaPostTransportError "malformed".
 */
export function readAnswer(text: string, status: number, operation: string, root: string): XmlElement {
  let doc: XmlElement;
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
  let doc: XmlElement;
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

function envelopeError(doc: XmlElement, status: number, operation: string): CanadaPostError {
  const messages = messagesOf(doc);
  const ErrorType = messages.some(isThrottleMessage) ? CanadaPostThrottledError : CanadaPostError;
  return new ErrorType(status >= 400 ? status : 200, operation, messages);
}

/** Every `<message>` of an envelope, in order, as Canada Post wrote it. */
function messagesOf(envelope: XmlElement): CanadaPostMessage[] {
  const out: CanadaPostMessage[] = [];
  for (const message of envelope.children) {
    if (message.name !== "message") continue;
    let code = "";
    let description = "";
    for (const part of message.children) {
      if (part.name === "code") code = part.text;
      else if (part.name === "description") description = part.text;
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
