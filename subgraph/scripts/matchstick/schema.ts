/**
 * Checks entities written by a mapping against `schema.graphql`, as graph-node does when it stores them: the type
 * exists, every non-null field is set, no unknown or derived field is written, scalars have the right kind, enum
 * values exist, and immutable entities are never overwritten.
 */
import { readFileSync } from "node:fs";
import {
  Kind,
  parse,
  type ConstDirectiveNode,
  type FieldDefinitionNode,
  type ObjectTypeDefinitionNode,
  type TypeNode,
} from "graphql";

import type { EntityData, StoreValue } from "./values.ts";

/** What the check needs to know about one field. */
interface FieldRule {
  /** Named type: a scalar, an enum or an entity. */
  type: string;
  nonNull: boolean;
  list: boolean;
  derived: boolean;
}

/** What the check needs to know about one entity type. */
interface EntityRule {
  immutable: boolean;
  fields: Map<string, FieldRule>;
}

/** Store value kinds accepted for each GraphQL scalar (entity references are `String` ids here). */
const SCALAR_KINDS: Record<string, StoreValue["kind"]> = {
  ID: "String",
  String: "String",
  Int: "Int",
  Int8: "Int8",
  Timestamp: "Timestamp",
  BigInt: "BigInt",
  BigDecimal: "BigDecimal",
  Boolean: "Bool",
  Bytes: "Bytes",
};

function unwrap(type: TypeNode): { name: string; nonNull: boolean; list: boolean } {
  let nonNull = false;
  let list = false;
  let node = type;
  if (node.kind === Kind.NON_NULL_TYPE) {
    nonNull = true;
    node = node.type;
  }
  if (node.kind === Kind.LIST_TYPE) {
    list = true;
    node = node.type;
    if (node.kind === Kind.NON_NULL_TYPE) node = node.type;
  }
  if (node.kind !== Kind.NAMED_TYPE) throw new Error("nested lists are not supported");
  return { name: node.name.value, nonNull, list };
}

function hasDirective(directives: readonly ConstDirectiveNode[] | undefined, name: string): boolean {
  return (directives ?? []).some((d) => d.name.value === name);
}

function isImmutable(node: ObjectTypeDefinitionNode): boolean {
  const entity = (node.directives ?? []).find((d) => d.name.value === "entity");
  const arg = entity?.arguments?.find((a) => a.name.value === "immutable");
  return arg?.value.kind === Kind.BOOLEAN && arg.value.value;
}

/** The entity and enum definitions of a subgraph schema. */
export class SchemaRules {
  private readonly entities = new Map<string, EntityRule>();
  private readonly enums = new Map<string, Set<string>>();

  /** Parses `schema.graphql` at `path`. */
  constructor(path: string) {
    const document = parse(readFileSync(path, "utf8"));
    for (const definition of document.definitions) {
      if (definition.kind === Kind.ENUM_TYPE_DEFINITION) {
        this.enums.set(definition.name.value, new Set((definition.values ?? []).map((v) => v.name.value)));
      } else if (definition.kind === Kind.OBJECT_TYPE_DEFINITION) {
        const fields = new Map<string, FieldRule>();
        for (const field of definition.fields ?? ([] as FieldDefinitionNode[])) {
          const { name, nonNull, list } = unwrap(field.type);
          fields.set(field.name.value, {
            type: name,
            nonNull,
            list,
            derived: hasDirective(field.directives, "derivedFrom"),
          });
        }
        this.entities.set(definition.name.value, { immutable: isImmutable(definition), fields });
      }
    }
  }

  /** Problem of `value` for field `field` of `entityType`, or undefined when it fits the field. */
  private checkValue(entityType: string, field: string, rule: FieldRule, value: StoreValue): string | undefined {
    if (value.kind === "Null")
      return rule.nonNull ? `${entityType}.${field} is non-null but was set to null` : undefined;
    if (rule.list) {
      if (value.kind !== "Array") return `${entityType}.${field} is a list but got ${value.kind}`;
      for (const item of value.value) {
        const problem = this.checkValue(entityType, field, { ...rule, list: false, nonNull: true }, item);
        if (problem !== undefined) return problem;
      }
      return undefined;
    }
    const enumValues = this.enums.get(rule.type);
    if (enumValues !== undefined) {
      if (value.kind !== "String" || !enumValues.has(value.value)) {
        return `${entityType}.${field}: ${JSON.stringify(value.kind === "String" ? value.value : value.kind)} is not a ${rule.type} value`;
      }
      return undefined;
    }
    const expected = SCALAR_KINDS[rule.type] ?? (this.entities.has(rule.type) ? "String" : undefined);
    if (expected === undefined) return `${entityType}.${field} has unknown type ${rule.type}`;
    if (value.kind !== expected) return `${entityType}.${field} is ${rule.type} but got a ${value.kind} value`;
    return undefined;
  }

  /**
   * Problems of writing `data` as `entityType` (empty when valid).
   *
   * @param exists - Whether an entity with this id is already stored (immutable entities cannot be overwritten).
   */
  validate(entityType: string, id: string, data: EntityData, exists: boolean): string[] {
    const entity = this.entities.get(entityType);
    if (entity === undefined) return [`unknown entity type ${entityType}`];
    const problems: string[] = [];
    if (entity.immutable && exists) problems.push(`${entityType} ${id} is immutable and already stored`);
    const idValue = data.get("id");
    if (idValue?.kind !== "String" || idValue.value !== id)
      problems.push(`${entityType} ${id}: id field does not match`);
    for (const [field, value] of data) {
      const rule = entity.fields.get(field);
      if (rule === undefined) problems.push(`${entityType}.${field} is not in the schema`);
      else if (rule.derived) problems.push(`${entityType}.${field} is derived and cannot be set`);
      else {
        const problem = this.checkValue(entityType, field, rule, value);
        if (problem !== undefined) problems.push(problem);
      }
    }
    for (const [field, rule] of entity.fields) {
      if (rule.nonNull && !rule.derived && !data.has(field))
        problems.push(`${entityType}.${field} is non-null but missing`);
    }
    return problems;
  }
}
