import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { copyLine } from "../../src/db/database.ts";
import { migrate, readMigrations } from "../../src/db/migrate.ts";
import { openTestDatabase, TEST_ENGINES } from "../support/databases.ts";

for (const engine of TEST_ENGINES) {
  describe(`database on ${engine}`, () => {
    it("applies every migration once and records it", async () => {
      const db = await openTestDatabase(engine);
      try {
        const rows = await db.query<{ name: string }>("SELECT name FROM schema_migrations ORDER BY name");
        assert.deepEqual(
          rows.map((row) => row.name),
          readMigrations().map((migration) => migration.name),
        );
        assert.deepEqual(await migrate(db), []);
      } finally {
        await db.close();
      }
    });

    it("returns int8 as bigint, numeric and date as exact strings", async () => {
      const db = await openTestDatabase(engine);
      try {
        const [row] = await db.query<{ big: bigint; exact: string; day: string }>(
          "SELECT 9007199254740993::int8 AS big, 0.1::numeric + 0.2::numeric AS exact, '2026-11-30'::date AS day",
        );
        assert.deepEqual(row, { big: 9007199254740993n, exact: "0.3", day: "2026-11-30" });
      } finally {
        await db.close();
      }
    });

    it("bulk-loads escaped text with COPY and rolls a failed transaction back entirely", async () => {
      const db = await openTestDatabase(engine);
      try {
        await db.query("CREATE TABLE t (a integer, b text)");
        await db.copyIn("t", ["a", "b"], copyLine([1, "tab\there\\ and\nnewline"]) + copyLine([2, null]));
        const rows = await db.query<{ a: number; b: string | null }>("SELECT a, b FROM t ORDER BY a");
        assert.deepEqual(rows, [
          { a: 1, b: "tab\there\\ and\nnewline" },
          { a: 2, b: null },
        ]);
        await assert.rejects(
          db.transaction(async (tx) => {
            await tx.copyIn("t", ["a", "b"], copyLine([3, "x"]));
            await tx.query("INSERT INTO t (a, b) VALUES ($1, $2)", ["not a number", "y"]);
          }),
        );
        assert.equal((await db.query("SELECT * FROM t")).length, 2);
      } finally {
        await db.close();
      }
    });

    it("bulk-loads UTF-8 bytes with COPY, reports a bad row with its line and stays usable", async () => {
      const db = await openTestDatabase(engine);
      try {
        await db.query("CREATE TABLE t (a integer, b text)");
        const bytes = new TextEncoder().encode(copyLine([1, "naïve ✓"]) + copyLine([2, "b"]));
        await db.transaction((tx) => tx.copyIn("t", ["a", "b"], bytes));
        await assert.rejects(
          db.transaction((tx) => tx.copyIn("t", ["a", "b"], copyLine([3, "c"]) + copyLine(["four", "d"]))),
          (error: Error) => /invalid input syntax for type integer: "four"/.test(error.message),
        );
        await db.copyIn("t", ["a", "b"], new TextEncoder().encode(copyLine([5, "e"])));
        const rows = await db.query<{ a: number; b: string }>("SELECT a, b FROM t ORDER BY a");
        assert.deepEqual(rows, [
          { a: 1, b: "naïve ✓" },
          { a: 2, b: "b" },
          { a: 5, b: "e" },
        ]);
      } finally {
        await db.close();
      }
    });
  });
}
