/**
 * {@link Database} on PGlite: real Postgres compiled to WASM, in-process. `dataDir` keeps the data in a folder
 * (e.g. `.encore/oracle-service`); without it the database lives in memory (tests).
 */
import { mkdirSync } from "node:fs";
import { PGlite, types, type Transaction } from "@electric-sql/pglite";

import type { Database, Queryable } from "./database.ts";

/** Same value types as the node-postgres engine (see database.ts). */
const PARSERS = {
  [types.INT8]: (value: string) => BigInt(value),
  [types.NUMERIC]: (value: string) => value,
  [types.DATE]: (value: string) => value,
};

function queryable(target: PGlite | Transaction): Queryable {
  return {
    async query<Row extends object>(sql: string, params: readonly unknown[] = []): Promise<Row[]> {
      const result = await target.query<Row>(sql, params as unknown[]);
      return result.rows;
    },
    async copyIn(table: string, columns: readonly string[], text: string): Promise<void> {
      await target.query(`COPY ${table} (${columns.join(", ")}) FROM '/dev/blob'`, [], { blob: new Blob([text]) });
    },
  };
}

/**
 * Opens (creating if needed) a PGlite database.
 *
 * @param dataDir - Data folder; omit for an in-memory database.
 */
export async function openPglite(dataDir?: string): Promise<Database> {
  if (dataDir !== undefined) mkdirSync(dataDir, { recursive: true });
  const db = await PGlite.create({ dataDir, parsers: PARSERS });
  const base = queryable(db);
  return {
    engine: "pglite",
    ...base,
    transaction: (work) => db.transaction((tx) => work(queryable(tx))),
    close: () => db.close(),
  };
}
