/**
 * End of day in manifest mode: the day's groups are transmitted, and each manifest Canada Post makes (one
 * per group and destination category) is read and its printable PDF kept in the LabelStore, to hand over
 * with the parcels. Transmit is never repeated automatically: a second one could manifest shipments twice.
 */
import {
  getArtifact,
  type ClientContext,
  CanadaPostError,
  findLink,
  type Link,
  getManifest,
  transmitShipments,
  type TransmitShipmentsInput,
} from "../canada-post";
import type { LabelStore } from "./label-store";
import { groupIdFor, type MerchantSettings } from "./settings";

export interface ManifestRecord {
  /** The groups transmitted together. */
  groupIds: string[];
  manifestId: string;
  /** Canada Post's purchase order number of the manifest. */
  poNumber?: string;
  links: Link[];
  /** The printable manifest, as kept by the LabelStore. */
  document?: { location: string; mediaType: string };
  /** Why the manifest or its PDF could not be read: it exists all the same; read it again by its link. */
  problem?: string;
}

export interface ManifestDeps {
  ctx: ClientContext;
  settings: MerchantSettings;
  labels: LabelStore;
  now: () => Date;
}

export class ManifestSettingsError extends Error {
  override readonly name = "ManifestSettingsError";
}

/**
 * Transmits the groups (today's group of the configured location by default) and returns their manifests
 * with the PDFs stored. With the default groups and nothing left to transmit (7010) it returns no manifest.
 */
export async function transmitGroups(deps: ManifestDeps, groupIds?: string[]): Promise<ManifestRecord[]> {
  const groups = groupIds?.length ? groupIds : [groupIdFor(deps.settings.shipments, deps.now())];
  let links: Link[];
  try {
    links = await transmitShipments(deps.ctx, transmitInput(deps.settings, groups));
  } catch (e) {
    if (!groupIds?.length && e instanceof CanadaPostError && e.hasCode("7010")) return [];
    throw e;
  }
  const manifests: ManifestRecord[] = [];
  for (const link of links) manifests.push(await readManifest(deps, link, groups));
  return manifests;
}

async function readManifest(deps: ManifestDeps, link: Link, groupIds: string[]): Promise<ManifestRecord> {
  const manifestId =
    link.href
      .replace(/[?#].*$/, "")
      .split("/")
      .filter(Boolean)
      .pop() ?? link.href;
  const record: ManifestRecord = { groupIds, manifestId, links: [link] };
  try {
    const manifest = await getManifest(deps.ctx, link);
    record.poNumber = manifest.poNumber;
    record.links = manifest.links;
    const artifactLink = findLink(manifest.links, "artifact");
    if (!artifactLink) throw new Error(`Canada Post gave manifest ${manifestId} no artifact link`);
    const artifact = await getArtifact(deps.ctx, artifactLink);
    const data = "data" in artifact ? artifact.data : Buffer.from(artifact.text, "utf8");
    const location = await deps.labels.put(`manifest-${manifestId}`, data, artifact.mediaType);
    record.document = { location, mediaType: artifact.mediaType };
  } catch (e) {
    record.problem = (e as Error).message;
  }
  return record;
}

function transmitInput(settings: MerchantSettings, groupIds: string[]): TransmitShipmentsInput {
  const sender = settings.origin.sender;
  if (!sender) {
    throw new ManifestSettingsError(
      "settings.origin.sender is missing: the manifest needs the sender's company, contactPhone, addressLine1, city and province",
    );
  }
  const point = settings.shippingPointId
    ? { shippingPointId: settings.shippingPointId }
    : settings.pickup
      ? { requestedShippingPoint: settings.pickup.requestedShippingPoint, cpcPickupIndicator: true }
      : { requestedShippingPoint: settings.origin.postalCode };
  return {
    groupIds,
    ...point,
    detailedManifests: true,
    methodOfPayment: "Account",
    manifestAddress: {
      manifestCompany: sender.company,
      manifestName: sender.name,
      phoneNumber: sender.contactPhone,
      addressDetails: {
        addressLine1: sender.addressLine1,
        addressLine2: sender.addressLine2,
        city: sender.city,
        provState: sender.province,
        countryCode: "CA",
        postalZipCode: settings.origin.postalCode,
      },
    },
  };
}
