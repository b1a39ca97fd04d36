import type { Route } from "./types";

/** Route patterns ("/rs/:mailedBy/:mobo/shipment/:shipmentId") compiled to regular expressions once. */
interface Compiled {
  route: Route;
  regex: RegExp;
  names: string[];
}

export type RouteMatch =
  | { kind: "found"; route: Route; params: Record<string, string> }
  | { kind: "wrongMethod"; allowed: string[] }
  | { kind: "none" };

export class Router {
  private readonly compiled: Compiled[];

  constructor(routes: readonly Route[]) {
    this.compiled = routes.map((route) => compile(route));
  }

  match(method: string, path: string): RouteMatch {
    const allowed: string[] = [];
    for (const c of this.compiled) {
      const m = c.regex.exec(path);
      if (!m) continue;
      if (c.route.method !== method) {
        allowed.push(c.route.method);
        continue;
      }
      const params: Record<string, string> = {};
      let bad = false;
      c.names.forEach((name, i) => {
        try {
          params[name] = decodeURIComponent(m[i + 1]!);
        } catch {
          bad = true; // a malformed %-escape cannot name any resource
        }
      });
      if (!bad) return { kind: "found", route: c.route, params };
    }
    return allowed.length ? { kind: "wrongMethod", allowed } : { kind: "none" };
  }
}

function compile(route: Route): Compiled {
  const names: string[] = [];
  const source = route.pattern
    .split("/")
    .map((segment) => {
      if (segment.startsWith(":")) {
        names.push(segment.slice(1));
        return "([^/]+)";
      }
      return segment.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    })
    .join("/");
  return { route, regex: new RegExp(`^${source}/?$`), names };
}
