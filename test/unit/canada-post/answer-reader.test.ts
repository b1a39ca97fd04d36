import { readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { XMLParser } from "fast-xml-parser";
import { parseAnswerText, XmlStructureError, type XmlElement } from "../../../src/canada-post";
import { SHARED_SAMPLES_DIR } from "../../support/xsd";

/*
 * The client reads answers with its own one-pass reader: it must build the tree fast-xml-parser builds, for
 * every answer Canada Post documents or was captured sending, and refuse what is not one well-formed element.
 */

const SEEDS_DIR = resolve(SHARED_SAMPLES_DIR, "../../seeds");

function seedAnswers(): [string, string][] {
  const out: [string, string][] = [];
  for (const file of readdirSync(SEEDS_DIR)) {
    const text = readFileSync(join(SEEDS_DIR, file), "utf8");
    for (const root of ["price-quotes", "shipment-info", "tracking-summary", "messages"]) {
      for (const m of text.matchAll(new RegExp(`^<${root}(?: xmlns="[^"]+")?>[\\s\\S]*?</${root}>`, "gm"))) {
        out.push([`${file} <${root}>`, m[0]]);
      }
    }
  }
  return out;
}

const documents: [string, string][] = [
  ...readdirSync(SHARED_SAMPLES_DIR).map((f): [string, string] => [
    f,
    readFileSync(join(SHARED_SAMPLES_DIR, f), "utf8"),
  ]),
  ...seedAnswers(),
  [
    "every kind of content",
    `\uFEFF<?xml version="1.0" encoding="UTF-8"?>\n<!-- gateway -->\n<ns2:a xmlns:ns2="urn:x" xmlns="urn:y" k='single "quoted"' ns2:p="a &amp; b &gt; c">` +
      `<b>x &lt; y &#233; &#x41;</b><c><![CDATA[raw <b> &amp; kept]]></c><d/><e attr="1"/><f>  spaced  </f>` +
      `<g><!-- inside --><h>1</h><h>2</h></g><?pi data?></ns2:a>\n`,
  ],
];

/** fast-xml-parser's ordered tree, as the same elements, attributes and text. */
const fxp = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: "",
  removeNSPrefix: true,
  parseTagValue: false,
  parseAttributeValue: false,
  processEntities: true,
  htmlEntities: true,
  ignoreDeclaration: true,
  ignorePiTags: true,
  trimValues: true,
  cdataPropName: "#cdata",
});
type Node = Record<string, unknown>;
function fromFxp(node: Node): XmlElement {
  const name = Object.keys(node).find((k) => k !== ":@")!;
  const children: XmlElement[] = [];
  let text = "";
  for (const child of node[name] as Node[]) {
    if ("#text" in child) text += String(child["#text"]);
    else if ("#cdata" in child) text += (child["#cdata"] as Node[]).map((t) => String(t["#text"])).join("");
    else children.push(fromFxp(child));
  }
  const attrs = node[":@"] as Record<string, string> | undefined;
  return { name, attrs: attrs && Object.keys(attrs).length ? attrs : undefined, children, text: text.trim() };
}

describe("the client's reader of answers", () => {
  it.each(documents)("builds the tree fast-xml-parser builds: %s", (_name, xml) => {
    const expected = fromFxp((fxp.parse(xml) as Node[]).find((n) => !("#text" in n))!);
    expect(parseAnswerText(xml)).toEqual(expected);
  });

  it("keeps CDATA as written and decodes entities only in text and attribute values", () => {
    const doc = parseAnswerText(documents[documents.length - 1]![1]);
    expect(doc.name).toBe("a");
    expect(doc.attrs).toEqual({ k: 'single "quoted"', p: "a & b > c" });
    expect(doc.children.map((c) => c.text)).toEqual([
      "x < y é A",
      "raw <b> &amp; kept",
      "",
      "",
      "spaced",
      "",
    ]);
  });

  it.each([
    ["a lone <", "<a>1 < 2</a>", /"<" not followed by an element name/],
    ["an attribute without a value", "<a b></a>", /attribute b of <a> has no value/],
    ["an unquoted attribute", "<a b=c></a>", /attribute b of <a> is not quoted/],
    ["a < inside an attribute", '<a b="<"></a>', /"<" in attribute b of <a>/],
    ["an end tag closing nothing", "<a/></a>", /closes nothing|text after|<\/a>/],
    ["a stray slash", "<a / b></a>", /"\/" inside <a>/],
    ["another kind of declaration", "<a><!ELEMENT a ANY></a>", /DOCTYPE and entity declarations/],
  ])("refuses %s", (_name, xml, why) => {
    expect(() => parseAnswerText(xml)).toThrow(XmlStructureError);
    expect(() => parseAnswerText(xml)).toThrow(why);
  });

  it("refuses nesting deeper than any answer, without walking it", () => {
    const deep = "<a>".repeat(65) + "</a>".repeat(65);
    expect(() => parseAnswerText(deep)).toThrow(/nested deeper than 64 elements/);
    expect(parseAnswerText("<a>".repeat(64) + "</a>".repeat(64)).name).toBe("a");
  });
});
