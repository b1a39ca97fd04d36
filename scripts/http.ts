import { BACKEND_URL } from "./demo-config";

/** One call to the running store: JSON in and out, Medusa's own error message kept on failure. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly method: string,
    readonly path: string,
    readonly body: string,
  ) {
    super(`${method} ${path} answered HTTP ${status}: ${messageOf(body)}`);
  }
}

function messageOf(body: string): string {
  try {
    const j = JSON.parse(body) as { message?: string; type?: string };
    return j.message ? `${j.type ? `${j.type}: ` : ""}${j.message}` : body.slice(0, 300);
  } catch {
    return body.slice(0, 300) || "(empty body)";
  }
}

export interface Auth {
  token?: string;
  publishableKey?: string;
}

export async function api<T = Record<string, any>>( // eslint-disable-line @typescript-eslint/no-explicit-any
  method: "GET" | "POST" | "DELETE",
  path: string,
  auth: Auth = {},
  body?: unknown,
): Promise<T> {
  const headers: Record<string, string> = { accept: "application/json" };
  if (body !== undefined) headers["content-type"] = "application/json";
  if (auth.token) headers.authorization = `Bearer ${auth.token}`;
  if (auth.publishableKey) headers["x-publishable-api-key"] = auth.publishableKey;
  let res: Response;
  try {
    res = await fetch(`${BACKEND_URL}${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (e) {
    throw new Error(
      `Could not reach the store at ${BACKEND_URL} (${String((e as Error).cause ?? (e as Error).message)}): start it with npm start`,
      { cause: e },
    );
  }
  const text = await res.text();
  if (!res.ok) throw new HttpError(res.status, method, path, text);
  return (text ? JSON.parse(text) : {}) as T;
}
