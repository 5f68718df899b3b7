/**
 * `node scripts/validate-queries.ts`: validates the dApp's GraphQL documents (`queries/*.graphql`) against the API
 * graph-node generates from `schema.graphql` (see lib/graphNodeSchema.ts). A schema change that would break a
 * dApp query fails here. A self-check removes a field the queries use and expects validation to fail, so the
 * check cannot pass vacuously.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Kind, parse, print, validate, visit, type GraphQLSchema } from "graphql";

import { buildGraphNodeSchema } from "./lib/graphNodeSchema.ts";
import { SUBGRAPH_ROOT } from "./lib/paths.ts";

/** One query document. */
interface QueryDocument {
  file: string;
  text: string;
}

/** The dApp's documents. */
export function readQueries(dir: string = join(SUBGRAPH_ROOT, "queries")): QueryDocument[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith(".graphql"))
    .sort()
    .map((f) => ({ file: f, text: readFileSync(join(dir, f), "utf8") }));
}

/**
 * Validation errors of every document (all operations must be named).
 *
 * @returns `<file>: <message>` lines; empty when valid.
 */
export function queryErrors(schema: GraphQLSchema, documents: QueryDocument[]): string[] {
  const errors: string[] = [];
  for (const { file, text } of documents) {
    const document = parse(text);
    for (const definition of document.definitions) {
      if (definition.kind === Kind.OPERATION_DEFINITION && definition.name === undefined) {
        errors.push(`${file}: every operation needs a name`);
      }
    }
    for (const error of validate(schema, document)) errors.push(`${file}: ${error.message}`);
  }
  return errors;
}

/** `source` with field `field` of type `typeName` removed (for the self-check). */
export function withoutField(source: string, typeName: string, field: string): string {
  const document = visit(parse(source), {
    ObjectTypeDefinition(node) {
      if (node.name.value !== typeName) return undefined;
      return { ...node, fields: (node.fields ?? []).filter((f) => f.name.value !== field) };
    },
  });
  return print(document);
}

/**
 * Validates the dApp's documents against the current schema, plus the self-check.
 *
 * @returns Errors (empty when valid) and a summary line.
 */
export function validateQueries(): { errors: string[]; summary: string } {
  const source = readFileSync(join(SUBGRAPH_ROOT, "schema.graphql"), "utf8");
  const documents = readQueries();
  const errors = queryErrors(buildGraphNodeSchema(source), documents);
  const broken = withoutField(source, "Campaign", "paidToHolders");
  if (queryErrors(buildGraphNodeSchema(broken), documents).length === 0) {
    errors.push("self-check failed: removing Campaign.paidToHolders did not break any dApp query");
  }
  const operations = documents.reduce((n, d) => n + (d.text.match(/^query /gm)?.length ?? 0), 0);
  return { errors, summary: `${operations} operations in ${documents.length} files valid against the graph-node API` };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { errors, summary } = validateQueries();
  for (const error of errors) console.error(error);
  if (errors.length > 0) process.exitCode = 1;
  else console.log(`dApp queries: ${summary}`);
}
