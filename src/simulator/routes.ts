import { ratingRoutes } from "./rating";
import type { Route } from "./types";

/** Every Canada Post endpoint the simulator answers, by API category. */
export const routes: Route[] = [...ratingRoutes];
