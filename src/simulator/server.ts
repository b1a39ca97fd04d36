import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { SimAccounts, type Caller } from "./accounts";
import { SimClock } from "./clock";
import { Faults, handleControl, HeldCalls, RequestLog, type FaultEffect } from "./controls";
import { error, messages, SimFailure, type SimMessage } from "./respond";
import { Router } from "./router";
import { handleSignIn, isSignInPath } from "./sign-in-page";
import { routes as defaultRoutes } from "./routes";
import { DEFAULT_SETTINGS, resolveSettings, type SettingsOverrides } from "./settings";
import { SimStore } from "./store";
import { Throttle } from "./throttle";
import type { Lang, Route, SimAccount, SimContext, SimResponse, SimulatorSettings } from "./types";
import { preloadSchemas, validateXsd } from "./validate";
import { readXml, XmlSyntaxError } from "./xml";

/**
 * The simulator's HTTP front: controls, fault injection, Basic auth, throttling, media types, customer
 * numbers in paths, request-body parsing and XSD validation, then the route's handler. Every call to
 * Canada Post's paths is logged with its status.
 */

export interface SimulatorOptions {
  port?: number;
  host?: string;
  settings?: SettingsOverrides;
  /** The endpoints to answer; Canada Post's whole route table by default. */
  routes?: Route[];
  /** Where identifier sequences start (see SimStore); 0, the same ids on every start, by default. */
  firstSequence?: number;
}

export interface RunningSimulator {
  url: string;
  close(): Promise<void>;
  store: SimStore;
  /** Businesses, keys, registrations and service notices. */
  accounts: SimAccounts;
  clock: SimClock;
  settings: SimulatorSettings;
}

const MESSAGES_TYPE = "application/vnd.cpc.messages+xml";
const MAX_BODY_BYTES = 1024 * 1024;
const EMPTY_MESSAGES: SimResponse = messages(404, []);

/** What to print when the simulator starts: where it is and which credentials it accepts. */
export function describeSimulator(url: string, settings: SimulatorSettings): string {
  // Its own default password is shown (it is in the README); one taken from the environment never is.
  const password =
    settings.password === DEFAULT_SETTINGS.password
      ? settings.password
      : "(from CANADA_POST_PASSWORD, not shown)";
  return (
    `Canada Post simulator listening at ${url} — username ${settings.username}, password ${password}, ` +
    `customer number ${settings.customerNumber}, contract ${settings.contractId}`
  );
}

export async function startSimulator(opts: SimulatorOptions = {}): Promise<RunningSimulator> {
  const settings = resolveSettings(opts.settings);
  const clock = new SimClock();
  const store = new SimStore(clock, opts.firstSequence);
  const accounts = new SimAccounts(settings, clock);
  const routeTable = opts.routes ?? defaultRoutes;
  const router = new Router(routeTable);
  if (settings.validateXsd)
    preloadSchemas(routeTable.flatMap((r) => (r.requestSchema ? [r.requestSchema.xsd] : [])));
  const faults = new Faults();
  const held = new HeldCalls();
  const log = new RequestLog();
  const throttle = new Throttle(() => settings.throttle);
  const sockets = new Set<Socket>();
  const ctx: SimContext = { settings, store, accounts, clock, baseUrl: "" };
  const resetAll = () => {
    // The clock first: the store dates its demo parcels from it.
    clock.reset();
    store.reset();
    accounts.reset();
    log.clear();
    faults.clear();
    throttle.reset();
  };

  const server = createServer((req, res) => {
    readBody(req)
      .then((body) => serve(req, res, body))
      .catch((e: unknown) => {
        if (!res.headersSent) send(res, error(500, "Server", `simulator failure: ${(e as Error).message}`));
      });
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });

  async function serve(req: IncomingMessage, res: ServerResponse, body: Buffer | undefined) {
    const method = (req.method ?? "GET").toUpperCase();
    const url = new URL(req.url ?? "/", "http://simulator");
    const path = url.pathname;

    if (path === "/__simulator" || path.startsWith("/__simulator/")) {
      const answer = handleControl(method, path, body?.toString("utf8") ?? "", {
        faults,
        log,
        clock,
        accounts,
        resetAll,
      });
      const json = JSON.stringify(answer?.json ?? {});
      res.writeHead(answer?.status ?? 404, { "content-type": "application/json" });
      res.end(json);
      return;
    }

    // Canada Post's sign-up and approval pages (www, not the API gateway): HTML for the merchant's browser.
    if (isSignInPath(path)) {
      const page = handleSignIn(method, url, body?.toString("utf8") ?? "", ctx);
      res.writeHead(page.status, { "content-type": "text/html; charset=utf-8", ...page.headers });
      res.end(page.body ?? "");
      log.record({ method, path, operation: "MerchantSignIn", status: page.status }, clock.now());
      return;
    }

    const match = router.match(method, path);
    const route = match.kind === "found" ? match.route : undefined;
    let caller: string | undefined;
    const record = (status: number, codes?: string[]) =>
      log.record(
        {
          method,
          path,
          operation: route?.operation ?? "Unknown",
          status,
          ...(codes ? { codes } : {}),
          ...(caller ? { username: caller } : {}),
        },
        clock.now(),
      );

    await held.before(method, path);
    const effect = faults.apply(method, path);
    const hold = effect?.heldUntil && held.hold(effect.heldUntil, effect.delayMs);
    try {
      if (hold) await hold.released;
      else if (effect?.delayMs) await sleep(effect.delayMs);
      if (effect?.action) {
        const arrived = Date.now();
        const entry = record(applyFault(effect.action, req, res, route));
        // A client that gives up on a hung call closes its connection: when it did is part of the record.
        if (effect.action.kind === "hang")
          res.once("close", () => (entry.clientClosedAfterMs = Date.now() - arrived));
        return;
      }

      let answer: SimResponse;
      if (body === undefined)
        answer = error(413, "Server", `The request body is larger than ${MAX_BODY_BYTES} bytes.`);
      else if (match.kind === "none") answer = EMPTY_MESSAGES;
      else if (match.kind === "wrongMethod")
        answer = { ...messages(405, []), headers: { allow: match.allowed.join(", ") } };
      else answer = await answerRoute(match.route, match.params, req, url, body, (u) => (caller = u));
      send(res, withMediaType(answer, route));
      record(answer.status, answer.codes);
    } finally {
      hold?.finished(); // the call it was held for goes on only now, after this one is done
    }
  }

  async function answerRoute(
    route: Route,
    params: Record<string, string>,
    req: IncomingMessage,
    url: URL,
    body: Buffer,
    identified: (username: string) => void,
  ): Promise<SimResponse> {
    const who = authenticate(req.headers.authorization, accounts);
    if (who === undefined)
      return {
        ...error(401, "E002", "AAA Authentication Failure"),
        headers: { "www-authenticate": 'Basic realm="Canada Post"' },
      };
    const username = who.kind === "platform" ? who.username : who.key.username;
    identified(username);
    const allowed = route.caller ?? "merchant";
    if (allowed === "platform" && who.kind !== "platform")
      return error(403, "Client", "Platform not authorized to call this web service.");
    if (allowed === "merchant" && who.kind !== "merchant")
      return error(
        403,
        "Client",
        "The platform's own API key does not ship: call with the merchant's key from Get Merchant Registration Info.",
      );

    // Canada Post documents the envelope of a throttled call (code Server, "Rejected by SLM Monitor"),
    // not its HTTP status: 503 tells clients it is temporary.
    if (!throttle.admit(username, route.throttleGroup, clock.now().getTime()))
      return error(503, "Server", "Rejected by SLM Monitor");

    const account = accountOf(who, req.headers["platform-id"]);
    for (const name of ["mailedBy", "mobo"])
      if (params[name] !== undefined && params[name] !== account.customerNumber)
        return error(403, "AA004", "You cannot mail on behalf of the requested customer.");

    const text = body.toString("utf8");
    if (route.mediaType) {
      if (!acceptsMediaType(req.headers.accept, route.mediaType))
        return error(406, "Server", `The Accept header must name ${route.mediaType} (*/* is not accepted).`);
      if (text.length > 0 && mediaTypeOf(req.headers["content-type"]) !== route.mediaType)
        return error(415, "Server", `The Content-Type header must be ${route.mediaType}.`);
    }

    if (route.requestSchema) {
      const problem = checkDocument(text, route.requestSchema, settings.validateXsd);
      if (problem) return problem;
    }

    try {
      return await route.handle(
        {
          method: route.method,
          path: url.pathname,
          query: url.searchParams,
          headers: req.headers,
          body: text,
          params,
          lang: langOf(req.headers["accept-language"]),
          username,
          account,
        },
        ctx,
      );
    } catch (e) {
      if (e instanceof SimFailure) return messages(e.status, e.list);
      return error(
        500,
        "Server",
        `The simulator failed to answer ${route.operation}: ${(e as Error).message}`,
      );
    }
  }

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port ?? 0, opts.host ?? "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const host = address.family === "IPv6" ? `[${address.address}]` : address.address;
  ctx.baseUrl = `http://${host}:${address.port}`;

  return {
    url: ctx.baseUrl,
    store,
    accounts,
    clock,
    settings,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((e) => (e ? reject(e) : resolve()));
        // Hanging faults and keep-alive connections would otherwise hold close() open.
        for (const socket of sockets) socket.destroy();
      }),
  };
}

/** The request body, or undefined when it is too large (the rest is drained). */
function readBody(req: IncomingMessage): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    req.on("end", () => resolve(size <= MAX_BODY_BYTES ? Buffer.concat(chunks) : undefined));
    req.on("error", reject);
  });
}

function applyFault(
  action: NonNullable<FaultEffect["action"]>,
  req: IncomingMessage,
  res: ServerResponse,
  route: Route | undefined,
): number {
  switch (action.kind) {
    case "hang":
      return 0; // never answered; close() destroys the socket
    case "reset":
      req.socket.destroy();
      return 0;
    case "malformed":
      res.writeHead(200, { "content-type": route?.mediaType ?? "application/xml" });
      res.end(
        '<?xml version="1.0" encoding="UTF-8"?><price-quotes xmlns="http://www.canadapost.ca/ws/ship/rate-v4"><price-quote><service-co',
      );
      return 200;
    case "error": {
      const answer: SimResponse =
        action.body !== undefined
          ? {
              status: action.status,
              body: action.body,
              contentType: action.contentType ?? route?.mediaType ?? MESSAGES_TYPE,
            }
          : error(action.status, "Server", "Internal Server Error (injected by a simulator fault)");
      send(res, action.body !== undefined ? answer : withMediaType(answer, route));
      return action.status;
    }
  }
}

/** Error envelopes travel in the route's versioned media type, as Canada Post sends them. */
function withMediaType(answer: SimResponse, route: Route | undefined): SimResponse {
  if (answer.body === undefined || !route?.mediaType) return answer;
  if (answer.contentType === undefined || answer.contentType === MESSAGES_TYPE)
    return { ...answer, contentType: route.mediaType };
  return answer;
}

function send(res: ServerResponse, answer: SimResponse) {
  const headers: Record<string, string | number> = { ...answer.headers };
  if (answer.body !== undefined) {
    const body = typeof answer.body === "string" ? Buffer.from(answer.body, "utf8") : answer.body;
    headers["content-type"] = answer.contentType ?? MESSAGES_TYPE;
    headers["content-length"] = body.length;
    res.writeHead(answer.status, headers);
    res.end(body);
  } else {
    res.writeHead(answer.status, headers);
    res.end();
  }
}

/** The caller when the Basic credentials are a key the simulator knows, else undefined. */
function authenticate(header: string | undefined, accounts: SimAccounts): Caller | undefined {
  const m = /^Basic\s+(\S+)$/i.exec(header ?? "");
  if (!m) return undefined;
  const decoded = Buffer.from(m[1]!, "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  if (colon < 0) return undefined;
  return accounts.authenticate(decoded.slice(0, colon), decoded.slice(colon + 1));
}

/** What a handler knows of the caller: the merchant's business, and whether it calls through its platform. */
function accountOf(who: Caller, platformHeader: string | string[] | undefined): SimAccount {
  if (who.kind === "platform")
    return { customerNumber: who.platformId, creditCard: false, isPlatform: true, viaPlatform: false };
  const header = Array.isArray(platformHeader) ? platformHeader[0] : platformHeader;
  const b = who.business;
  return {
    customerNumber: b.customerNumber,
    contractId: b.contractId,
    creditCard: b.creditCard,
    supplierAccountIssuer: b.supplierAccountIssuer,
    platformId: who.key.platformId,
    viaPlatform: who.key.platformId !== undefined && header?.trim() === who.key.platformId,
    isPlatform: false,
  };
}

const mediaTypeOf = (header: string | undefined) => header?.split(";")[0]?.trim().toLowerCase() ?? "";

/** Canada Post wants its versioned type named: a wildcard does not count. */
export function acceptsMediaType(accept: string | undefined, mediaType: string): boolean {
  return (accept ?? "").split(",").some((part) => mediaTypeOf(part) === mediaType);
}

const langOf = (header: string | undefined): Lang => (/^\s*fr/i.test(header ?? "") ? "fr" : "en");

/** The body's problem as a 400 envelope: not XML, a DOCTYPE, the wrong root, or the XSD's errors. */
function checkDocument(
  text: string,
  schema: { root: string; xsd: string },
  validate: boolean,
): SimResponse | undefined {
  // "XML" and "XSD" are the simulator's own codes: Canada Post answers malformed bodies without a documented one.
  if (!text.trim()) return error(400, "XML", `The request needs a <${schema.root}> document as its body.`);
  let root: string;
  try {
    root = readXml(text).root;
  } catch (e) {
    if (e instanceof XmlSyntaxError)
      return error(400, "XML", `The request body is not accepted: ${e.message}.`);
    throw e;
  }
  if (root !== schema.root)
    return error(400, "XML", `The request body's root element must be <${schema.root}>, not <${root}>.`);
  if (!validate) return undefined;
  const errors = validateXsd(text, schema.xsd);
  if (!errors?.length) return undefined;
  const list: SimMessage[] = errors.slice(0, 5).map((description) => ({ code: "XSD", description }));
  return messages(400, list);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
