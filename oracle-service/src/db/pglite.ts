/**
 * {@link Database} on PGlite: real Postgres compiled to WASM, in-process. `dataDir` keeps the data in a folder
 * (e.g. `.encore/oracle-service`); without it the database lives in memory (tests).
 */
import { mkdirSync } from "node:fs";
import { setFlagsFromString } from "node:v8";
import { PGlite, types, type Transaction } from "@electric-sql/pglite";

import type { Database, Queryable } from "./database.ts";

/** Same value types as the node-postgres engine (see database.ts). */
const PARSERS = {
  [types.INT8]: (value: string) => BigInt(value),
  [types.NUMERIC]: (value: string) => value,
  [types.DATE]: (value: string) => value,
};

function queryable(target: PGlite | Transaction, copy: CopyFromStdin): Queryable {
  return {
    async query<Row extends object>(sql: string, params: readonly unknown[] = []): Promise<Row[]> {
      const result = await target.query<Row>(sql, params as unknown[]);
      return result.rows;
    },
    copyIn: copy,
  };
}

type CopyFromStdin = Queryable["copyIn"];

/**
 * COPY through the wire protocol, as with a server: one `Query` (`COPY … FROM STDIN`), one `CopyData` carrying all
 * the rows and `CopyDone`, handed to PGlite as one message (PGlite cannot resume a COPY across calls). Compared with
 * `COPY … FROM '/dev/blob'`, the rows are not turned into a `Blob` and then a fresh `ArrayBuffer` per call (garbage
 * V8 collects late: the main cause of the import's memory growth) nor copied byte by byte into the WASM heap. The
 * message is built in one reused buffer; a row error comes back as the usual `DatabaseError`.
 */
function copyFromStdin(db: PGlite): CopyFromStdin {
  let message = new Uint8Array(1 << 16);
  return async (table, columns, rows) => {
    const sql = encoder.encode(`COPY ${table} (${columns.join(", ")}) FROM STDIN\0`);
    const rowBytes = typeof rows === "string" ? Buffer.byteLength(rows) : rows.byteLength;
    const size = 5 + sql.byteLength + 5 + rowBytes + 5;
    if (message.byteLength < size) message = new Uint8Array(Math.max(size, message.byteLength * 2));
    const view = new DataView(message.buffer);
    let at = 0;
    const header = (type: string, length: number) => {
      message[at] = type.charCodeAt(0);
      view.setInt32(at + 1, 4 + length);
      at += 5;
    };
    header("Q", sql.byteLength);
    message.set(sql, at);
    at += sql.byteLength;
    header("d", rowBytes);
    if (typeof rows === "string") encoder.encodeInto(rows, message.subarray(at, at + rowBytes));
    else message.set(rows, at);
    at += rowBytes;
    header("c", 0);
    await db.runExclusive(() => db.execProtocol(message.subarray(0, at), { syncToFs: false }));
  };
}

const encoder = new TextEncoder();

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
 * From now on, this process compiles WebAssembly with V8's baseline compiler (Liftoff) only: PGlite's hot Postgres
 * functions are no longer recompiled by the optimizing compiler (TurboFan), whose compilation zones took 40–60 MB of
 * malloc'd memory during a statement import — memory glibc keeps in per-thread arenas afterwards. Costs ~30 % of
 * COPY speed (measured: 900k rows 2.7 → 3.8 s). Must be called before the first PGlite is created; it cannot be
 * undone, so only a process that exists to import calls it (`openDatabase` with `bulkImport`).
 */
export function useBaselineWasmCompiler(): void {
  setFlagsFromString("--liftoff-only");
}

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
  const copy = copyFromStdin(db);
  return {
    engine: "pglite",
    ...queryable(db, (table, columns, rows) => db.transaction(() => copy(table, columns, rows))),
    transaction: (work) => db.transaction((tx) => work(queryable(tx, copy))),
    close: () => db.close(),
    dumpDataDir: () => db.dumpDataDir("none"),
  };
}

/** A PGlite {@link Database} that can also dump its whole data folder (to start copies of it quickly). */
export interface PgliteDatabase extends Database {
  /** The data folder as an uncompressed tarball, for `openPglite(undefined, [], dump)`. */
  dumpDataDir(): Promise<Blob>;
}
