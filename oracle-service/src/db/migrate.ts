/**
 * SQL migrations, applied at start-up: every `NNN_name.sql` file of `migrations/` not yet recorded in
 * `schema_migrations`, in name order, each in its own transaction. A recorded migration whose file changed stops
 * start-up (migrations are append-only). On a Postgres server an advisory lock keeps two instances from migrating at
 * once.
 */
import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

import type { Database } from "./database.ts";

/** Folder of the migration files. */
export const MIGRATIONS_DIR = join(import.meta.dirname, "migrations");

/** Arbitrary constant key of the advisory lock taken while migrating. */
const MIGRATION_LOCK = 7_206_195_817;

/** One migration file. */
export interface Migration {
  name: string;
  sql: string;
  checksum: string;
}

/** The migration files, in the order they apply. */
export function readMigrations(dir: string = MIGRATIONS_DIR): Migration[] {
  return readdirSync(dir)
    .filter((file) => /^\d{3}_[a-z0-9_]+\.sql$/.test(file))
    .sort()
    .map((name) => {
      const sql = readFileSync(join(dir, name), "utf8");
      return { name, sql, checksum: createHash("sha256").update(sql).digest("hex") };
    });
}

/**
 * Applies the pending migrations.
 *
 * @returns The names of the migrations applied now.
 * @throws When an applied migration's file has changed, or a migration fails (that migration is rolled back).
 */
export async function migrate(db: Database, dir: string = MIGRATIONS_DIR): Promise<string[]> {
  await db.query(
    "CREATE TABLE IF NOT EXISTS schema_migrations (name text PRIMARY KEY, checksum text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())",
  );
  if (db.engine === "postgres") await db.query("SELECT pg_advisory_lock($1)", [MIGRATION_LOCK]);
  try {
    const applied = new Map(
      (await db.query<{ name: string; checksum: string }>("SELECT name, checksum FROM schema_migrations")).map(
        (row) => [row.name, row.checksum],
      ),
    );
    const done: string[] = [];
    for (const migration of readMigrations(dir)) {
      const recorded = applied.get(migration.name);
      if (recorded !== undefined) {
        if (recorded !== migration.checksum) {
          throw new Error(`migration ${migration.name} was changed after it was applied; add a new migration instead`);
        }
        continue;
      }
      await db.transaction(async (tx) => {
        try {
          for (const statement of splitStatements(migration.sql)) await tx.query(statement);
        } catch (error) {
          throw new Error(`migration ${migration.name} failed: ${(error as Error).message}`, { cause: error });
        }
        await tx.query("INSERT INTO schema_migrations (name, checksum) VALUES ($1, $2)", [
          migration.name,
          migration.checksum,
        ]);
      });
      done.push(migration.name);
    }
    return done;
  } finally {
    if (db.engine === "postgres") await db.query("SELECT pg_advisory_unlock($1)", [MIGRATION_LOCK]);
  }
}

/**
 * Splits a migration into statements at `;` line ends (migrations keep one statement per `;`-terminated block
 * and no `$$` bodies), dropping `--` comment lines.
 */
function splitStatements(sql: string): string[] {
  return sql
    .split("\n")
    .filter((line) => !line.trim().startsWith("--"))
    .join("\n")
    .split(/;\s*$/m)
    .map((statement) => statement.trim())
    .filter((statement) => statement.length > 0);
}
