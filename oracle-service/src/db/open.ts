/** Opens the configured database and brings its schema up to date. */
import type { Database } from "./database.ts";
import { migrate } from "./migrate.ts";
import { openPglite } from "./pglite.ts";
import { openPostgres } from "./postgres.ts";

/** Where the data lives: a Postgres URL, else a PGlite data folder, else (tests) PGlite in memory. */
export interface DatabaseLocation {
  databaseUrl?: string;
  dataDir?: string;
}

/**
 * Opens the database (`databaseUrl` wins over `dataDir`) and applies pending migrations.
 *
 * @throws When the server cannot be reached or a migration fails; the database is closed again.
 */
export async function openDatabase(location: DatabaseLocation): Promise<Database> {
  const db =
    location.databaseUrl !== undefined ? await openPostgres(location.databaseUrl) : await openPglite(location.dataDir);
  try {
    await migrate(db);
    return db;
  } catch (error) {
    await db.close();
    throw error;
  }
}
