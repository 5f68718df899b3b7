/**
 * Malformed files and CSV rows: encoding, gzip, file names, multi-part reports, and CSV quoting, mapping and values.
 * Each case asserts the exact error and that nothing was stored.
 */
import { copyFileSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { gzipSync } from "node:zlib";

import type { Database } from "../../src/db/database.ts";
import { loadCsvMapping, type ImportStatementOptions } from "../../src/statements/index.ts";
import { openTestDatabase, TEST_ENGINES } from "../support/databases.ts";
import {
  assertImportFails,
  BASIC,
  CSV_DEFAULT,
  CSV_SEMICOLON,
  CSV_SEMICOLON_MAPPING,
  editedFixture,
  fixture,
  PART_1,
  PART_2,
  setCell,
  tempDir,
  TEST_FX,
  writeBytes,
  type ExpectedError,
} from "./support.ts";

/** One malformed input: builds its files in a fresh folder. */
interface InputCase {
  name: string;
  options: (dir: string) => Omit<ImportStatementOptions, "fx" | "tokenDecimals">;
  expected: ExpectedError;
}

const dsr = (files: string[]) => ({ files, format: "dsr" as const });
const csv = (files: string[], mapping = false) => ({
  files,
  format: "csv" as const,
  ...(mapping ? { csvMapping: loadCsvMapping(fixture(CSV_SEMICOLON_MAPPING)) } : {}),
});
const AT_PART_2 = PART_2.replace("_DE_", "_AT_");

const CASES: InputCase[] = [
  {
    name: "invalid UTF-8",
    options: (dir) => {
      const bytes = readFileSync(fixture(BASIC));
      const at = bytes.indexOf("Dawn");
      bytes[at + 2] = 0xff;
      return dsr([writeBytes(dir, BASIC, bytes)]);
    },
    expected: { file: BASIC, line: 7, field: "encoding", problem: "the line is not valid UTF-8; expected UTF-8 text" },
  },
  {
    name: "a truncated .tsv.gz",
    options: (dir) => {
      const gzip = gzipSync(readFileSync(fixture(BASIC)));
      return dsr([writeBytes(dir, `${BASIC}.gz`, gzip.subarray(0, Math.floor(gzip.length * 0.6)))]);
    },
    expected: {
      file: `${BASIC}.gz`,
      line: 0,
      field: "gzip",
      problem: "the file is not a valid, complete gzip stream (unexpected end of file); expected a whole .gz file",
    },
  },
  {
    name: "a .tsv.gz that is not gzip",
    options: (dir) => dsr([writeBytes(dir, `${BASIC}.gz`, readFileSync(fixture(BASIC)))]),
    expected: {
      file: `${BASIC}.gz`,
      line: 0,
      field: "gzip",
      problem: "the file is not a valid, complete gzip stream (incorrect header check); expected a whole .gz file",
    },
  },
  {
    name: "a file name outside the DSR convention",
    options: (dir) => {
      copyFileSync(fixture(BASIC), join(dir, "statement.tsv"));
      return dsr([join(dir, "statement.tsv")]);
    },
    expected: {
      file: "statement.tsv",
      line: 0,
      field: "file name",
      problem:
        "does not follow the DSR naming convention; expected DSR_<Sender>_<Recipient>_<Service>_<Period>_<Territory>_<x>of<y>_<timestamp>.tsv or .tsv.gz",
    },
  },
  {
    name: "part 2of2 without part 1of2",
    options: () => dsr([fixture(PART_2)]),
    expected: {
      file: PART_2,
      line: 0,
      field: "file name",
      problem: "part 1of2 of this report is missing; expected all 2 files of the report",
    },
  },
  {
    name: "the same part twice",
    options: () => dsr([fixture(PART_1), fixture(PART_1)]),
    expected: { file: PART_1, line: 0, field: "file name", problem: "part 1 is given twice" },
  },
  {
    name: "parts of different reports (file names)",
    options: (dir) => {
      copyFileSync(fixture(PART_2), join(dir, AT_PART_2));
      return dsr([fixture(PART_1), join(dir, AT_PART_2)]);
    },
    expected: {
      file: AT_PART_2,
      line: 0,
      field: "file name",
      problem: `belongs to a different report than ${PART_1}; expected every part to share sender, recipient, service, period, territory and part count`,
    },
  },
  {
    name: "parts of different reports (MessageId)",
    options: (dir) => dsr([fixture(PART_1), editedFixture(dir, PART_2, (l) => setCell(l, 1, 4, "MSG-OTHER"))]),
    expected: {
      file: PART_2,
      line: 1,
      field: "MessageId",
      problem: `"MSG-OTHER" differs from "MSG-2026-03-DE-0002" in ${PART_1}; expected every part to belong to the same report`,
    },
  },
  {
    name: "a last part without the report line count",
    options: (dir) => dsr([fixture(PART_1), editedFixture(dir, PART_2, (l) => setCell(l, 4, 2, ""))]),
    expected: {
      file: PART_2,
      line: 4,
      field: "NumberOfLinesInReport",
      problem: '"" is not a count; expected a whole number',
    },
  },
  {
    name: "a CSV header without a mapped column",
    options: (dir) => csv([editedFixture(dir, CSV_DEFAULT, (l) => (l[0] = l[0].replace("Net Revenue", "Revenue")))]),
    expected: {
      file: CSV_DEFAULT,
      line: 1,
      field: "Net Revenue",
      problem: 'the header has no "Net Revenue" column; expected the columns the mapping names (amount)',
    },
  },
  {
    name: "a CSV quote never closed",
    options: (dir) =>
      csv([
        editedFixture(dir, CSV_DEFAULT, (l) => l.push('QZABC2600003,"Open,Stream,US,1,1.00,USD,2026-03-01,2026-03-31')),
      ]),
    expected: {
      file: CSV_DEFAULT,
      line: 6,
      field: "Title",
      problem: "a quoted field is never closed; expected a closing quote",
    },
  },
  {
    name: "a CSV quote inside an unquoted field",
    options: (dir) => csv([editedFixture(dir, CSV_DEFAULT, (l) => (l[1] = l[1].replace("US,1500", 'U"S,1500')))]),
    expected: {
      file: CSV_DEFAULT,
      line: 2,
      field: "Country",
      problem: 'a quote inside an unquoted field; expected the whole field in quotes, with "" for a quote',
    },
  },
  {
    name: "a CSV row with a missing field",
    options: (dir) => csv([editedFixture(dir, CSV_DEFAULT, (l) => (l[2] = l[2].replace(/,2026-03-31\r$/, "\r")))]),
    expected: {
      file: CSV_DEFAULT,
      line: 3,
      field: "Period End",
      problem: "the row has 8 fields; expected 9 as in the header",
    },
  },
  {
    name: "a CSV amount with the wrong decimal separator",
    options: (dir) => csv([editedFixture(dir, CSV_SEMICOLON, (l) => (l[1] = l[1].replace("0,84", "0.84")))], true),
    expected: {
      file: CSV_SEMICOLON,
      line: 2,
      field: "Revenu net",
      problem: '"0.84" is not a decimal number; expected digits with an optional "," such as 12,34',
    },
  },
  {
    name: "CSV rows in two currencies",
    options: (dir) => csv([editedFixture(dir, CSV_DEFAULT, (l) => (l[2] = l[2].replace(",USD,", ",EUR,")))]),
    expected: {
      file: CSV_DEFAULT,
      line: 3,
      field: "Currency",
      problem: '"EUR" differs from the currency of line 2 USD; expected one currency per statement',
    },
  },
  {
    name: "a CSV month that does not exist",
    options: (dir) =>
      csv([editedFixture(dir, CSV_SEMICOLON, (l) => (l[2] = l[2].replace("2026-03", "2026-13")))], true),
    expected: { file: CSV_SEMICOLON, line: 3, field: "Mois", problem: '"2026-13" is not a valid calendar date' },
  },
  {
    name: "a CSV date in another format than the mapping's",
    options: (dir) =>
      csv([editedFixture(dir, CSV_DEFAULT, (l) => (l[1] = l[1].replace(",2026-03-01,", ",03/01/2026,")))]),
    expected: {
      file: CSV_DEFAULT,
      line: 2,
      field: "Period Start",
      problem: '"03/01/2026" is not a date; expected the format YYYY-MM-DD',
    },
  },
  {
    name: "a repeated CSV transaction id",
    options: (dir) => csv([editedFixture(dir, CSV_SEMICOLON, (l) => (l[2] = l[2].replace("R-2", "R-1")))], true),
    expected: {
      file: CSV_SEMICOLON,
      line: 3,
      field: "Réf",
      problem: `duplicate line: "R-1" was already reported at ${CSV_SEMICOLON} line 2; expected each line once`,
    },
  },
  {
    name: "a repeated CSV line identity (ISRC, use, territory, period)",
    options: (dir) => csv([editedFixture(dir, CSV_DEFAULT, (l) => (l[4] = l[4].replace(",DE,", ",US,")))]),
    expected: {
      file: CSV_DEFAULT,
      line: 4,
      field: "ISRC+usage type+territory+period",
      problem: `duplicate line: "QZABC2600001|Stream|US|2026-03-01|2026-03-31" was already reported at ${CSV_DEFAULT} line 2; expected each line once`,
    },
  },
  {
    name: "a negative CSV amount",
    options: (dir) => csv([editedFixture(dir, CSV_DEFAULT, (l) => (l[1] = l[1].replace(",3.75,", ",-3.75,")))]),
    expected: {
      file: CSV_DEFAULT,
      line: 2,
      field: "Net Revenue",
      problem: '"-3.75" is negative; expected an amount of 0 or more',
    },
  },
  {
    name: "an invalid CSV ISRC",
    options: (dir) =>
      csv([editedFixture(dir, CSV_DEFAULT, (l) => (l[2] = l[2].replace("QZABC2600002", "QZ-ABC-2600002")))]),
    expected: {
      file: CSV_DEFAULT,
      line: 3,
      field: "ISRC",
      problem:
        '"QZ-ABC-2600002" is not a valid ISRC; expected 2 letters, 3 letters or digits, then 7 digits (e.g. USS1Z1412345)',
    },
  },
  {
    name: "a CSV with a header and no rows",
    options: (dir) => csv([editedFixture(dir, CSV_DEFAULT, (l) => l.splice(1))]),
    expected: {
      file: CSV_DEFAULT,
      line: 0,
      field: "lines",
      problem: "the file has a header but no rows; expected at least one revenue row",
    },
  },
];

for (const engine of TEST_ENGINES) {
  describe(`malformed files and CSV rows on ${engine}`, () => {
    let db: Database;
    before(async () => {
      db = await openTestDatabase(engine);
    });
    after(async () => {
      await db.close();
    });

    for (const testCase of CASES) {
      it(`rejects ${testCase.name}`, async () => {
        await assertImportFails(
          db,
          { ...testCase.options(tempDir()), fx: TEST_FX, tokenDecimals: 6 },
          testCase.expected,
        );
      });
    }

    it("rejects a file that does not exist, naming it", async () => {
      const path = join(tempDir(), "missing.csv");
      await assertImportFails(
        db,
        { files: [path], format: "csv", fx: TEST_FX, tokenDecimals: 6 },
        {
          file: "missing.csv",
          line: 0,
          field: "file",
          problem: `cannot be read (ENOENT: no such file or directory, open '${path}')`,
        },
      );
    });
  });
}
