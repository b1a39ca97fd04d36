import { artifactRoutes } from "./artifacts";
import { manifestRoutes } from "./manifests";
import { ncshipmentRoutes } from "./ncshipments";
import { platformRoutes } from "./platform";
import { ratingRoutes } from "./rating";
import { shipmentRoutes } from "./shipments";
import { trackingRoutes } from "./tracking";
import type { Route } from "./types";

/** Every Canada Post endpoint the simulator answers, by API category. */
export const routes: Route[] = [
  ...ratingRoutes,
  ...shipmentRoutes,
  ...manifestRoutes,
  ...ncshipmentRoutes,
  ...artifactRoutes,
  ...trackingRoutes,
  ...platformRoutes,
];
