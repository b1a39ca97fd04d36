import { readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { validateXML } from "xmllint-wasm";

/**
 * Canada Post's schemas from shared/ (the specification); the repository's copy in schemas/ is checked to
 * match it by test/unit/schemas.test.ts.
 */
export const SHARED_XSD_DIR = resolve(__dirname, "../../../shared/canada-post/xsd");
export const SHARED_SAMPLES_DIR = resolve(__dirname, "../../../shared/canada-post/samples");
export const REPO_XSD_DIR = resolve(__dirname, "../../schemas/canada-post");

const files = () =>
  readdirSync(SHARED_XSD_DIR)
    .filter((f) => f.endsWith(".xsd"))
    .map((f) => ({ fileName: f, contents: readFileSync(join(SHARED_XSD_DIR, f), "utf8") }));

/** Validates a document against one of Canada Post's schemas (e.g. "rating.xsd"); resolves to the errors. */
export async function xsdErrors(xml: string, schemaFile: string): Promise<string[]> {
  const all = files();
  const schema = all.find((f) => f.fileName === schemaFile);
  if (!schema) throw new Error(`no schema ${schemaFile} in ${SHARED_XSD_DIR}`);
  const result = await validateXML({
    xml: [{ fileName: "request.xml", contents: xml }],
    schema: [schema],
    preload: all.filter((f) => f !== schema),
  });
  return result.valid ? [] : result.errors.map((e) => e.message);
}
