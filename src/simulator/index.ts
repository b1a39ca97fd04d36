/** The local Canada Post simulator: start it, describe it, and the pieces other code builds on. */
export { startSimulator, describeSimulator, type RunningSimulator, type SimulatorOptions } from "./server";
export {
  settingsFromEnv,
  resolveSettings,
  DEFAULT_SETTINGS,
  DEFAULT_THROTTLE,
  type SettingsOverrides,
} from "./settings";
export { routes } from "./routes";
export {
  SERVICES,
  OPTIONS,
  findService,
  findOption,
  regionOf,
  type ServiceDef,
  type OptionDef,
} from "./catalog";
export { priceService, rateScenario, type PricingScenario, type PricedService } from "./pricing";
export { SimClock } from "./clock";
export { SimStore } from "./store";
export type { FaultRule, LogEntry } from "./controls";
export type {
  Route,
  SimContext,
  SimRequest,
  SimResponse,
  SimulatorSettings,
  ThrottleGroup,
  Lang,
} from "./types";
