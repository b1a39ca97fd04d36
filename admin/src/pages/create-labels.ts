/**
 * Labels for several orders, one order after the other (each purchase holds Canada Post and Shopify calls
 * under the order's lock; in turn they stay within both APIs' limits), reporting progress after each. A
 * refusal is kept with its order and the batch goes on: the merchant sees which orders got no label, why.
 */
import type { ApiClient } from "../api";

export interface LabelOutcome {
  order: { id: string; name: string };
  pins: string[];
  error?: unknown;
}

interface LabelsAnswer {
  fulfillments: { shipments: { tracking_pin: string | null; shipment_id: string }[] }[];
}

export async function createLabels(
  api: ApiClient,
  orders: { id: string; name: string }[],
  onProgress: (done: number) => void,
): Promise<LabelOutcome[]> {
  const outcomes: LabelOutcome[] = [];
  for (const order of orders) {
    try {
      const r = await api.json<LabelsAnswer>(`/api/orders/${encodeURIComponent(order.id)}/labels`, {
        method: "POST",
        body: {},
      });
      const pins = r.fulfillments.flatMap((f) => f.shipments.map((s) => s.tracking_pin ?? s.shipment_id));
      outcomes.push({ order: { id: order.id, name: order.name }, pins });
    } catch (error) {
      outcomes.push({ order: { id: order.id, name: order.name }, pins: [], error });
    }
    onProgress(outcomes.length);
  }
  return outcomes;
}
