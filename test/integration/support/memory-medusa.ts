import type { MedusaLocking } from "../../../src/medusa/locks";
import type { MedusaFiles } from "../../../src/medusa/medusa-ports";
import type { CanadaPostModuleLike } from "../../../src/medusa/module-service";
import { resolvePluginOptions } from "../../../src/medusa/options";
import type { ShipmentRow } from "../../../src/medusa/records";
import { MemoryLocks } from "../../../src/shipping/ports";

/**
 * What Medusa hands the provider through the fulfillment module's `dependencies`, kept in memory: the
 * plugin's module (its shipment rows, with the table's unique fulfillment and parcel index) and a locking
 * module. For the provider's suite, which runs without a database; the Medusa suites use the real ones.
 */
export function memoryModule(options: unknown): CanadaPostModuleLike & { rows: ShipmentRow[] } {
  const rows: ShipmentRow[] = [];
  let seq = 0;
  const connections: Record<string, unknown>[] = [];
  const matches = (row: ShipmentRow, filters: Record<string, unknown> = {}) =>
    Object.entries(filters).every(([k, v]) => (row as unknown as Record<string, unknown>)[k] === v);
  const update = (data: Partial<ShipmentRow> & { id: string }) => {
    const row = rows.find((r) => r.id === data.id);
    if (!row) throw new Error(`no canada_post_shipment ${data.id}`);
    return Object.assign(row, data);
  };
  return {
    rows,
    pluginOptions: resolvePluginOptions(options),
    listCanadaPostShipments: async (filters) =>
      rows.filter((r) => matches(r, filters)).map((r) => ({ ...r })),
    createCanadaPostShipments: async (data) => {
      const created = (data as Omit<ShipmentRow, "id">[]).map((d) => {
        if (rows.some((r) => r.fulfillment_id === d.fulfillment_id && r.parcel_index === d.parcel_index))
          throw new Error("duplicate key value violates unique constraint (fulfillment_id, parcel_index)");
        const row = { ...d, id: `cpship_${++seq}`, created_at: new Date() } as ShipmentRow;
        rows.push(row);
        return row;
      });
      return created;
    },
    updateCanadaPostShipments: async (data) =>
      Array.isArray(data) ? data.map(update) : update(data as ShipmentRow),
    listCanadaPostManifests: async () => [],
    createCanadaPostManifests: async (data) => data,
    listCanadaPostConnections: async () => connections.filter((c) => !c.deleted_at),
    createCanadaPostConnections: async (data) => {
      const row = { ...(data as Record<string, unknown>), id: `cpconn_${++seq}` };
      connections.push(row);
      return row;
    },
    softDeleteCanadaPostConnections: async (ids) => {
      for (const c of connections) if (ids.includes(c.id as string)) c.deleted_at = new Date();
      return ids;
    },
  };
}

/** Medusa's File Module in memory: what the provider keeps its labels in. */
export function memoryFiles(): MedusaFiles & { files: Map<string, Buffer> } {
  const files = new Map<string, Buffer>();
  let seq = 0;
  return {
    files,
    createFiles: async ({ filename, content }) => {
      const id = `private-${++seq}-${filename}`;
      files.set(id, Buffer.from(content, "base64"));
      return { id };
    },
    getAsBuffer: async (id) => {
      const data = files.get(id);
      if (!data) throw Object.assign(new Error(`no file ${id}`), { type: "not_found" });
      return data;
    },
  };
}

export function memoryLocking(): MedusaLocking {
  const locks = new MemoryLocks();
  return { execute: (keys, job) => locks.withLock(String(keys), job) };
}
