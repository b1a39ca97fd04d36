import { readFile, writeFile } from "node:fs/promises";
import type { Command } from "commander";
import {
  getArtifact,
  CanadaPostInputError,
  findLink,
  createShipment,
  getShipment,
  requestShipmentRefund,
  voidShipment,
  type ShipmentInfo,
} from "../../canada-post";
import { fields, money } from "../io";
import type { CommandRunner } from "../main";

function describe(s: ShipmentInfo): string {
  return fields([
    ["Shipment", s.shipmentId],
    ["Status", s.shipmentStatus],
    ["Tracking PIN", s.trackingPin],
    ["Customer request id", s.customerRequestId],
    ["PO number", s.poNumber],
    ["Due", s.shipmentPrice ? money(s.shipmentPrice.dueAmount) : undefined],
    ["Links", s.links.map((l) => l.rel).join(", ")],
  ]);
}

/** Writes an artifact where the merchant asked, and says what was written. */
export async function saveArtifact(
  artifact: Awaited<ReturnType<typeof getArtifact>>,
  out: string,
): Promise<{ file: string; mediaType: string; bytes: number }> {
  const data = "data" in artifact ? artifact.data : Buffer.from(artifact.text, "utf8");
  await writeFile(out, data);
  return { file: out, mediaType: artifact.mediaType, bytes: data.length };
}

export function shipmentCommands(program: Command, run: CommandRunner): void {
  const shipment = program
    .command("shipment")
    .description("Contract shipments: create, read, label, void, refund");

  shipment
    .command("create <file>")
    .description("Create Shipment from a JSON file of the client's CreateShipmentInput (see README)")
    .option("--json", "print the typed result as JSON")
    .action((file: string, o) =>
      run(o, async (ctx) => {
        let input: unknown;
        try {
          input = JSON.parse(await readFile(file, "utf8"));
        } catch (e) {
          throw new CanadaPostInputError(
            "CreateShipment",
            `cannot read ${file} as JSON: ${(e as Error).message}`,
          );
        }
        const s = await createShipment(ctx, input as Parameters<typeof createShipment>[1]);
        return { result: s, text: describe(s) };
      }),
    );

  shipment
    .command("get <id>")
    .description("Get Shipment")
    .option("--json", "print the typed result as JSON")
    .action((id: string, o) =>
      run(o, async (ctx) => {
        const s = await getShipment(ctx, id);
        return { result: s, text: describe(s) };
      }),
    );

  shipment
    .command("label <id>")
    .description("Get Artifact: save the shipment's label (PDF or ZPL, as it was created)")
    .requiredOption("--out <file>", "where to write the label")
    .option("--json", "print the typed result as JSON")
    .action((id: string, o) =>
      run(o, async (ctx) => {
        const s = await getShipment(ctx, id);
        const link = findLink(s.links, "label");
        if (!link) throw new CanadaPostInputError("GetArtifact", `shipment ${id} has no label link`);
        const saved = await saveArtifact(await getArtifact(ctx, link), o.out);
        return { result: saved, text: `Wrote ${saved.bytes} bytes (${saved.mediaType}) to ${saved.file}\n` };
      }),
    );

  shipment
    .command("void <id>")
    .description("Void Shipment (before transmit; after it, request a refund)")
    .option("--json", "print the typed result as JSON")
    .action((id: string, o) =>
      run(o, async (ctx) => {
        await voidShipment(ctx, id);
        return { result: { shipmentId: id, voided: true }, text: `Shipment ${id} voided\n` };
      }),
    );

  shipment
    .command("refund <id>")
    .description("Request Shipment Refund (after transmit)")
    .requiredOption("--email <address>", "where Canada Post writes about the refund")
    .option("--json", "print the typed result as JSON")
    .action((id: string, o) =>
      run(o, async (ctx) => {
        const r = await requestShipmentRefund(ctx, id, { email: o.email });
        return {
          result: r,
          text: fields([
            ["Service ticket", r.serviceTicketId],
            ["Requested on", r.serviceTicketDate],
          ]),
        };
      }),
    );
}
