import type { App } from "./model";
import type { Runtime } from "./server";
import type { ShopState } from "./store";

/** What every control shares: its error, and choosing the shop and the app a request is about. */

export class ControlError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export type Body = Record<string, unknown>;

export function pickShop(rt: Runtime, body: Body, fallback: string): ShopState {
  const domain = typeof body.shop === "string" ? body.shop : fallback;
  const shop = rt.world.state.shop(domain);
  if (!shop)
    throw new ControlError(404, `no shop ${domain}; served: ${[...rt.world.state.shops.keys()].join(", ")}`);
  return shop;
}

export function pickApp(rt: Runtime, body: Body): App {
  const apps = [...rt.world.state.apps.values()];
  const key = typeof body.apiKey === "string" ? body.apiKey : apps.length === 1 ? apps[0]!.apiKey : undefined;
  const app = key ? rt.world.state.apps.get(key) : undefined;
  if (!app)
    throw new ControlError(
      key ? 404 : 400,
      key ? `no app ${key}` : `name the app: "apiKey" is one of ${apps.map((a) => a.apiKey).join(", ")}`,
    );
  return app;
}
