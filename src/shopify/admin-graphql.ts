/**
 * Admin GraphQL calls through @shopify/shopify-api's client, with Shopify's limits handled here: a query
 * THROTTLED by the cost bucket waits for the bucket to refill as the answer's cost says, a 429 waits for
 * Retry-After (seconds), a 5xx or a dropped connection backs off exponentially; each a few times, then the
 * caller hears why. A mutation's `userErrors` become ShopifyUserError with Shopify's own texts.
 */
import {
  GraphqlQueryError,
  HttpInternalError,
  HttpRequestError,
  HttpThrottlingError,
  type Session,
  type Shopify,
} from "@shopify/shopify-api";

export interface UserError {
  field?: string[] | null;
  message: string;
  code?: string | null;
}

/** Shopify refused a mutation: its userErrors, with their texts. */
export class ShopifyUserError extends Error {
  override readonly name = "ShopifyUserError";
  constructor(
    readonly operation: string,
    readonly userErrors: UserError[],
  ) {
    super(`Shopify refused ${operation}: ${userErrors.map((e) => e.message).join("; ")}`);
  }
}

/** Shopify could not be asked (throttled past our patience, down, unreachable) or refused the query itself. */
export class ShopifyApiError extends Error {
  override readonly name = "ShopifyApiError";
}

export interface GraphqlOptions {
  /** How many tries in all (1 = no retry). */
  tries?: number;
  /** Waits are capped so a request never sleeps long; the last error is thrown instead. */
  maxWaitMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

const defaultSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** The answer as the client keeps it on a GraphqlQueryError: its errors and the query's cost. */
interface FailedAnswer {
  errors?: { graphQLErrors?: { extensions?: { code?: string } }[] };
  extensions?: {
    cost?: {
      requestedQueryCost?: number;
      throttleStatus?: { currentlyAvailable?: number; restoreRate?: number };
    };
  };
}

/** How long the bucket needs to hold the query's cost again, from a THROTTLED answer; undefined otherwise. */
function throttleWaitMs(body: FailedAnswer | undefined): number | undefined {
  if (!body?.errors?.graphQLErrors?.some((e) => e.extensions?.code === "THROTTLED")) return undefined;
  const cost = body.extensions?.cost;
  const missing = Math.max(
    0,
    (cost?.requestedQueryCost ?? 50) - (cost?.throttleStatus?.currentlyAvailable ?? 0),
  );
  return Math.ceil((missing / Math.max(1, cost?.throttleStatus?.restoreRate ?? 50)) * 1000) + 50;
}

export async function adminGraphql<T>(
  shopify: Shopify,
  session: Session,
  query: string,
  variables?: Record<string, unknown>,
  options: GraphqlOptions = {},
): Promise<T> {
  const tries = options.tries ?? 5;
  const maxWaitMs = options.maxWaitMs ?? 10_000;
  const sleep = options.sleep ?? defaultSleep;
  const client = new shopify.clients.Graphql({ session });
  let lastError: unknown;
  for (let attempt = 1; attempt <= tries; attempt++) {
    let waitMs: number;
    try {
      const answer = await client.request<T>(query, { variables, retries: 0 });
      return answer.data as T;
    } catch (e) {
      lastError = e;
      if (e instanceof GraphqlQueryError) {
        const wait = throttleWaitMs(e.body as FailedAnswer | undefined);
        if (wait === undefined)
          throw new ShopifyApiError(`Shopify refused the query: ${e.message}`, { cause: e });
        waitMs = wait;
      } else if (e instanceof HttpThrottlingError) {
        const after = e.response.retryAfter;
        waitMs = after !== undefined && after > 0 ? after * 1000 : 1000 * 2 ** (attempt - 1);
      } else if (e instanceof HttpInternalError || e instanceof HttpRequestError) {
        waitMs = 250 * 2 ** (attempt - 1);
      } else throw e;
    }
    if (attempt === tries || waitMs > maxWaitMs) break;
    await sleep(waitMs);
  }
  const message = lastError instanceof Error ? lastError.message : String(lastError);
  throw new ShopifyApiError(`Shopify did not answer after ${tries} tries: ${message}`, { cause: lastError });
}

/** A mutation's payload, or ShopifyUserError when it holds userErrors. */
export function checkUserErrors<P extends { userErrors?: UserError[] | null }>(
  operation: string,
  payload: P | null | undefined,
): P {
  if (!payload) throw new ShopifyApiError(`Shopify answered ${operation} with nothing`);
  if (payload.userErrors?.length) throw new ShopifyUserError(operation, payload.userErrors);
  return payload;
}
