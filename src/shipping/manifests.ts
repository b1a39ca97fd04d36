/**
 * End of day in manifest mode: the day's groups are transmitted, and each manifest Canada Post makes (one
 * per group and destination category) is read and its printable PDF kept in the LabelStore, to hand over
 * with the parcels. Transmit is never repeated automatically: a second one could manifest shipments twice.
 */
import {
  backoffDelay,
  CanadaPostError,
  CanadaPostTransportError,
  findLink,
  getArtifact,
  getGroups,
  getManifest,
  isIndefinite,
  transmitShipments,
  type ClientContext,
  type Link,
  type TransmitShipmentsInput,
} from "../canada-post";
import type { LabelStore } from "./label-store";
import { groupIdFor, type MerchantSettings } from "./settings";
import type { ShipmentRecord } from "./shipment-record";

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

/** The groups asked for cannot be transmitted (none asked, or nothing waits in them): nothing was sent. */
export class ManifestRequestError extends Error {
  override readonly name = "ManifestRequestError";
}

/**
 * Transmit's answer was lost (no answer in time, a dropped connection, a 5xx), but Canada Post transmitted
 * these groups all the same: Get Groups no longer lists them as waiting. Their shipments are transmitted;
 * the manifests were not read (they are among the day's manifests at Canada Post).
 */
export class ManifestAnswerLostError extends Error {
  override readonly name = "ManifestAnswerLostError";
  constructor(
    readonly groupIds: string[],
    cause: unknown,
  ) {
    super(
      `Canada Post transmitted group${groupIds.length > 1 ? "s" : ""} ${groupIds.join(", ")} but its answer was lost ` +
        `(${cause instanceof Error ? cause.message : String(cause)}): the shipments are transmitted; their manifests ` +
        "are among the day's manifests at Canada Post. Do not transmit these groups again.",
      { cause },
    );
  }
}

/* ------------------------------------------------------------------ waiting groups */

/** A group of shipments bought in manifest mode and not transmitted yet. */
export interface WaitingGroup {
  groupId: string;
  shipmentCount: number;
  orderIds: string[];
  serviceCodes: string[];
  /** The oldest shipment of the group (ISO): a group left from an earlier day stands out. */
  oldestCreatedAt: string | null;
}

/** Only created, manifest-mode shipments with a group wait for transmit; voided ones never do. */
export function isWaiting(record: Pick<ShipmentRecord, "status" | "mode" | "groupId">): boolean {
  return record.status === "created" && record.mode === "manifest" && !!record.groupId;
}

export function waitingGroups(records: readonly ShipmentRecord[]): WaitingGroup[] {
  const groups = new Map<string, WaitingGroup>();
  for (const r of records) {
    if (!isWaiting(r)) continue;
    const id = r.groupId!;
    const g = groups.get(id) ?? {
      groupId: id,
      shipmentCount: 0,
      orderIds: [],
      serviceCodes: [],
      oldestCreatedAt: null,
    };
    g.shipmentCount += 1;
    if (!g.orderIds.includes(r.orderId)) g.orderIds.push(r.orderId);
    if (!g.serviceCodes.includes(r.serviceCode)) g.serviceCodes.push(r.serviceCode);
    const at = isoOf(r.createdAt);
    if (at && (!g.oldestCreatedAt || at < g.oldestCreatedAt)) g.oldestCreatedAt = at;
    groups.set(id, g);
  }
  return [...groups.values()].sort((a, b) => a.groupId.localeCompare(b.groupId));
}

/**
 * The group ids asked for, checked against what waits: a clear refusal names the groups with nothing to
 * transmit (already transmitted, voided, or never made), so no call is made to Canada Post for them.
 */
export function checkGroupsToTransmit(asked: readonly string[], waiting: readonly WaitingGroup[]): string[] {
  const unique = [...new Set(asked.map((g) => g.trim()).filter(Boolean))];
  if (unique.length === 0) {
    throw new ManifestRequestError(
      "name at least one group to transmit: one of the groups waiting for transmit",
    );
  }
  const known = new Set(waiting.map((g) => g.groupId));
  const missing = unique.filter((g) => !known.has(g));
  if (missing.length) {
    throw new ManifestRequestError(
      `No shipment waits for transmit in group${missing.length > 1 ? "s" : ""} ${missing.join(", ")}: ` +
        `only the groups waiting for transmit can be transmitted (${[...known].join(", ") || "none waits now"})`,
    );
  }
  return unique;
}

function isoOf(v: string | undefined): string | undefined {
  if (!v) return undefined;
  const d = new Date(v);
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString();
}

/* ------------------------------------------------------------------ transmit */

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
    if (isIndefinite(e)) await throwWhatWasDone(deps.ctx, groups, e);
    throw e;
  }
  const manifests: ManifestRecord[] = [];
  for (const link of links) manifests.push(await readManifest(deps, link, groups));
  return manifests;
}

/**
 * After a transmit whose answer was lost: Canada Post is asked which groups still wait, for up to two of the
 * client's timeouts (a transmit still running there gets that long to finish). Groups that no longer wait
 * were transmitted (ManifestAnswerLostError); when all still wait, nothing was transmitted so far, and the
 * failure says so. Transmit is not sent again: the merchant decides, knowing which.
 */
async function throwWhatWasDone(ctx: ClientContext, groups: string[], failure: unknown): Promise<never> {
  const until = Date.now() + 2 * ctx.config.timeoutMs;
  let waiting: Set<string> | undefined;
  for (let attempt = 1; Date.now() < until; attempt++) {
    const pause = Math.min(backoffDelay(ctx.config.retryDelayMs, attempt), ctx.config.timeoutMs / 2);
    await new Promise((r) => setTimeout(r, pause));
    try {
      waiting = new Set((await getGroups(ctx)).map((g) => g.groupId));
    } catch {
      break;
    }
    const gone = groups.filter((g) => !waiting!.has(g));
    if (gone.length) throw new ManifestAnswerLostError(gone, failure);
  }
  const said = failure instanceof Error ? failure.message : String(failure);
  const status = waiting
    ? `${groups.length > 1 ? "the groups" : "the group"} ${groups.join(", ")} still ${groups.length > 1 ? "wait" : "waits"} for transmit at Canada Post: nothing was transmitted so far`
    : "and Canada Post could not be asked which groups still wait: look at the day's manifests before transmitting again";
  if (failure instanceof CanadaPostTransportError)
    throw new CanadaPostTransportError(
      failure.operation,
      failure.reason,
      `${said.replace(/^Canada Post \S+ failed: /, "")}; ${status}`,
      {
        cause: failure,
      },
    );
  throw failure;
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
    methodOfPayment: settings.canadaPost.paymentMethod ?? "Account",
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
