import type { LabelData } from "./label-pdf";
import { addressLines } from "./label-pdf";

/**
 * A ZPL II label for 4x6 thermal printers (203 dpi: 812 × 1218 dots): text fields and the PIN as a
 * Code 128 barcode (^BC), between ^XA and ^XZ.
 */

/** ^ and ~ start commands in ZPL; field data must not contain them. */
const field = (text: string) => text.replace(/[\^~]/g, " ");

export function labelZpl(data: LabelData): string {
  const out: string[] = ["^XA", "^CI28", "^PW812", "^LL1218"];
  let y = 40;
  const line = (text: string, size: number) => {
    out.push(`^FO40,${y}^A0N,${size},${size}^FD${field(text)}^FS`);
    y += size + 10;
  };
  line(data.title, 40);
  line(data.serviceName, 36);
  y += 10;
  line("FROM / EXP:", 24);
  for (const l of addressLines(data.sender)) line(l, 26);
  y += 10;
  line("TO / DEST:", 28);
  for (const l of addressLines(data.destination)) line(l, 40);
  y += 10;
  line(`Weight / Poids: ${data.weightKg.toFixed(3)} kg`, 24);
  if (data.reference) line(`Ref: ${data.reference}`, 24);
  out.push(`^FO60,${Math.max(y + 20, 900)}^BY3^BCN,200,Y,N,N^FD${field(data.pin)}^FS`);
  out.push("^XZ");
  return out.join("\n") + "\n";
}
