import bwipjs from "bwip-js";
import { PDFDocument, StandardFonts, rgb, type PDFFont, type PDFPage } from "pdf-lib";
import type { Party } from "./store";

/**
 * Real label PDFs: sender, recipient, service and PIN as text, and the PIN as a Code 128 barcode, on 4x6
 * thermal (288×432 pt) or 8.5x11 paper (612×792 pt, the label in the top half as Canada Post prints it).
 */

export interface LabelData {
  title: string;
  pin: string;
  serviceName: string;
  sender: Party;
  destination: Party;
  weightKg: number;
  reference?: string;
  shipmentId: string;
}

export const PAGE_SIZES = { "4x6": [288, 432], "8.5x11": [612, 792] } as const;

/** Standard PDF fonts speak WinAnsi only: anything else prints as "?" rather than failing the label. */
const printable = (text: string) => text.replace(/[^\x20-\x7e\u00a0-\u00ff]/g, "?");

export const addressLines = (p: Party): string[] =>
  [
    p.name,
    p.company,
    p.addressLine1,
    p.addressLine2,
    [p.city, p.provState, p.postalZipCode].filter(Boolean).join(" "),
    p.countryCode === "CA" ? undefined : p.countryCode,
  ].filter((l): l is string => !!l);

export async function code128Png(text: string): Promise<Uint8Array> {
  const png = await bwipjs.toBuffer({ bcid: "code128", text, scale: 3, height: 14, includetext: true });
  // pdf-lib reads from offset 0 of the underlying buffer: hand it its own copy.
  return new Uint8Array(png);
}

export async function labelPdf(data: LabelData, format: "4x6" | "8.5x11"): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.setTitle(`${data.title} ${data.pin}`);
  const [width, height] = PAGE_SIZES[format];
  const page = doc.addPage([width, height]);
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const bold = await doc.embedFont(StandardFonts.HelveticaBold);
  const scale = format === "4x6" ? 1 : 1.4;
  const left = 18 * scale;
  let y = height - 28 * scale;
  const write = (text: string, size: number, f: PDFFont = font) => {
    page.drawText(printable(text), { x: left, y, size: size * scale, font: f });
    y -= (size + 4) * scale;
  };
  write(data.title, 12, bold);
  write(data.serviceName, 11, bold);
  y -= 6 * scale;
  write("FROM / EXP:", 7, bold);
  for (const line of addressLines(data.sender)) write(line, 8);
  y -= 6 * scale;
  write("TO / DEST:", 8, bold);
  for (const line of addressLines(data.destination)) write(line, 11);
  y -= 6 * scale;
  write(`Weight / Poids: ${data.weightKg.toFixed(3)} kg`, 8);
  if (data.reference) write(`Ref: ${data.reference}`, 8);
  write(`Shipment: ${data.shipmentId}`, 7);
  await drawBarcode(doc, page, data.pin, left, 40 * scale, width - 2 * left, 80 * scale);
  page.drawText(data.pin, { x: left, y: 24 * scale, size: 12 * scale, font: bold, color: rgb(0, 0, 0) });
  return doc.save();
}

async function drawBarcode(
  doc: PDFDocument,
  page: PDFPage,
  text: string,
  x: number,
  y: number,
  w: number,
  h: number,
) {
  const png = await doc.embedPng(await code128Png(text));
  const ratio = Math.min(w / png.width, h / png.height);
  page.drawImage(png, { x, y, width: png.width * ratio, height: png.height * ratio });
}

export interface ManifestLine {
  pin: string;
  serviceCode: string;
  destination: string;
  weightKg: number;
  due: number;
}

/** The manifest: proof of payment handed over with the parcels, one line per shipment. */
export async function manifestPdf(m: {
  poNumber: string;
  manifestDate: string;
  groupId: string;
  customer: string;
  lines: ManifestLine[];
}): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.setTitle(`Manifest ${m.poNumber}`);
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const bold = await doc.embedFont(StandardFonts.HelveticaBold);
  let page = doc.addPage([612, 792]);
  let y = 740;
  const text = (s: string, x: number, size = 9, f: PDFFont = font) =>
    page.drawText(printable(s), { x, y, size, font: f });
  text("Canada Post - Manifest / Bordereau", 40, 16, bold);
  y -= 24;
  text(
    `PO number: ${m.poNumber}   Date: ${m.manifestDate}   Group: ${m.groupId}   Customer: ${m.customer}`,
    40,
  );
  y -= 24;
  const header = () => {
    ["PIN", "Service", "Destination", "Weight (kg)", "Due ($)"].forEach((h, i) =>
      text(h, [40, 170, 260, 420, 500][i]!, 9, bold),
    );
    y -= 16;
  };
  header();
  for (const l of m.lines) {
    if (y < 60) {
      page = doc.addPage([612, 792]);
      y = 740;
      header();
    }
    [l.pin, l.serviceCode, l.destination, l.weightKg.toFixed(3), l.due.toFixed(2)].forEach((v, i) =>
      text(v, [40, 170, 260, 420, 500][i]!),
    );
    y -= 14;
  }
  y -= 10;
  const total = m.lines.reduce((s, l) => s + l.due, 0);
  text(`Shipments: ${m.lines.length}   Total due: ${total.toFixed(2)}`, 40, 10, bold);
  return doc.save();
}
