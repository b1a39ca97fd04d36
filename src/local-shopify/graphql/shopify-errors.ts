import {
  getNamedType,
  getNullableType,
  isInputObjectType,
  isListType,
  typeFromAST,
  type GraphQLError,
  type GraphQLInputType,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from "graphql";

/**
 * Errors in Shopify's words. graphql-js finds the problems; these functions phrase the common ones as
 * Shopify's graphql-ruby server does (captured answers), and check what Shopify checks beyond the spec:
 * that every ID variable is a global id (`gid://shopify/Type/123`).
 */

export interface ShopifyError {
  message: string;
  locations?: { line: number; column: number }[];
  path?: (string | number)[];
  extensions?: Record<string, unknown>;
}

const quoted = (s: string) => s.replace(/"/g, "'");

/** A graphql-js validation or execution error as Shopify would word it. */
export function toShopifyError(e: GraphQLError): ShopifyError {
  const base = {
    locations: e.locations ? [...e.locations] : undefined,
    path: e.path ? [...e.path] : undefined,
  };
  let m = /^Cannot query field "(\w+)" on type "(\w+)"\./.exec(e.message);
  if (m)
    return {
      ...base,
      message: `Field '${m[1]}' doesn't exist on type '${m[2]}'`,
      extensions: { code: "undefinedField", typeName: m[2], fieldName: m[1] },
    };
  m = /^Field "(\w+)" argument "(\w+)" of type "[^"]+" is required, but it was not provided\./.exec(
    e.message,
  );
  if (m)
    return {
      ...base,
      message: `Field '${m[1]}' is missing required arguments: ${m[2]}`,
      extensions: { code: "missingRequiredArguments", className: "Field", name: m[1], arguments: m[2] },
    };
  m = /^Unknown argument "(\w+)" on field "\w+\.(\w+)"\./.exec(e.message);
  if (m)
    return {
      ...base,
      message: `Field '${m[2]}' doesn't accept argument '${m[1]}'`,
      extensions: { code: "argumentNotAccepted", name: m[2], typeName: "Field", argumentName: m[1] },
    };
  m = /^Variable "\$(\w+)" of required type "([^"]+)" was not provided\./.exec(e.message);
  if (m)
    return invalidVariable(
      m[1]!,
      m[2]!,
      null,
      [{ path: [], explanation: "Expected value to not be null" }],
      base.locations,
    );
  m = /^Variable "\$(\w+)" got invalid value (.*?); (.*)$/s.exec(e.message);
  if (m) {
    const at = /at "\w+(\.[^"]+)"/.exec(m[3]!)?.[1];
    const explanation = m[3]!.replace(/ at "[^"]+"/, "").replace(/\.$/, "");
    return {
      ...base,
      message: `Variable $${m[1]} of type ${variableType(e)} was provided invalid value${at ? ` for ${at.slice(1)}` : ""} (${quoted(explanation)})`,
      extensions: {
        code: "INVALID_VARIABLE",
        value: safeParse(m[2]!),
        problems: [{ path: at ? at.slice(1).split(".") : [], explanation: quoted(explanation) }],
      },
    };
  }
  const out: ShopifyError = { message: e.message, ...base };
  if (e.extensions && Object.keys(e.extensions).length) out.extensions = { ...e.extensions };
  else if (e.originalError && !(e.originalError as { extensions?: unknown }).extensions)
    out.extensions = { code: "INTERNAL_SERVER_ERROR" };
  return out;
}

function variableType(e: GraphQLError): string {
  return /of type "([^"]+)"/.exec(e.message)?.[1] ?? "";
}

function safeParse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

export function invalidVariable(
  name: string,
  type: string,
  value: unknown,
  problems: { path: (string | number)[]; explanation: string; message?: string }[],
  locations?: { line: number; column: number }[],
): ShopifyError {
  return {
    message: `Variable $${name} of type ${type} was provided invalid value`,
    locations,
    extensions: { code: "INVALID_VARIABLE", value, problems },
  };
}

const GID = /^gid:\/\/shopify\/[A-Za-z]+\/[^/\s]+$/;

/** Shopify refuses ID variables that are not global ids; the first such problem, if any. */
export function checkIdVariables(
  schema: GraphQLSchema,
  op: OperationDefinitionNode,
  variables: Record<string, unknown>,
): ShopifyError | undefined {
  for (const def of op.variableDefinitions ?? []) {
    const name = def.variable.name.value;
    const type = typeFromAST(schema, def.type as never) as GraphQLInputType | undefined;
    if (!type || !(name in variables)) continue;
    const bad = findBadId(type, variables[name], []);
    if (bad) {
      const explanation = `Invalid global id '${String(bad.value)}'`;
      const loc = def.loc
        ? [{ line: def.loc.startToken.line, column: def.loc.startToken.column }]
        : undefined;
      return invalidVariable(
        name,
        String(type),
        variables[name],
        [{ path: bad.path, explanation, message: explanation }],
        loc,
      );
    }
  }
  return undefined;
}

function findBadId(
  type: GraphQLInputType,
  value: unknown,
  path: (string | number)[],
): { path: (string | number)[]; value: unknown } | undefined {
  if (value === null || value === undefined) return undefined;
  const t = getNullableType(type);
  if (isListType(t)) {
    const items = Array.isArray(value) ? value : [value];
    for (const [i, v] of items.entries()) {
      const bad = findBadId(t.ofType as GraphQLInputType, v, [...path, i]);
      if (bad) return bad;
    }
    return undefined;
  }
  if (isInputObjectType(t) && typeof value === "object") {
    for (const [k, f] of Object.entries(t.getFields())) {
      const bad = findBadId(f.type, (value as Record<string, unknown>)[k], [...path, k]);
      if (bad) return bad;
    }
    return undefined;
  }
  if (getNamedType(t).name === "ID" && (typeof value !== "string" || !GID.test(value)))
    return { path, value };
  return undefined;
}
