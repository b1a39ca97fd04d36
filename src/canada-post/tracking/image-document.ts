import { object, readAnswerWith, text } from "../answer-schema";
import { CanadaPostError, CanadaPostThrottledError, CanadaPostTransportError } from "../errors";

/*
 * The signature image and the delivery confirmation certificate: a base64 document, or a documented reason
 * there is none, which is a normal outcome rather than a failure.
 */

/** A document Canada Post could not give for a reason that is a normal outcome, not a failure. */
export interface Unavailable {
  available: false;
  code: string;
  description: string;
}

const imageDocumentReader = object({
  filename: text.optional(),
  image: text,
  mimeType: text.optional(),
  resolution: text.optional(),
});

/** Reads an image document: its fields and its bytes, or the Unavailable outcome of an envelope made only of `code`. */
export function readImageDocument(
  xml: string,
  status: number,
  operation: string,
  root: string,
  code: string,
): { filename?: string; data: Buffer; mimeType?: string; resolution?: string } | Unavailable {
  let doc: { filename?: string; image: string; mimeType?: string; resolution?: string };
  try {
    doc = readAnswerWith(imageDocumentReader, xml, status, operation, root);
  } catch (e) {
    if (e instanceof CanadaPostError && !(e instanceof CanadaPostThrottledError)) {
      const [first] = e.messages;
      if (first && e.messages.every((m) => sameCode(m.code, code))) {
        return { available: false, code: first.code, description: first.description };
      }
    }
    throw e;
  }
  return {
    filename: doc.filename,
    data: decodeBase64(doc.image, operation),
    mimeType: doc.mimeType,
    resolution: doc.resolution,
  };
}

/** "003" and "3" are the same code: Canada Post pads tracking codes to three digits, but not always. */
function sameCode(a: string, b: string): boolean {
  const strip = (c: string) => c.trim().replace(/^0+(?=\d)/, "");
  return strip(a) === strip(b);
}

function decodeBase64(data: string, operation: string): Buffer {
  const compact = data.replace(/\s+/g, "");
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(compact)) {
    throw new CanadaPostTransportError(operation, "malformed", "the image is not base64");
  }
  return Buffer.from(compact, "base64");
}
