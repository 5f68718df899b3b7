/**
 * A test-only GraphQL endpoint shaped like graph-node's: the API schema `subgraph/scripts/lib/graphNodeSchema.ts`
 * builds from `schema.graphql`, answered from an in-memory entity store (the {@link LocalIndexer}'s). It implements
 * what graph-node does for the queries the dApp sends: single-entity and collection fields, `where` (equality,
 * `_not`, `_gt`, `_gte`, `_lt`, `_lte`, `_in`, `_not_in`, `and`, `or`), `orderBy`/`orderDirection` (by id when
 * absent), `first` (≤ 1,000) and `skip` (≤ 5,000), entity references, `@derivedFrom` lists with the same arguments,
 * and `_meta`. Anything else is answered with a GraphQL error, so a query outside this subset cannot pass silently.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import {
  getNamedType,
  graphql,
  isListType,
  isNonNullType,
  isObjectType,
  Kind,
  parse,
  type GraphQLFieldResolver,
  type GraphQLSchema,
} from "graphql";

import { buildGraphNodeSchema } from "../../../subgraph/scripts/lib/graphNodeSchema.ts";
import { SUBGRAPH_ROOT } from "../../../subgraph/scripts/lib/paths.ts";
import type { HostState } from "../../../subgraph/scripts/matchstick/host.ts";
import { hex, type EntityData, type StoreValue } from "../../../subgraph/scripts/matchstick/values.ts";
import type { IndexedHead } from "./indexer.ts";

/** An entity handed between resolvers. */
interface EntityRef {
  type: string;
  id: string;
  data: EntityData;
}

/** What the server answers from. */
export interface GraphNodeSource {
  state: HostState;
  /** The indexed head `_meta` reports (read on every request). */
  head(): IndexedHead | undefined;
}

/** A running server. */
export interface GraphNodeServer {
  url: string;
  /** Operations answered so far, by operation name. */
  readonly calls: Map<string, number>;
  /** When set, every request is answered `{ errors: [{ message }] }` (as graph-node does on a store error). */
  failWith: string | undefined;
  close(): Promise<void>;
}

const MAX_FIRST = 1_000;
const MAX_SKIP = 5_000;
const OPERATORS = ["_not_in", "_not", "_gte", "_lte", "_gt", "_lt", "_in"] as const;

/** `field` of `type` → the field of the child type it is derived from. */
function derivedFields(source: string): Map<string, string> {
  const derived = new Map<string, string>();
  for (const definition of parse(source).definitions) {
    if (definition.kind !== Kind.OBJECT_TYPE_DEFINITION) continue;
    for (const field of definition.fields ?? []) {
      const directive = field.directives?.find((d) => d.name.value === "derivedFrom");
      const argument = directive?.arguments?.find((a) => a.name.value === "field");
      if (argument?.value.kind === Kind.STRING)
        derived.set(`${definition.name.value}.${field.name.value}`, argument.value.value);
    }
  }
  return derived;
}

/** A stored value as GraphQL returns it (BigInt as decimal text, Bytes as lowercase hex). */
function output(value: StoreValue | undefined): unknown {
  if (value === undefined) return null;
  switch (value.kind) {
    case "Null":
      return null;
    case "BigInt":
    case "Int8":
    case "Timestamp":
      return value.value.toString();
    case "Bytes":
      return hex(value.value);
    case "Array":
      return value.value.map(output);
    default:
      return value.value;
  }
}

/** A comparable form of a stored value or a filter argument of GraphQL type `scalar`. */
function comparable(scalar: string, value: unknown): bigint | number | string | boolean | null {
  if (value === null || value === undefined) return null;
  const plain = value as string | number | boolean | bigint;
  if (scalar === "BigInt" || scalar === "Int8" || scalar === "Timestamp") return BigInt(plain);
  if (scalar === "Bytes") return String(plain).toLowerCase();
  if (scalar === "Int") return Number(plain);
  if (typeof plain === "boolean") return plain;
  return String(plain);
}

function compare(a: unknown, b: unknown): number {
  if (a === b) return 0;
  if (a === null) return -1;
  if (b === null) return 1;
  return (a as number) < (b as number) ? -1 : 1;
}

/**
 * Starts the server on `127.0.0.1:port`.
 *
 * @param source - Store and indexed head.
 * @param port - A free port (scripts/lib/ports.ts `findFreePort`).
 */
export async function startGraphNodeServer(source: GraphNodeSource, port: number): Promise<GraphNodeServer> {
  const sdl = readFileSync(join(SUBGRAPH_ROOT, "schema.graphql"), "utf8");
  const schema: GraphQLSchema = buildGraphNodeSchema(sdl);
  const derived = derivedFields(sdl);

  /** True for the entity types of the subgraph schema. */
  function isEntity(name: string): boolean {
    return isObjectType(schema.getType(name)) && !["Query", "_Meta_", "_Block_"].includes(name);
  }

  /** GraphQL scalar or enum of `field` on entity `type` (`ID` for references: they are stored as ids). */
  function scalarOf(type: string, field: string): string {
    const object = schema.getType(type);
    if (!isObjectType(object)) throw new Error(`unknown type ${type}`);
    const definition = object.getFields()[field];
    if (definition === undefined) throw new Error(`${type} has no field ${field}`);
    const named = getNamedType(definition.type).name;
    return isEntity(named) ? "ID" : named;
  }

  function table(type: string): EntityRef[] {
    return [...(source.state.store.get(type) ?? new Map<string, EntityData>())].map(([id, data]) => ({
      type,
      id,
      data,
    }));
  }

  function matches(entity: EntityRef, where: Record<string, unknown>): boolean {
    return Object.entries(where).every(([key, expected]) => {
      if (key === "and") return (expected as Record<string, unknown>[]).every((w) => matches(entity, w));
      if (key === "or") return (expected as Record<string, unknown>[]).some((w) => matches(entity, w));
      const operator = OPERATORS.find((op) => key.endsWith(op)) ?? "";
      const field = key.slice(0, key.length - operator.length);
      if (field.includes("_")) throw new Error(`filter ${key} is not supported by this server`);
      const scalar = scalarOf(entity.type, field);
      const actual = comparable(scalar, output(entity.data.get(field)));
      const list = (map: (v: unknown) => unknown) => (expected as unknown[]).map(map);
      switch (operator) {
        case "":
          return compare(actual, comparable(scalar, expected)) === 0;
        case "_not":
          return compare(actual, comparable(scalar, expected)) !== 0;
        case "_gt":
          return actual !== null && compare(actual, comparable(scalar, expected)) > 0;
        case "_gte":
          return actual !== null && compare(actual, comparable(scalar, expected)) >= 0;
        case "_lt":
          return actual !== null && compare(actual, comparable(scalar, expected)) < 0;
        case "_lte":
          return actual !== null && compare(actual, comparable(scalar, expected)) <= 0;
        case "_in":
          return list((v) => comparable(scalar, v)).some((v) => compare(actual, v) === 0);
        case "_not_in":
          return !list((v) => comparable(scalar, v)).some((v) => compare(actual, v) === 0);
      }
      return false;
    });
  }

  function collection(entities: EntityRef[], type: string, args: Record<string, unknown>): EntityRef[] {
    const first = (args.first as number | undefined) ?? 100;
    const skip = (args.skip as number | undefined) ?? 0;
    if (first < 0 || first > MAX_FIRST) throw new Error(`The \`first\` argument must be between 0 and ${MAX_FIRST}`);
    if (skip < 0 || skip > MAX_SKIP) throw new Error(`The \`skip\` argument must be between 0 and ${MAX_SKIP}`);
    const orderBy = (args.orderBy as string | undefined) ?? "id";
    if (orderBy.includes("__")) throw new Error(`orderBy ${orderBy} is not supported by this server`);
    const direction = args.orderDirection === "desc" ? -1 : 1;
    const scalar = scalarOf(type, orderBy);
    const where = (args.where as Record<string, unknown> | undefined) ?? {};
    return entities
      .filter((entity) => matches(entity, where))
      .sort((a, b) => {
        const order = compare(
          comparable(scalar, output(a.data.get(orderBy))),
          comparable(scalar, output(b.data.get(orderBy))),
        );
        return order === 0 ? compare(a.id, b.id) : order * direction;
      })
      .slice(skip, skip + first);
  }

  const resolve: GraphQLFieldResolver<unknown, unknown, Record<string, unknown>> = (parent, args, _context, info) => {
    const named = getNamedType(info.returnType).name;
    const list = isListType(isNonNullType(info.returnType) ? info.returnType.ofType : info.returnType);
    if (info.parentType.name === "Query") {
      if (info.fieldName === "_meta") {
        const head = source.head();
        if (head === undefined) throw new Error("the subgraph has not indexed any block yet");
        return {
          block: { number: Number(head.number), hash: head.hash, timestamp: Number(head.timestamp), parentHash: null },
          deployment: "local",
          hasIndexingErrors: false,
        };
      }
      if (list) return collection(table(named), named, args);
      const data = source.state.get(named, String(args.id));
      return data === undefined ? null : { type: named, id: String(args.id), data };
    }
    if (info.parentType.name === "_Meta_" || info.parentType.name === "_Block_") {
      return (parent as Record<string, unknown>)[info.fieldName];
    }
    const entity = parent as EntityRef;
    const from = derived.get(`${entity.type}.${info.fieldName}`);
    if (from !== undefined) {
      const children = table(named).filter((child) => output(child.data.get(from)) === entity.id);
      return collection(children, named, args);
    }
    const value = output(entity.data.get(info.fieldName));
    if (!isEntity(named)) return value;
    const ids = list ? ((value as string[] | null) ?? []) : value === null ? [] : [value as string];
    const refs = ids.flatMap((id) => {
      const data = source.state.get(named, id);
      return data === undefined ? [] : [{ type: named, id, data }];
    });
    return list ? collection(refs, named, args) : (refs[0] ?? null);
  };

  const calls = new Map<string, number>();
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      void (async () => {
        const body = JSON.parse(Buffer.concat(chunks).toString("utf8")) as {
          query: string;
          operationName?: string;
          variables?: Record<string, unknown>;
        };
        const name = body.operationName ?? "(anonymous)";
        calls.set(name, (calls.get(name) ?? 0) + 1);
        const result =
          handle.failWith !== undefined
            ? { errors: [{ message: handle.failWith }] }
            : await graphql({
                schema,
                source: body.query,
                operationName: body.operationName,
                variableValues: body.variables,
                fieldResolver: resolve,
              });
        response.writeHead(200, { "content-type": "application/json" });
        response.end(JSON.stringify(result));
      })();
    });
  });
  await new Promise<void>((resolveListen) => server.listen(port, "127.0.0.1", resolveListen));
  const { port: bound } = server.address() as AddressInfo;
  const handle: GraphNodeServer = {
    url: `http://127.0.0.1:${bound}/subgraphs/name/encore`,
    calls,
    failWith: undefined,
    close: () =>
      new Promise<void>((resolveClose) => {
        server.closeAllConnections();
        server.close(() => resolveClose());
      }),
  };
  return handle;
}
