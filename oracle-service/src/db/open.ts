/** Opens the configured database and brings its schema up to date. */
import type { Database } from "./database.ts";
import { migrate } from "./migrate.ts";
import { openPglite, PGLITE_LOW_MEMORY_SETTINGS, useBaselineWasmCompiler } from "./pglite.ts";
import { openPostgres } from "./postgres.ts";

/** Where the data lives: a Postgres URL, else a PGlite data folder, else (tests) PGlite in memory. */
export interface DatabaseLocation {
  databaseUrl?: string;
  dataDir?: string;
}

/** How the process will use the database. */
export interface OpenDatabaseOptions {
  /**
   * The process exists to bulk-load statements (`encore statements import`): on PGlite, small Postgres buffers
   * ({@link PGLITE_LOW_MEMORY_SETTINGS}) and, for the rest of the process, WebAssembly compiled by V8's baseline
   * compiler only ({@link useBaselineWasmCompiler}). Keeps the import under its memory target (docs/statements.md,
   * "Benchmark"); reads get slower, so a serving process never sets it. No effect on a Postgres server.
   */
  bulkImport?: boolean;
}

/**
 * Opens the database (`databaseUrl` wins over `dataDir`) and applies pending migrations.
 *
 * @throws When the server cannot be reached or a migration fails; the database is closed again.
 */
export async function openDatabase(location: DatabaseLocation, options: OpenDatabaseOptions = {}): Promise<Database> {
  let db: Database;
  if (location.databaseUrl !== undefined) {
    db = await openPostgres(location.databaseUrl);
  } else if (options.bulkImport === true) {
    useBaselineWasmCompiler();
    db = await openPglite(location.dataDir, PGLITE_LOW_MEMORY_SETTINGS);
  } else {
    db = await openPglite(location.dataDir);
  }
  try {
    await migrate(db);
    return db;
  } catch (error) {
    await db.close();
    throw error;
  }
}
