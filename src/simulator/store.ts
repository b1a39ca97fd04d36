import type { SimClock } from "./clock";

/**
 * Everything the simulator remembers between calls: shipments, groups, manifests, artifacts, tracking.
 * Reset by /__simulator/reset. (Filled in by the shipment, manifest and tracking handlers.)
 */
export class SimStore {
  constructor(readonly clock: SimClock) {}

  reset(): void {}
}
