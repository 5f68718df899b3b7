import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";

import type { Database } from "../../src/db/database.ts";
import { importStatement } from "../../src/statements/index.ts";
import { openTestDatabase, TEST_ENGINES } from "../support/databases.ts";
import {
  BASIC,
  editedFixture,
  FINANCIAL,
  fixture,
  gzippedFixture,
  PART_1,
  PART_2,
  rowCounts,
  setCell,
  tempDir,
  TEST_FX,
  UGC,
} from "./support.ts";

interface LineRow {
  file_line: number;
  isrc: string;
  usage_type: string | null;
  territory: string | null;
  quantity: bigint;
  amount: string;
  amount_units: string;
  source_key: string;
}

async function linesOf(db: Database, statementId: bigint): Promise<LineRow[]> {
  return db.query<LineRow>(
    `SELECT file_line, isrc, usage_type, territory, quantity, amount, amount_units, source_key
     FROM statement_lines WHERE statement_id = $1 ORDER BY line_no`,
    [statementId],
  );
}

for (const engine of TEST_ENGINES) {
  describe(`DSR import on ${engine}`, () => {
    let db: Database;
    before(async () => {
      db = await openTestDatabase(engine);
    });
    after(async () => {
      await db.close();
    });

    it("imports a Basic Audio report: SY01/SY02, RE01, AS01, AS02, MW01, SU01, SU02 into one statement", async () => {
      const progress: number[] = [];
      const result = await importStatement(db, {
        files: [fixture(BASIC)],
        format: "dsr",
        fx: TEST_FX,
        tokenDecimals: 6,
        batchRows: 2,
        onProgress: (done) => progress.push(done),
      });
      assert.equal(result.duplicate, false);
      assert.equal(result.lines, 5);
      assert.equal(result.grossAmount, "42.72");
      assert.equal(result.amountUnits, 39_302_400n);
      assert.equal(result.currency, "USD");
      assert.deepEqual([result.periodStart, result.periodEnd], ["2026-03-01", "2026-03-31"]);
      // Block B1 hands over its 4 lines when it ends (a batch of 2 is full by then), B2 its 1 line at FOOT.
      assert.deepEqual(progress, [4, 5]);
      assert.deepEqual(
        (await linesOf(db, result.statementId)).map((row) => [
          row.file_line,
          row.isrc,
          row.usage_type,
          row.territory,
          row.quantity,
          row.amount,
          row.amount_units,
          row.source_key,
        ]),
        [
          [10, "QZABC2600001", "OnDemandStream", "US", 2000n, "25.00", "23000000", "T-0001"],
          [11, "QZABC2600002", "OnDemandStream", "US", 1000n, "12.50", "11500000", "T-0002"],
          [12, "QZABC2600001", "OnDemandStream", "US", 1000n, "2.25", "2070000", "T-0003"],
          [13, "QZABC2600002", "PermanentDownload", "US", 2n, "1.98", "1821600", "T-0004"],
          // Release-level download in a block with one resource: attributed to that recording.
          [17, "QZABC2600003", "PermanentDownload", "US", 1n, "0.99", "910800", "T-0005"],
        ],
      );
      const [statement] = await db.query<Record<string, unknown>>(
        `SELECT format, sender, recipient, service, territory, currency, fx_rate, fx_source, token_decimals,
           file_names, line_count, gross_amount, total_amount_units, message_id, profile
         FROM statements WHERE id = $1`,
        [result.statementId],
      );
      assert.deepEqual(statement, {
        format: "dsr",
        sender: "PADPIDA2014120301U",
        recipient: "PADPIDA2010081202X",
        service: "Spotify",
        territory: "US",
        currency: "USD",
        fx_rate: "0.92",
        fx_source: "test fixture rate",
        token_decimals: 6,
        file_names: [BASIC],
        line_count: 5n,
        gross_amount: "42.72",
        total_amount_units: "39302400",
        message_id: "MSG-2026-03-US-0001",
        profile: "BasicAudioProfile",
      });
    });

    it("returns the same statement for the same bytes, storing nothing new (also for a .tsv.gz copy of other bytes)", async () => {
      const before = await rowCounts(db);
      const again = await importStatement(db, {
        files: [fixture(BASIC)],
        format: "dsr",
        fx: { rate: "2", source: "other" },
        tokenDecimals: 6,
      });
      assert.equal(again.duplicate, true);
      assert.equal(again.lines, 5);
      assert.equal(again.fxRate, "0.92", "the recorded rate of the first import");
      assert.deepEqual(await rowCounts(db), before);
    });

    it("imports a gzipped report (.tsv.gz), a new statement because its bytes differ", async () => {
      const result = await importStatement(db, {
        files: [gzippedFixture(tempDir(), BASIC)],
        format: "dsr",
        fx: TEST_FX,
        tokenDecimals: 6,
      });
      assert.equal(result.duplicate, false);
      assert.equal(result.lines, 5);
      assert.equal(result.grossAmount, "42.72");
    });

    it("imports a two-part report given in any order as one statement", async () => {
      const result = await importStatement(db, {
        files: [fixture(PART_2), fixture(PART_1)],
        format: "dsr",
        fx: TEST_FX,
        tokenDecimals: 2,
      });
      assert.deepEqual(result.files, [PART_1, PART_2]);
      assert.equal(result.lines, 2);
      assert.equal(result.grossAmount, "50.00");
      assert.equal(result.amountUnits, 4600n);
      const rows = await db.query<{ file_name: string; isrc: string }>(
        "SELECT file_name, isrc FROM statement_lines WHERE statement_id = $1 ORDER BY line_no",
        [result.statementId],
      );
      assert.deepEqual(rows, [
        { file_name: PART_1, isrc: "QZABC2600001" },
        { file_name: PART_2, isrc: "QZABC2600002" },
      ]);
    });

    it("imports a UGC report whose # rows rename and reorder columns; revenue precedes its resource", async () => {
      const result = await importStatement(db, { files: [fixture(UGC)], format: "dsr", fx: TEST_FX, tokenDecimals: 6 });
      assert.equal(result.currency, "EUR");
      assert.equal(result.grossAmount, "4.10");
      assert.deepEqual(
        (await linesOf(db, result.statementId)).map((row) => [
          row.file_line,
          row.isrc,
          row.quantity,
          row.amount,
          row.source_key,
        ]),
        [
          [5, "FRABC2600001", 3000n, "2.60", "YT-0001"],
          [7, "FRABC2600002", 2000n, "1.50", "YT-0002"],
        ],
      );
    });

    it("imports a Financial Reporting report (LI01) with per-line use type, territory and a floor per line", async () => {
      const result = await importStatement(db, {
        files: [fixture(FINANCIAL)],
        format: "dsr",
        fx: TEST_FX,
        tokenDecimals: 6,
      });
      assert.deepEqual([result.periodStart, result.periodEnd, result.currency], ["2026-01-01", "2026-03-31", "GBP"]);
      assert.equal(result.grossAmount, "10.000001");
      assert.equal(result.amountUnits, 9_200_000n, "5,520,000.92 floors to 5,520,000, plus 3,680,000");
      assert.deepEqual(
        (await linesOf(db, result.statementId)).map((row) => [
          row.isrc,
          row.usage_type,
          row.territory,
          row.amount_units,
          row.source_key,
        ]),
        [
          ["GBQZZ2600001", "OnDemandStream", "GB", "5520000", "LI-0001"],
          ["GBQZZ2600002", "PermanentDownload", "DE", "3680000", "LI-0002"],
        ],
      );
    });

    it("stores one statement when the same content is imported twice at the same time", async () => {
      // The two-part report with another MessageId: new bytes, so one of the two calls stores it.
      const dir = tempDir();
      const renamed = (lines: string[]) => setCell(lines, 1, 4, "MSG-CONCURRENT");
      const first = editedFixture(dir, PART_1, renamed);
      const second = editedFixture(dir, PART_2, renamed);
      const options = { files: [first, second], format: "dsr" as const, fx: TEST_FX, tokenDecimals: 6 };
      const statementsBefore = (await rowCounts(db)).statements;
      const results = await Promise.all([importStatement(db, options), importStatement(db, options)]);
      assert.equal(results[0].statementId, results[1].statementId);
      assert.deepEqual(results.map((result) => result.duplicate).sort(), [false, true]);
      assert.equal((await rowCounts(db)).statements, statementsBefore + 1);
    });

    it("aggregates the stored lines by ISRC in token units, as the report builder does", async () => {
      const rows = await db.query<{ isrc: string; units: string }>(
        `SELECT isrc, sum(amount_units)::text AS units FROM statement_lines l JOIN statements s ON s.id = l.statement_id
         WHERE s.message_id = 'MSG-2026-03-US-0001' AND s.file_names = $1::text::jsonb GROUP BY isrc ORDER BY isrc`,
        [JSON.stringify([BASIC])],
      );
      assert.deepEqual(rows, [
        { isrc: "QZABC2600001", units: "25070000" },
        { isrc: "QZABC2600002", units: "13321600" },
        { isrc: "QZABC2600003", units: "910800" },
      ]);
    });
  });
}
