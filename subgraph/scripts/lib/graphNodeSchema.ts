/**
 * Builds the GraphQL API schema graph-node serves for a subgraph schema, with the `graphql` package: per entity
 * a single-entity field and a collection field (`first`, `skip`, `orderBy`, `orderDirection`, `where`, `block`,
 * `subgraphError`), `<Entity>_filter` inputs (comparison suffixes per type, nested `<field>_` filters, `and`/`or`,
 * `_change_block`), `<Entity>_orderBy` enums (with one level of `parent__child`), list-field arguments and `_meta`.
 * It mirrors graph-node's generated API closely enough that a query valid here is valid there.
 */
import { readFileSync } from "node:fs";
import {
  Kind,
  buildSchema,
  parse,
  type FieldDefinitionNode,
  type GraphQLSchema,
  type ObjectTypeDefinitionNode,
  type TypeNode,
} from "graphql";

interface FieldInfo {
  name: string;
  /** Named type. */
  type: string;
  nonNull: boolean;
  list: boolean;
  derived: boolean;
}

interface TypeInfo {
  name: string;
  fields: FieldInfo[];
}

const SCALARS = new Set(["ID", "String", "Int", "Int8", "Timestamp", "BigInt", "BigDecimal", "Boolean", "Bytes"]);
const ORDERED = ["", "_not", "_gt", "_lt", "_gte", "_lte", "_in", "_not_in"];
const STRING_EXTRA = [
  "_contains",
  "_contains_nocase",
  "_not_contains",
  "_not_contains_nocase",
  "_starts_with",
  "_starts_with_nocase",
  "_not_starts_with",
  "_not_starts_with_nocase",
  "_ends_with",
  "_ends_with_nocase",
  "_not_ends_with",
  "_not_ends_with_nocase",
];
const LIST_OPS = ["", "_not", "_contains", "_contains_nocase", "_not_contains", "_not_contains_nocase"];

/** Query field of a collection, as graph-node names it: first letter lowercase, plural (`CampaignDayData` → `campaignDayDatas`). */
export function collectionField(typeName: string): string {
  const lower = typeName.charAt(0).toLowerCase() + typeName.slice(1);
  if (/[^aeiou]y$/.test(lower)) return `${lower.slice(0, -1)}ies`;
  if (/(s|x|z|ch|sh)$/.test(lower)) return `${lower}es`;
  return `${lower}s`;
}

/** Query field of a single entity (`Campaign` → `campaign`). */
export function singleField(typeName: string): string {
  return typeName.charAt(0).toLowerCase() + typeName.slice(1);
}

function fieldInfo(field: FieldDefinitionNode): FieldInfo {
  let node: TypeNode = field.type;
  let nonNull = false;
  let list = false;
  if (node.kind === Kind.NON_NULL_TYPE) {
    nonNull = true;
    node = node.type;
  }
  if (node.kind === Kind.LIST_TYPE) {
    list = true;
    node = node.type;
    if (node.kind === Kind.NON_NULL_TYPE) node = node.type;
  }
  if (node.kind !== Kind.NAMED_TYPE) throw new Error(`nested list in ${field.name.value}`);
  const derived = (field.directives ?? []).some((d) => d.name.value === "derivedFrom");
  return { name: field.name.value, type: node.name.value, nonNull, list, derived };
}

function typeRef(field: FieldInfo): string {
  const inner = field.list ? `[${field.type}!]` : field.type;
  return field.nonNull ? `${inner}!` : inner;
}

function collectionArgs(typeName: string): string {
  return `skip: Int = 0, first: Int = 100, orderBy: ${typeName}_orderBy, orderDirection: OrderDirection, where: ${typeName}_filter`;
}

function filterFields(field: FieldInfo, entities: Set<string>, enums: Set<string>): string[] {
  const isEntity = entities.has(field.type);
  if (field.derived) return isEntity ? [`${field.name}_: ${field.type}_filter`] : [];
  const scalar = isEntity ? "String" : field.type === "ID" ? "ID" : field.type;
  if (field.list) {
    const ops = LIST_OPS.map((op) => `${field.name}${op}: [${scalar}!]`);
    return isEntity ? [...ops, `${field.name}_: ${field.type}_filter`] : ops;
  }
  let ops: string[];
  if (field.type === "Boolean" || enums.has(field.type)) ops = ["", "_not", "_in", "_not_in"];
  else if (field.type === "Bytes") ops = [...ORDERED, "_contains", "_not_contains"];
  else if (field.type === "String" || isEntity) ops = [...ORDERED, ...STRING_EXTRA];
  else ops = ORDERED;
  const lines = ops.map((op) => `${field.name}${op}: ${op.endsWith("_in") ? `[${scalar}!]` : scalar}`);
  if (isEntity) lines.push(`${field.name}_: ${field.type}_filter`);
  return lines;
}

function orderByValues(type: TypeInfo, types: Map<string, TypeInfo>): string[] {
  const values: string[] = [];
  for (const field of type.fields) {
    if (field.list) continue;
    values.push(field.name);
    const child = types.get(field.type);
    if (child === undefined) continue;
    for (const sub of child.fields) if (!sub.list && !types.has(sub.type)) values.push(`${field.name}__${sub.name}`);
  }
  return values;
}

/**
 * The API schema graph-node would serve for `schema.graphql` text.
 *
 * @param source - Subgraph schema (SDL with `@entity` and `@derivedFrom`).
 * @returns An executable-shape schema to validate queries against.
 */
export function buildGraphNodeSchema(source: string): GraphQLSchema {
  const document = parse(source);
  const enumDefs: string[] = [];
  const enums = new Set<string>();
  const types = new Map<string, TypeInfo>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.ENUM_TYPE_DEFINITION) {
      enums.add(definition.name.value);
      enumDefs.push(
        `enum ${definition.name.value} { ${(definition.values ?? []).map((v) => v.name.value).join(" ")} }`,
      );
    } else if (definition.kind === Kind.OBJECT_TYPE_DEFINITION) {
      const node: ObjectTypeDefinitionNode = definition;
      types.set(node.name.value, { name: node.name.value, fields: (node.fields ?? []).map(fieldInfo) });
    }
  }
  const entities = new Set(types.keys());
  const sdl: string[] = [
    "scalar BigInt",
    "scalar BigDecimal",
    "scalar Bytes",
    "scalar Int8",
    "scalar Timestamp",
    "enum OrderDirection { asc desc }",
    "enum _SubgraphErrorPolicy_ { allow deny }",
    "input Block_height { hash: Bytes number: Int number_gte: Int }",
    "input BlockChangedFilter { number_gte: Int! }",
    "type _Block_ { hash: Bytes number: Int! timestamp: Int parentHash: Bytes }",
    "type _Meta_ { block: _Block_! deployment: String! hasIndexingErrors: Boolean! }",
    ...enumDefs,
  ];
  const queryFields: string[] = ["_meta(block: Block_height): _Meta_"];
  for (const type of types.values()) {
    for (const field of type.fields) {
      if (!SCALARS.has(field.type) && !enums.has(field.type) && !entities.has(field.type)) {
        throw new Error(`${type.name}.${field.name}: unknown type ${field.type}`);
      }
    }
    const fields = type.fields.map((field) => {
      const args = field.list && entities.has(field.type) ? `(${collectionArgs(field.type)})` : "";
      return `${field.name}${args}: ${typeRef(field)}`;
    });
    sdl.push(`type ${type.name} { ${fields.join(" ")} }`);
    const filter = type.fields.flatMap((field) => filterFields(field, entities, enums));
    filter.push("_change_block: BlockChangedFilter", `and: [${type.name}_filter]`, `or: [${type.name}_filter]`);
    sdl.push(`input ${type.name}_filter { ${filter.join(" ")} }`);
    sdl.push(`enum ${type.name}_orderBy { ${orderByValues(type, types).join(" ")} }`);
    const common = "block: Block_height, subgraphError: _SubgraphErrorPolicy_! = deny";
    queryFields.push(`${singleField(type.name)}(id: ID!, ${common}): ${type.name}`);
    queryFields.push(`${collectionField(type.name)}(${collectionArgs(type.name)}, ${common}): [${type.name}!]!`);
  }
  sdl.push(`type Query { ${queryFields.join(" ")} }`);
  return buildSchema(sdl.join("\n"));
}

/** {@link buildGraphNodeSchema} of a file. */
export function buildGraphNodeSchemaFromFile(path: string): GraphQLSchema {
  return buildGraphNodeSchema(readFileSync(path, "utf8"));
}
