import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import {
  execute,
  getOperationAST,
  getVariableValues,
  Kind,
  parse,
  validate,
  type DocumentNode,
  type GraphQLError,
  type FragmentDefinitionNode,
  type GraphQLSchema,
} from "graphql";
import type { CostBuckets, ThrottleStatus } from "./cost-bucket";
import type { CallLog, Faults } from "./faults";
import type { GqlContext } from "./graphql/context";
import { MAX_QUERY_COST, queryCost } from "./graphql/cost";
import { checkIdVariables, toShopifyError, type ShopifyError } from "./graphql/shopify-errors";
import { SUPPORTED_VERSIONS } from "./graphql/versions";
import { header, parseParams, sendJson } from "./http";
import type { ShopState } from "./store";
import type { World } from "./world";

/**
 * POST /admin/api/{version}/graphql.json as Shopify answers it: the X-Shopify-Access-Token checked (401
 * otherwise), the query parsed, validated and costed, the app's cost bucket consulted (THROTTLED when it
 * is short), the query run, and `extensions.cost` reported. Every call is logged.
 */

export interface AdminApi {
  world: World;
  schema: GraphQLSchema;
  buckets: CostBuckets;
  faults: Faults;
  log: CallLog;
}

const INVALID_TOKEN = {
  errors: "[API] Invalid API key or access token (unrecognized login or wrong password)",
};

function servedVersion(requested: string): string | undefined {
  if (SUPPORTED_VERSIONS.includes(requested)) return requested;
  // Shopify answers a retired version with its oldest supported one.
  if (/^\d{4}-(01|04|07|10)$/.test(requested) && requested < SUPPORTED_VERSIONS[0]!)
    return SUPPORTED_VERSIONS[0];
  return undefined;
}

export async function serveAdminGraphql(
  api: AdminApi,
  shop: ShopState,
  req: IncomingMessage,
  res: ServerResponse,
  requestedVersion: string,
  body: Buffer,
): Promise<void> {
  const started = Date.now();
  const version = servedVersion(requestedVersion);
  const headers = { "x-shopify-api-version": version ?? requestedVersion, "x-request-id": randomUUID() };
  const logged: Parameters<CallLog["record"]>[0] = {
    time: api.world.clock.now().toISOString(),
    kind: "graphql",
    shop: shop.domain,
    status: 0,
    durationMs: 0,
  };
  const answer = (status: number, value: unknown, extra: Record<string, string> = {}) => {
    logged.status = status;
    logged.durationMs = Date.now() - started;
    api.log.record(logged);
    sendJson(res, status, value, { ...headers, ...extra });
  };
  if (!version) return answer(404, { errors: "Not Found" });
  logged.apiVersion = version;
  if (req.method !== "POST") return answer(405, { errors: "GraphQL requests to the Admin API are POSTs" });

  const state = api.world.state;
  const token = state.tokens.get(header(req, "x-shopify-access-token") ?? "");
  const now = api.world.clock.now();
  if (!token || token.shop !== shop.domain || (token.expiresAt && token.expiresAt <= now))
    return answer(401, INVALID_TOKEN);
  const app = state.apps.get(token.apiKey);
  if (!app || !state.installation(shop.domain, app.apiKey)) return answer(401, INVALID_TOKEN);
  logged.apiKey = app.apiKey;

  const fault = api.faults.take("admin-api", shop.domain);
  if (fault) logged.fault = `${fault.kind}${fault.status ? ` ${fault.status}` : ""}`;
  if (fault?.kind === "delay") await new Promise((r) => setTimeout(r, fault.delayMs));
  if (fault?.kind === "status") {
    logged.status = fault.status!;
    logged.durationMs = Date.now() - started;
    api.log.record(logged);
    res.writeHead(fault.status!, {
      "content-type": "application/json; charset=utf-8",
      ...headers,
      ...(fault.retryAfter ? { "retry-after": fault.retryAfter } : {}),
    });
    return void res.end(fault.body);
  }

  const request = readRequest(req, body);
  if (!request) return answer(400, { errors: { query: "Required parameter missing or invalid" } });
  let document: DocumentNode;
  try {
    document = parse(request.query);
  } catch (e) {
    const err = e as GraphQLError;
    logged.errors = [err.message];
    return answer(200, { errors: [{ message: err.message, locations: err.locations }] });
  }
  const invalid = validate(api.schema, document);
  if (invalid.length) {
    const errors = invalid.map(toShopifyError);
    logged.errors = errors.map((x) => x.message);
    return answer(200, { errors });
  }
  const operation = getOperationAST(document, request.operationName);
  if (!operation) {
    logged.errors = ["An operation name is required"];
    return answer(200, { errors: [{ message: "An operation name is required" }] });
  }
  logged.operationName = operation.name?.value;
  logged.fields = operation.selectionSet.selections.flatMap((s) =>
    s.kind === Kind.FIELD ? [s.name.value] : [],
  );
  logged.variables = request.variables;
  const coerced = getVariableValues(api.schema, operation.variableDefinitions ?? [], request.variables ?? {});
  const badId = coerced.coerced ? checkIdVariables(api.schema, operation, coerced.coerced) : undefined;
  if (coerced.errors || badId) {
    const errors: ShopifyError[] = badId ? [badId] : coerced.errors!.map(toShopifyError);
    logged.errors = errors.map((x) => String(x.extensions?.code ?? x.message));
    return answer(200, { errors });
  }
  const variables = coerced.coerced;
  const fragments: Record<string, FragmentDefinitionNode> = {};
  for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments[d.name.value] = d;
  const costInput = { schema: api.schema, operation, fragments, variables };
  const requested = queryCost(costInput);
  logged.requestedQueryCost = requested;
  if (requested > MAX_QUERY_COST) {
    logged.errors = ["MAX_COST_EXCEEDED"];
    return answer(200, { errors: [maxCostError(requested)] });
  }

  const bucketKey = `${shop.domain} ${app.apiKey}`;
  const nowMs = now.getTime();
  if (fault?.kind === "throttled") api.buckets.drain(bucketKey, shop.throttle, nowMs);
  const taken = api.buckets.take(bucketKey, shop.throttle, requested, nowMs);
  if (!taken.ok) {
    logged.actualQueryCost = null;
    logged.errors = ["THROTTLED"];
    return answer(200, {
      errors: [
        {
          message: "Throttled",
          extensions: { code: "THROTTLED", documentation: "https://shopify.dev/api/usage/rate-limits" },
        },
      ],
      extensions: { cost: cost(requested, null, taken.status) },
    });
  }

  const contextValue: GqlContext = { world: api.world, shop, app, scopes: token.scopes, apiVersion: version };
  const result = await execute({
    schema: api.schema,
    document,
    operationName: request.operationName,
    variableValues: variables,
    contextValue,
  });
  const data = (result.data ?? null) as Record<string, unknown> | null;
  const actual = queryCost(costInput, data);
  // Reported as of the call's arrival, as Shopify does (the execution time does not refill the bucket).
  const status = api.buckets.refund(bucketKey, shop.throttle, requested - actual, nowMs);
  logged.actualQueryCost = actual;
  const errors = result.errors?.map(toShopifyError);
  const userErrors = collectUserErrors(data);
  if (errors?.length || userErrors.length)
    logged.errors = [...(errors ?? []).map((e) => String(e.extensions?.code ?? e.message)), ...userErrors];
  return answer(200, {
    ...(errors?.length ? { errors } : {}),
    data,
    extensions: { cost: cost(requested, actual, status) },
  });
}

function cost(requested: number, actual: number | null, throttleStatus: ThrottleStatus) {
  return { requestedQueryCost: requested, actualQueryCost: actual, throttleStatus };
}

function maxCostError(requested: number): ShopifyError {
  return {
    message:
      `Query cost is ${requested}, which exceeds the single query max cost limit (${MAX_QUERY_COST}).\n\n` +
      "See https://shopify.dev/concepts/about-apis/rate-limits for more information on how the\n" +
      "cost of a query is calculated.\n\n" +
      "To query larger amounts of data with fewer limits, bulk operations should be used instead.\n" +
      "See https://shopify.dev/tutorials/perform-bulk-operations-with-admin-api for usage details.\n",
    extensions: { code: "MAX_COST_EXCEEDED", cost: requested, maxCost: MAX_QUERY_COST },
  };
}

function readRequest(
  req: IncomingMessage,
  body: Buffer,
): { query: string; variables?: Record<string, unknown>; operationName?: string } | undefined {
  const type = (header(req, "content-type") ?? "").split(";")[0]!.trim().toLowerCase();
  if (type === "application/graphql") {
    const query = body.toString("utf8");
    return query.trim() ? { query } : undefined;
  }
  const params = parseParams(body, "application/json");
  if (!params || typeof params.query !== "string" || !params.query.trim()) return undefined;
  const variables =
    params.variables && typeof params.variables === "object"
      ? (params.variables as Record<string, unknown>)
      : undefined;
  return {
    query: params.query,
    variables,
    operationName: typeof params.operationName === "string" ? params.operationName : undefined,
  };
}

/** The userErrors messages of a mutation's payloads, for the call log. */
function collectUserErrors(data: Record<string, unknown> | null): string[] {
  const out: string[] = [];
  for (const payload of Object.values(data ?? {}))
    if (
      payload &&
      typeof payload === "object" &&
      Array.isArray((payload as { userErrors?: unknown }).userErrors)
    )
      for (const e of (payload as { userErrors: { message?: string }[] }).userErrors)
        out.push(e.message ?? "userError");
  return out;
}
