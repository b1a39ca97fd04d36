import {
  getNamedType,
  getNullableType,
  isAbstractType,
  isLeafType,
  isListType,
  isObjectType,
  Kind,
  valueFromASTUntyped,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLObjectType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from "graphql";

/**
 * Shopify's calculated query cost. Its documented rules (scalars and enums 0, objects 1, interfaces and
 * unions the most expensive possibility, mutations 10, connections 2 plus their page size times the cost
 * of a node) with what a live shop shows beyond them, fitted to the requestedQueryCost of ~6,000
 * captured responses (Admin API 2025-01 and 2026-04, from the public repository airhorns/shopify-draft-proxy;
 * the model matches about 9 in 10 of them):
 * - a connection's page size counts sub-linearly: first: 1, 2 → 1; 3, 4 → 2; 5, 6 → 3; 10 → 4; 20 → 5;
 *   25 → 6; 50 → 7; 100 → 9; 200 → 10; 250 → 11 (and `nodes` and `edges.node` each count);
 * - money, addresses (mailing, location, shop), API versions, page info and user errors are free, as is
 *   the object a mutation returns;
 * - fulfillmentTrackingInfoUpdate costs 40 more when it notifies the customer.
 * The actual cost applies the same rules to what the answer holds (a connection's real node count, null
 * objects without their insides).
 */

const PAGE_WEIGHT: [number, number][] = [
  [1, 1], [2, 1], [3, 2], [4, 2], [5, 3], [6, 3], [10, 4], [12, 4], [13, 5], [20, 5], [25, 6], [50, 7], [56, 7],
  [100, 9], [200, 10], [250, 11],
]; // prettier-ignore

/** How many nodes a page of `size` counts for. */
export function pageWeight(size: number): number {
  if (!(size > 0)) return 0;
  for (const [upTo, weight] of PAGE_WEIGHT) if (size <= upTo) return weight;
  return 11;
}

const FREE_TYPES = new Set([
  "MoneyV2",
  "MoneyBag",
  "MailingAddress",
  "LocationAddress",
  "ShopAddress",
  "ApiVersion",
  "PageInfo",
  "UserError",
]);
const MUTATION_COST = 10;
const NOTIFY_SURCHARGE = 40;
export const MAX_QUERY_COST = 1000;

interface Walk {
  schema: GraphQLSchema;
  fragments: Record<string, FragmentDefinitionNode>;
  variables: Record<string, unknown>;
}

const isConnection = (t: GraphQLNamedType): t is GraphQLObjectType =>
  isObjectType(t) && t.name.endsWith("Connection") && "pageInfo" in t.getFields();
const objectCost = (t: GraphQLNamedType) => (FREE_TYPES.has(t.name) ? 0 : 1);

function args(field: FieldNode, w: Walk): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const a of field.arguments ?? []) out[a.name.value] = valueFromASTUntyped(a.value, w.variables);
  return out;
}

function skipped(
  node: { directives?: readonly { name: { value: string }; arguments?: readonly { value: never }[] }[] },
  w: Walk,
): boolean {
  for (const d of node.directives ?? []) {
    const arg = d.arguments?.[0] ? valueFromASTUntyped(d.arguments[0].value, w.variables) : undefined;
    if (d.name.value === "skip" && arg === true) return true;
    if (d.name.value === "include" && arg === false) return true;
  }
  return false;
}

/** Visits the fields a selection set asks of a type, through fragments. */
function eachField(
  type: GraphQLCompositeType,
  set: SelectionSetNode,
  w: Walk,
  visit: (f: GraphQLField<unknown, unknown>, node: FieldNode) => void,
): void {
  for (const sel of set.selections) {
    if (skipped(sel as never, w)) continue;
    if (sel.kind === Kind.FIELD) {
      if (sel.name.value.startsWith("__") || (!isObjectType(type) && !("getFields" in type))) continue;
      const f = (type as GraphQLObjectType).getFields()[sel.name.value];
      if (f) visit(f, sel);
    } else {
      const frag = sel.kind === Kind.INLINE_FRAGMENT ? sel : w.fragments[sel.name.value];
      if (!frag) continue;
      const cond = frag.typeCondition
        ? (w.schema.getType(frag.typeCondition.name.value) as GraphQLCompositeType)
        : type;
      if (cond === type || isAbstractType(cond) || isAbstractType(type))
        eachField(cond, frag.selectionSet, w, visit);
    }
  }
}

/** The cost of a selection on a type, when it holds `data` (undefined: static, the most it could be). */
function selectionCost(
  type: GraphQLCompositeType,
  set: SelectionSetNode,
  w: Walk,
  data?: Record<string, unknown> | null,
): number {
  if (isAbstractType(type)) {
    const options = w.schema.getPossibleTypes(type).map((t) => selectionCost(t, set, w, data));
    return Math.max(0, ...options);
  }
  let total = 0;
  eachField(type, set, w, (f, node) => {
    const key = node.alias?.value ?? node.name.value;
    total += fieldCost(f, node, w, data === undefined ? undefined : (data?.[key] as never));
  });
  return total;
}

function fieldCost(f: GraphQLField<unknown, unknown>, node: FieldNode, w: Walk, value?: unknown): number {
  const named = getNamedType(f.type);
  if (isLeafType(named) || !node.selectionSet) return 0;
  const inner = named as GraphQLCompositeType;
  if (isConnection(named)) {
    const a = args(node, w);
    const fields = named.getFields();
    const conn = value as { nodes?: unknown[]; edges?: { node?: unknown }[] } | null | undefined;
    if (conn === null) return 2;
    let cost = 2;
    eachField(named, node.selectionSet, w, (cf, cnode) => {
      const key = cnode.alias?.value ?? cnode.name.value;
      if (cf.name === "nodes" && cnode.selectionSet) {
        const nodeType = getNamedType(fields.nodes!.type) as GraphQLCompositeType;
        cost += perNode(
          nodeType,
          cnode.selectionSet,
          w,
          a,
          value === undefined ? undefined : ((conn as Record<string, unknown>)?.[key] as unknown[]),
        );
      }
      if (cf.name === "edges" && cnode.selectionSet)
        eachField(getNamedType(cf.type) as GraphQLCompositeType, cnode.selectionSet, w, (ef, enode) => {
          if (ef.name !== "node" || !enode.selectionSet) return;
          const edges =
            value === undefined
              ? undefined
              : (((conn as Record<string, unknown>)?.[key] ?? []) as Record<string, unknown>[]);
          const nodes = edges?.map((e) => e[enode.alias?.value ?? "node"]);
          cost += perNode(getNamedType(ef.type) as GraphQLCompositeType, enode.selectionSet, w, a, nodes);
        });
    });
    return cost;
  }
  if (value === null) return objectCost(named);
  if (isListType(getNullableType(f.type)) && Array.isArray(value)) {
    const each = value.map((v) => selectionCost(inner, node.selectionSet!, w, v as never));
    return objectCost(named) + Math.max(0, ...each);
  }
  return objectCost(named) + selectionCost(inner, node.selectionSet, w, value as never);
}

/** Page weight times the dearest node (statically: the page asked for; actually: the nodes returned). */
function perNode(
  type: GraphQLCompositeType,
  set: SelectionSetNode,
  w: Walk,
  a: Record<string, unknown>,
  nodes?: unknown[],
): number {
  if (nodes === undefined) {
    const size = Number(a.first ?? a.last ?? 0);
    return pageWeight(size) * (objectCost(type) + selectionCost(type, set, w));
  }
  if (!Array.isArray(nodes) || !nodes.length) return 0;
  const dearest = Math.max(...nodes.map((n) => objectCost(type) + selectionCost(type, set, w, n as never)));
  return pageWeight(nodes.length) * dearest;
}

export interface CostInput {
  schema: GraphQLSchema;
  operation: OperationDefinitionNode;
  fragments: Record<string, FragmentDefinitionNode>;
  variables: Record<string, unknown>;
}

/** requestedQueryCost (no data) or actualQueryCost (with the answer's data). */
export function queryCost(input: CostInput, data?: Record<string, unknown> | null): number {
  const w: Walk = { schema: input.schema, fragments: input.fragments, variables: input.variables };
  const op = input.operation;
  const root = op.operation === "mutation" ? input.schema.getMutationType()! : input.schema.getQueryType()!;
  if (op.operation !== "mutation")
    return selectionCost(root, op.selectionSet, w, data === undefined ? undefined : (data ?? {}));
  let total = 0;
  eachField(root, op.selectionSet, w, (f, node) => {
    total += MUTATION_COST;
    const a = args(node, w);
    if (f.name === "fulfillmentTrackingInfoUpdate" && a.notifyCustomer === true) total += NOTIFY_SURCHARGE;
    if (!node.selectionSet) return;
    const payload =
      data === undefined
        ? undefined
        : (data?.[node.alias?.value ?? node.name.value] as Record<string, unknown> | null);
    if (payload === null) return;
    // The object the mutation returns is free; what the app selects inside it is not.
    eachField(getNamedType(f.type) as GraphQLCompositeType, node.selectionSet, w, (pf, pnode) => {
      const named = getNamedType(pf.type);
      if (isLeafType(named) || !pnode.selectionSet) return;
      const v = payload === undefined ? undefined : payload[pnode.alias?.value ?? pnode.name.value];
      if (v === null) return;
      if (isConnection(named)) total += fieldCost(pf, pnode, w, v);
      else if (Array.isArray(v))
        total += Math.max(
          0,
          ...v.map((x) => selectionCost(named as GraphQLCompositeType, pnode.selectionSet!, w, x as never)),
        );
      else total += selectionCost(named as GraphQLCompositeType, pnode.selectionSet, w, v as never);
    });
  });
  return total;
}
