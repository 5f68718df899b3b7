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
 * Postgres settings that keep PGlite's WASM heap — and so the process — small, for a bulk load such as a statement
 * import: small shared and WAL buffers, small sort/hash memory. Reads of a large database get slower with them.
 */
export const PGLITE_LOW_MEMORY_SETTINGS: readonly string[] = [
  "shared_buffers=8MB",
  "work_mem=4MB",
  "maintenance_work_mem=16MB",
  "wal_buffers=1MB",
  "temp_buffers=1MB",
];

/**
 * Opens (creating if needed) a PGlite database.
 *
 * @param dataDir - Data folder; omit for an in-memory database.
 * @param settings - Postgres settings (`name=value`, passed as `-c` start parameters), e.g.
 *   {@link PGLITE_LOW_MEMORY_SETTINGS}; default: Postgres' own.
 * @param from - A data folder dumped by {@link PgliteDatabase.dumpDataDir} to start from (skips initdb).
 */
export async function openPglite(
  dataDir?: string,
  settings: readonly string[] = [],
  from?: Blob,
): Promise<PgliteDatabase> {
  if (dataDir !== undefined) mkdirSync(dataDir, { recursive: true });
  const db = await PGlite.create({
    dataDir,
    loadDataDir: from,
    parsers: PARSERS,
    ...(settings.length === 0
      ? {}
      : { startParams: [...PGlite.defaultStartParams, ...settings.flatMap((setting) => ["-c", setting])] }),
  });
  const base = queryable(db);
  return {
    engine: "pglite",
    ...base,
    transaction: (work) => db.transaction((tx) => work(queryable(tx))),
    close: () => db.close(),
    dumpDataDir: () => db.dumpDataDir("none"),
  };
}

/** A PGlite {@link Database} that can also dump its whole data folder (to start copies of it quickly). */
export interface PgliteDatabase extends Database {
  /** The data folder as an uncompressed tarball, for `openPglite(undefined, [], dump)`. */
  dumpDataDir(): Promise<Blob>;
}
