import { readFile } from "node:fs/promises";
import type { Command } from "commander";
import {
  CanadaPostInputError,
  getManifest,
  getManifestArtifact,
  getManifestDetails,
  transmitShipments,
  type ManifestAddress,
} from "../../canada-post";
import { fields, table } from "../io";
import type { CommandRunner } from "../main";
import { saveArtifact } from "./shipment";

const collect = (value: string, previous: string[] = []) => [...previous, value];

export function manifestCommands(program: Command, run: CommandRunner): void {
  program
    .command("transmit")
    .description("Transmit Shipments: close groups into manifests (end of day)")
    .requiredOption("--group <id>", "group to transmit (repeatable)", collect)
    .option("--pickup <postal>", "Canada Post picks the parcels up at this postal code")
    .option("--from <postal>", "postal code where you deposit the parcels")
    .option("--site <id>", "Canada Post deposit site number (instead of --from)")
    .requiredOption(
      "--address <file>",
      "JSON file with the manifest address (manifestCompany, phoneNumber, addressDetails)",
    )
    .option("--json", "print the typed result as JSON")
    .action((o) =>
      run(o, async (ctx) => {
        let manifestAddress: ManifestAddress;
        try {
          manifestAddress = JSON.parse(await readFile(o.address, "utf8")) as ManifestAddress;
        } catch (e) {
          throw new CanadaPostInputError(
            "TransmitShipments",
            `cannot read ${o.address} as JSON: ${(e as Error).message}`,
          );
        }
        const links = await transmitShipments(ctx, {
          groupIds: o.group,
          cpcPickupIndicator: o.pickup ? true : undefined,
          requestedShippingPoint: o.pickup ?? o.from,
          shippingPointId: o.site,
          manifestAddress,
        });
        const ids = links.map((l) => l.href.split("/").pop() ?? l.href);
        return {
          result: links,
          text: table(
            ["Manifest", "Link"],
            links.map((l, i) => [ids[i], l.href]),
          ),
        };
      }),
    );

  program
    .command("manifest <id>")
    .description("Get Manifest (and its details); --out saves the printable manifest PDF")
    .option("--out <file>", "where to write the manifest PDF")
    .option("--json", "print the typed result as JSON")
    .action((id: string, o) =>
      run(o, async (ctx) => {
        const manifest = await getManifest(ctx, id);
        const details = await getManifestDetails(ctx, id);
        const saved = o.out ? await saveArtifact(await getManifestArtifact(ctx, manifest), o.out) : undefined;
        const text =
          fields([
            ["Manifest", id],
            ["PO number", manifest.poNumber],
            ["Saved", saved && `${saved.bytes} bytes to ${saved.file}`],
          ]) +
          "\n" +
          JSON.stringify(details, null, 2) +
          "\n";
        return { result: { manifest, details, saved }, text };
      }),
    );
}
