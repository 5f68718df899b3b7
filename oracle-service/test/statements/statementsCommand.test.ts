import assert from "node:assert/strict";
import { Writable } from "node:stream";
import { after, before, describe, it } from "node:test";

import { statementsImportCommand } from "../../src/cli/commands/statements.ts";
import type { Database } from "../../src/db/database.ts";
import { openTestDatabase, TEST_ENGINES } from "../support/databases.ts";
import {
  BASIC,
  CSV_SEMICOLON,
  CSV_SEMICOLON_MAPPING,
  editedFixture,
  fixture,
  rowCounts,
  setCell,
  tempDir,
} from "./support.ts";

/** A stream that keeps what is written to it. */
function collector(): Writable & { text: () => string } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      chunks.push(chunk.toString());
      callback();
    },
  });
  return Object.assign(stream, { text: () => chunks.join("") });
}

for (const engine of TEST_ENGINES) {
  describe(`encore statements import on ${engine}`, () => {
    let db: Database;
    before(async () => {
      db = await openTestDatabase(engine);
    });
    after(async () => {
      await db.close();
    });

    async function run(args: string[]) {
      const stdout = collector();
      const stderr = collector();
      const code = await statementsImportCommand(args, { db, tokenDecimals: 6, stdout, stderr });
      return { code, stdout: stdout.text(), stderr: stderr.text() };
    }

    it("exits 1 with file, line and field when the file has a problem, storing nothing", async () => {
      const path = editedFixture(tempDir(), BASIC, (lines) => setCell(lines, 11, 8, "12,5"));
      const result = await run(["--fx", "0.92", "--fx-source", "test", path]);
      assert.equal(result.code, 1);
      assert.equal(
        result.stderr,
        `encore statements import: nothing was stored.\n${BASIC} line 11, field NetRevenue: "12,5" is not a decimal number; expected digits with an optional "." such as 12.34\n`,
      );
      assert.deepEqual(await rowCounts(db), { statements: 0, lines: 0 });
    });

    it("imports a DSR report and prints the summary table; the same file again is a duplicate", async () => {
      const first = await run(["--fx", "0.92", "--fx-source", "ECB 2026-03-31", fixture(BASIC)]);
      assert.equal(first.code, 0, first.stderr);
      assert.equal(first.stderr, "", "no progress bar when stderr is not a terminal");
      assert.match(first.stdout, /^statement id {2}\d+\n/);
      assert.match(first.stdout, /\nlines {9}5\n/);
      assert.match(first.stdout, /\ngross {9}42\.72 USD\n/);
      assert.match(first.stdout, /\nFX {12}0\.92 \(ECB 2026-03-31\)\n/);
      assert.match(first.stdout, /\ntoken units {3}39302400\n/);
      assert.match(first.stdout, /\nduplicate {5}no\n$/);
      const again = await run(["--fx", "0.92", "--fx-source", "ECB 2026-03-31", fixture(BASIC)]);
      assert.equal(again.code, 0);
      assert.match(again.stdout, /\nduplicate {5}yes \(already imported; nothing stored\)\n$/);
    });

    it("imports a CSV with a mapping file", async () => {
      const result = await run([
        "--format",
        "csv",
        "--mapping",
        fixture(CSV_SEMICOLON_MAPPING),
        "--fx",
        "1.08",
        "--fx-source",
        "ECB",
        fixture(CSV_SEMICOLON),
      ]);
      assert.equal(result.code, 0, result.stderr);
      assert.match(result.stdout, /\ngross {9}1\.05 EUR\n/);
    });

    it("exits 2 on wrong usage, with the reason and the help", async () => {
      const cases: [string[], string][] = [
        [[fixture(BASIC)], "--fx <rate> is required (token units per currency unit)"],
        [
          ["--fx", "0,92", "--fx-source", "x", fixture(BASIC)],
          '--fx: FX rate "0,92" is not a positive decimal with at most 18 fraction digits (e.g. 0.92)',
        ],
        [["--fx", "1", fixture(BASIC)], "--fx-source <text> is required"],
        [
          ["--fx", "1", "--fx-source", "x", "--format", "xml", fixture(BASIC)],
          '--format must be dsr or csv, not "xml"',
        ],
        [["--fx", "1", "--fx-source", "x"], "no statement file given"],
        [["--fx", "1", "--fx-source", "x", "--mapping", "m.json", fixture(BASIC)], "--mapping applies to --format csv"],
        [["--bogus"], "Unknown option '--bogus'"],
      ];
      for (const [args, reason] of cases) {
        const result = await run(args);
        assert.equal(result.code, 2, args.join(" "));
        assert.ok(result.stderr.startsWith(`encore statements import: ${reason}`), result.stderr);
        assert.match(result.stderr, /Usage: encore statements import/);
      }
    });

    it("prints the help and exits 0 for --help", async () => {
      const result = await run(["--help"]);
      assert.equal(result.code, 0);
      assert.match(result.stdout, /^Usage: encore statements import \[options\] <files…>/);
    });
  });
}
