import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";

import type { Database } from "../../src/db/database.ts";
import { importStatement, loadCsvMapping } from "../../src/statements/index.ts";
import { openTestDatabase, TEST_ENGINES } from "../support/databases.ts";
import { CSV_DEFAULT, CSV_SEMICOLON, CSV_SEMICOLON_MAPPING, fixture, rowCounts, TEST_FX } from "./support.ts";

for (const engine of TEST_ENGINES) {
  describe(`CSV import on ${engine}`, () => {
    let db: Database;
    before(async () => {
      db = await openTestDatabase(engine);
    });
    after(async () => {
      await db.close();
    });

    it("imports a distributor export with the default mapping (RFC 4180 quoting, CRLF, multi-line field)", async () => {
      const result = await importStatement(db, {
        files: [fixture(CSV_DEFAULT)],
        format: "csv",
        fx: TEST_FX,
        tokenDecimals: 6,
      });
      assert.equal(result.lines, 3);
      assert.equal(result.grossAmount, "6.73");
      assert.equal(result.amountUnits, 6_191_600n);
      assert.deepEqual([result.currency, result.periodStart, result.periodEnd], ["USD", "2026-03-01", "2026-03-31"]);
      const rows = await db.query<{
        file_line: number;
        isrc: string;
        usage_type: string;
        territory: string;
        quantity: bigint;
        amount: string;
        source_key: string;
      }>(
        `SELECT file_line, isrc, usage_type, territory, quantity, amount, source_key FROM statement_lines
         WHERE statement_id = $1 ORDER BY line_no`,
        [result.statementId],
      );
      assert.deepEqual(rows, [
        {
          file_line: 2,
          isrc: "QZABC2600001",
          usage_type: "Stream",
          territory: "US",
          quantity: 1500n,
          amount: "3.75",
          source_key: "QZABC2600001|Stream|US|2026-03-01|2026-03-31",
        },
        {
          file_line: 3,
          isrc: "QZABC2600002",
          usage_type: "Download",
          territory: "GB",
          quantity: 2n,
          amount: "1.98",
          source_key: "QZABC2600002|Download|GB|2026-03-01|2026-03-31",
        },
        {
          file_line: 4,
          isrc: "QZABC2600001",
          usage_type: "Stream",
          territory: "DE",
          quantity: 400n,
          amount: "1.00",
          source_key: "QZABC2600001|Stream|DE|2026-03-01|2026-03-31",
        },
      ]);
      const [statement] = await db.query<{ sender: string | null; message_id: string | null; format: string }>(
        "SELECT sender, message_id, format FROM statements WHERE id = $1",
        [result.statementId],
      );
      assert.deepEqual(statement, { sender: null, message_id: null, format: "csv" });
    });

    it("imports with a custom mapping: semicolons, decimal comma, months, fixed currency, transaction ids, BOM", async () => {
      const csvMapping = loadCsvMapping(fixture(CSV_SEMICOLON_MAPPING));
      const result = await importStatement(db, {
        files: [fixture(CSV_SEMICOLON)],
        format: "csv",
        fx: { rate: "1.08", source: "ECB 2026-03-31" },
        tokenDecimals: 6,
        csvMapping,
      });
      assert.deepEqual([result.currency, result.periodStart, result.periodEnd], ["EUR", "2026-02-01", "2026-03-31"]);
      assert.equal(result.grossAmount, "1.05");
      assert.equal(result.amountUnits, 1_134_000n);
      const rows = await db.query<{
        isrc: string;
        territory: string;
        quantity: bigint;
        amount: string;
        source_key: string;
      }>(
        "SELECT isrc, territory, quantity, amount, source_key FROM statement_lines WHERE statement_id = $1 ORDER BY line_no",
        [result.statementId],
      );
      assert.deepEqual(rows, [
        { isrc: "FRABC2600001", territory: "FR", quantity: 1200n, amount: "0.84", source_key: "R-1" },
        { isrc: "FRABC2600002", territory: "BE", quantity: 300n, amount: "0.21", source_key: "R-2" },
      ]);
    });

    it("treats the same CSV bytes as the same statement", async () => {
      const before = await rowCounts(db);
      const again = await importStatement(db, {
        files: [fixture(CSV_DEFAULT)],
        format: "csv",
        fx: TEST_FX,
        tokenDecimals: 6,
      });
      assert.equal(again.duplicate, true);
      assert.deepEqual(await rowCounts(db), before);
    });
  });
}
