import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";

/**
 * Validates request bodies against Canada Post's XSDs with libxmljs (an optional native dependency). Each
 * schema is parsed once, with its directory as base URL so that `include`/`redefine` resolve. Without
 * libxmljs validation is skipped (said once on stderr): the simulator still answers, only less strictly.
 */

interface LibXmlDoc {
  validate(xsd: LibXmlDoc): boolean;
  validationErrors: { message: string; line?: number }[];
}
interface LibXml {
  parseXml(text: string, options?: { baseUrl?: string }): LibXmlDoc;
}

let lib: LibXml | null | undefined;
const schemas = new Map<string, LibXmlDoc>();

function libxml(): LibXml | null {
  if (lib !== undefined) return lib;
  try {
    // A plain require: libxmljs is optional and native, loaded only when it is installed.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    lib = require("libxmljs") as LibXml;
  } catch (e) {
    lib = null;
    process.stderr.write(
      `canada-post simulator: libxmljs is not available (${(e as Error).message.split("\n")[0]}); request bodies are not checked against the XSDs\n`,
    );
  }
  return lib;
}

/** The repository's schemas/canada-post, found upward from this file (works from src/ and from dist/). */
export const SCHEMAS_DIR = (() => {
  let dir = __dirname;
  for (let i = 0; i < 6; i++) {
    const candidate = join(dir, "schemas", "canada-post");
    if (existsSync(join(candidate, "rating.xsd"))) return candidate;
    dir = dirname(dir);
  }
  return join(__dirname, "..", "..", "schemas", "canada-post");
})();

export function xsdValidationAvailable(): boolean {
  return libxml() !== null;
}

/**
 * Loads libxmljs and parses these schemas now, so that the first request is not the one that pays for it
 * (a checkout's first quote has a deadline).
 */
export function preloadSchemas(xsdFiles: Iterable<string>): void {
  if (!libxml()) return;
  for (const file of new Set(xsdFiles)) schemaOf(file);
}

function schemaOf(xsdFile: string): LibXmlDoc {
  let schema = schemas.get(xsdFile);
  if (!schema) {
    const path = join(SCHEMAS_DIR, xsdFile);
    schema = libxml()!.parseXml(readFileSync(path, "utf8"), { baseUrl: `${SCHEMAS_DIR}/` });
    schemas.set(xsdFile, schema);
  }
  return schema;
}

/** The schema's errors for this document ([] when valid), or null when libxmljs is unavailable. */
export function validateXsd(xml: string, xsdFile: string): string[] | null {
  const l = libxml();
  if (!l) return null;
  const schema = schemaOf(xsdFile);
  let doc: LibXmlDoc;
  try {
    doc = l.parseXml(xml);
  } catch (e) {
    return [(e as Error).message.trim()];
  }
  if (doc.validate(schema)) return [];
  return doc.validationErrors.map((e) => e.message.trim());
}
