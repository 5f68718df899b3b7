/**
 * The databases every service test runs against: PGlite (in memory) always, and a real Postgres server when
 * `ENCORE_TEST_DATABASE_URL` is set (`.ci/run` starts a throw-away Postgres 15 cluster and sets it). Each call
 * of {@link openTestDatabase} gets a fresh, migrated, empty database.
 */
import { randomBytes } from "node:crypto";
import pg from "pg";

import type { Database } from "../../src/db/database.ts";
import { migrate } from "../../src/db/migrate.ts";
import { openDatabase } from "../../src/db/open.ts";
import { openPglite } from "../../src/db/pglite.ts";

/** The migrated, empty PGlite data folder every PGlite test database is a copy of (made on first use). */
let pgliteTemplate: Promise<Blob> | undefined;

/** The engines under test, e.g. `["pglite", "postgres"]`. */
export const TEST_ENGINES: readonly Database["engine"][] = process.env.ENCORE_TEST_DATABASE_URL
  ? ["pglite", "postgres"]
  : ["pglite"];

/**
 * A fresh migrated database on `engine`. On Postgres a new database named `encore_test_<random>` is created on the
 * test server; `close()` drops it.
 */
export async function openTestDatabase(engine: Database["engine"]): Promise<Database> {
  if (engine === "pglite") {
    // Every PGlite test database starts from one migrated in-memory database dumped once per process: loading a
    // dump skips initdb and the migrations (about half the time of opening a new one).
    pgliteTemplate ??= (async () => {
      const template = await openPglite();
      try {
        await migrate(template);
        return await template.dumpDataDir();
      } finally {
        await template.close();
      }
    })();
    return openPglite(undefined, [], await pgliteTemplate);
  }
  const adminUrl = process.env.ENCORE_TEST_DATABASE_URL;
  if (adminUrl === undefined) throw new Error("ENCORE_TEST_DATABASE_URL is not set");
  const name = `encore_test_${randomBytes(6).toString("hex")}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const db = await openDatabase({ databaseUrl: url.toString() });
  return {
    ...db,
    async close() {
      await db.close();
      const dropper = new pg.Client({ connectionString: adminUrl });
      await dropper.connect();
      await dropper.query(`DROP DATABASE IF EXISTS ${name}`);
      await dropper.end();
    },
  };
}
