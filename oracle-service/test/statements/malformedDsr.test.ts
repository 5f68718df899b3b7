/**
 * Malformed DSR records: each case edits one valid fixture and asserts the exact error (file, line, field, problem)
 * and that nothing was stored. Line numbers refer to the Basic Audio fixture:
 *  1 HEAD · 2 comment · 3–5 SY01 S1, SY01 S2, SY02 S3 · 6 RE01 B1 · 7 AS01 A1 · 8 AS02 A2 · 9 MW01 ·
 *  10–13 SU02 T-0001, SU02.03 T-0002, SU02 T-0003, SU01 T-0004 · 14 empty · 15 RE01 B2 · 16 AS01 B2 · 17 SU01 T-0005 ·
 *  18 FOOT.
 */
import { after, before, describe, it } from "node:test";

import type { Database } from "../../src/db/database.ts";
import { openTestDatabase, TEST_ENGINES } from "../support/databases.ts";
import {
  assertImportFails,
  BASIC,
  editedFixture,
  FINANCIAL,
  setCell,
  tempDir,
  TEST_FX,
  UGC,
  type ExpectedError,
} from "./support.ts";

/** One malformed variant of a fixture. */
interface DsrCase {
  name: string;
  source?: string;
  edit: (lines: string[]) => void;
  expected: Omit<ExpectedError, "file"> & { file?: string };
}

const KNOWN = "HEAD, SY01, SY02, SY03, SY04, SY05, RE01, AS01, AS02, MW01, SU01, SU02, SU03, LI01, FOOT";

const CASES: DsrCase[] = [
  {
    name: "a record with a missing cell",
    edit: (l) => (l[9] = l[9].split("\t").slice(0, 8).join("\t")),
    expected: { line: 10, field: "NetRevenue", problem: "the SU02 record has 8 cells; expected 9" },
  },
  {
    name: "a record with an extra cell",
    edit: (l) => (l[6] += "\textra"),
    expected: { line: 7, field: "cell 12", problem: "the AS01 record has 12 cells; expected 11" },
  },
  {
    name: "an amount with a decimal comma",
    edit: (l) => setCell(l, 11, 8, "12,5"),
    expected: {
      line: 11,
      field: "NetRevenue",
      problem: '"12,5" is not a decimal number; expected digits with an optional "." such as 12.34',
    },
  },
  {
    name: "an amount in exponent notation",
    edit: (l) => setCell(l, 10, 8, "2.5e1"),
    expected: {
      line: 10,
      field: "NetRevenue",
      problem: '"2.5e1" is not a decimal number; expected digits with an optional "." such as 12.34',
    },
  },
  {
    name: "an empty amount",
    edit: (l) => setCell(l, 10, 8, ""),
    expected: { line: 10, field: "NetRevenue", problem: "is empty; expected a decimal amount such as 12.34" },
  },
  {
    name: "a negative amount",
    edit: (l) => setCell(l, 12, 8, "-2.25"),
    expected: { line: 12, field: "NetRevenue", problem: '"-2.25" is negative; expected an amount of 0 or more' },
  },
  {
    name: "an absurdly large amount",
    edit: (l) => setCell(l, 12, 8, "1000000000.01"),
    expected: {
      line: 12,
      field: "NetRevenue",
      problem: '"1000000000.01" is absurdly large; expected at most 1000000000 per line',
    },
  },
  {
    name: "an amount with absurd precision",
    edit: (l) => setCell(l, 12, 8, "2.2500000000001"),
    expected: {
      line: 12,
      field: "NetRevenue",
      problem: '"2.2500000000001" has more than 12 digits after the decimal point; expected at most 12',
    },
  },
  {
    name: "usages that are not a number",
    edit: (l) => setCell(l, 10, 7, "2k"),
    expected: {
      line: 10,
      field: "Usages",
      problem: '"2k" is not a number; expected a whole number of usages such as 1200',
    },
  },
  {
    name: "negative usages",
    edit: (l) => setCell(l, 10, 7, "-5"),
    expected: { line: 10, field: "Usages", problem: '"-5" is negative; expected 0 or more' },
  },
  {
    name: "an impossible date",
    edit: (l) => setCell(l, 1, 8, "2026-02-30"),
    expected: { line: 1, field: "UsageStartDate", problem: '"2026-02-30" is not a valid calendar date' },
  },
  {
    name: "a date in another format",
    edit: (l) => setCell(l, 1, 9, "31/03/2026"),
    expected: { line: 1, field: "UsageEndDate", problem: '"31/03/2026" is not a date; expected YYYY-MM-DD' },
  },
  {
    name: "a period ending before it starts",
    edit: (l) => setCell(l, 1, 9, "2026-02-28"),
    expected: { line: 1, field: "UsageEndDate", problem: "2026-02-28 is before UsageStartDate 2026-03-01" },
  },
  {
    name: "an unknown record type",
    edit: (l) => setCell(l, 9, 0, "MW99"),
    expected: {
      line: 9,
      field: "RecordType",
      problem: `"MW99" is not a record type Encore reads; expected one of ${KNOWN}`,
    },
  },
  {
    name: "a record type outside the profile",
    edit: (l) => setCell(l, 12, 0, "LI01"),
    expected: {
      line: 12,
      field: "RecordType",
      problem:
        '"LI01" is not part of the BasicAudioProfile; expected one of SY01, SY02, SY03, SY04, SY05, RE01, AS01, AS02, MW01, SU01, SU02, FOOT',
    },
  },
  {
    name: "an unknown profile",
    edit: (l) => setCell(l, 1, 2, "ClassicalProfile"),
    expected: {
      line: 1,
      field: "Profile",
      problem:
        '"ClassicalProfile" is not a profile Encore reads; expected one of BasicAudioProfile, UgcProfile, FinancialReportingToRecordCompaniesProfile',
    },
  },
  {
    name: "a missing FOOT",
    edit: (l) => l.pop(),
    expected: {
      line: 18,
      field: "RecordType",
      problem: "the file ends without a FOOT record; expected FOOT as the last record",
    },
  },
  {
    name: "a wrong FOOT line count",
    edit: (l) => setCell(l, 18, 1, "17"),
    expected: { line: 18, field: "NumberOfLinesInFile", problem: "says 17 but the file has 18" },
  },
  {
    name: "a wrong FOOT block count",
    edit: (l) => setCell(l, 18, 4, "3"),
    expected: { line: 18, field: "NumberOfBlocksInFile", problem: "says 3 but the file has 2" },
  },
  {
    name: "a wrong FOOT summary count",
    edit: (l) => setCell(l, 18, 3, "4"),
    expected: { line: 18, field: "NumberOfSummaryRecords", problem: "says 4 but the report has 3" },
  },
  {
    name: "a wrong FOOT report line count",
    edit: (l) => setCell(l, 18, 2, "19"),
    expected: { line: 18, field: "NumberOfLinesInReport", problem: "says 19 but the report has 18" },
  },
  {
    name: "a FOOT count that is not a number",
    edit: (l) => setCell(l, 18, 1, "eighteen"),
    expected: { line: 18, field: "NumberOfLinesInFile", problem: '"eighteen" is not a count; expected a whole number' },
  },
  {
    name: "a record after FOOT",
    edit: (l) => l.push(l[9]),
    expected: {
      line: 19,
      field: "RecordType",
      problem: "a record follows FOOT (line 18); expected FOOT to be the last record",
    },
  },
  {
    name: "a record before HEAD",
    edit: (l) => ([l[0], l[2]] = [l[2], l[0]]),
    expected: {
      line: 1,
      field: "RecordType",
      problem: '"SY01" comes before HEAD; expected HEAD as the first record of the file',
    },
  },
  {
    name: "an invalid ISRC",
    edit: (l) => setCell(l, 7, 4, "QZABC26001"),
    expected: {
      line: 7,
      field: "ISRC",
      problem:
        '"QZABC26001" is not a valid ISRC; expected 2 letters, 3 letters or digits, then 7 digits (e.g. USS1Z1412345)',
    },
  },
  {
    name: "a duplicate line (same SalesTransactionId)",
    edit: (l) => setCell(l, 11, 3, "T-0001"),
    expected: {
      line: 11,
      field: "SalesTransactionId",
      problem: `duplicate line: "T-0001" was already reported at ${BASIC} line 10; expected each line once`,
    },
  },
  {
    name: "a second currency",
    edit: (l) => setCell(l, 4, 10, "EUR"),
    expected: {
      line: 4,
      field: "Currency",
      problem: `"EUR" differs from the report currency USD (${BASIC} line 3); expected one currency per statement`,
    },
  },
  {
    name: "a currency that is not a code",
    edit: (l) => setCell(l, 3, 10, "usd"),
    expected: {
      line: 3,
      field: "Currency",
      problem: '"usd" is not a currency code; expected three upper-case letters such as EUR',
    },
  },
  {
    name: "a summary total that does not match its lines",
    edit: (l) => setCell(l, 3, 11, "37.51"),
    expected: {
      line: 3,
      field: "NetRevenue",
      problem: "the summary total 37.51 does not match the sum of its lines 37.5",
    },
  },
  {
    name: "a reference to an unknown summary",
    edit: (l) => setCell(l, 10, 2, "S9"),
    expected: {
      line: 10,
      field: "SummaryRecordId",
      problem: '"S9" names no summary record (SYnn) before this line; expected the id of an earlier SY record',
    },
  },
  {
    name: "a repeated summary id",
    edit: (l) => setCell(l, 4, 1, "S1"),
    expected: {
      line: 4,
      field: "SummaryRecordId",
      problem: `"S1" was already used by ${BASIC} line 3; expected a unique summary id`,
    },
  },
  {
    name: "an invalid territory",
    edit: (l) => setCell(l, 3, 6, "USA"),
    expected: {
      line: 3,
      field: "Territory",
      problem: '"USA" is not a territory; expected an ISO 3166-1 alpha-2 code such as FR, or Worldwide',
    },
  },
  {
    name: "a reference to a resource not in the block",
    edit: (l) => setCell(l, 10, 5, "A7"),
    expected: {
      line: 10,
      field: "TransactedResourceReference",
      problem: '"A7" names no resource record (AS01/AS02) in block B1',
    },
  },
  {
    name: "release-level revenue in a block of several resources",
    edit: (l) => (setCell(l, 13, 4, "R1"), setCell(l, 13, 5, "")),
    expected: {
      line: 13,
      field: "TransactedReleaseReference",
      problem:
        "release-level revenue cannot be attributed to one recording: block B1 has 2 resources; expected a TransactedResourceReference (or a block with exactly one resource)",
    },
  },
  {
    name: "revenue for a resource without ISRC",
    edit: (l) => setCell(l, 16, 4, ""),
    expected: {
      line: 17,
      field: "TransactedReleaseReference",
      problem: 'resource "A1" (line 16) has no ISRC; expected an ISRC to attribute the revenue to',
    },
  },
  {
    name: "revenue naming neither resource nor release",
    edit: (l) => setCell(l, 10, 5, ""),
    expected: {
      line: 10,
      field: "TransactedResourceReference",
      problem: "is empty and so is TransactedReleaseReference; expected the resource (or release) the revenue is for",
    },
  },
  {
    name: "an empty SalesTransactionId",
    edit: (l) => setCell(l, 10, 3, ""),
    expected: { line: 10, field: "SalesTransactionId", problem: "is empty; expected the transaction identifier" },
  },
  {
    name: "a flag that is not a boolean",
    edit: (l) => setCell(l, 10, 6, "yes"),
    expected: { line: 10, field: "IsRoyaltyBearing", problem: '"yes" is not a boolean; expected true or false' },
  },
  {
    name: "a resource reference used twice in a block",
    edit: (l) => setCell(l, 8, 2, "A1"),
    expected: { line: 8, field: "ResourceReference", problem: '"A1" appears twice in block B1' },
  },
  {
    name: "a FileNumber that contradicts the file name",
    edit: (l) => setCell(l, 1, 6, "2"),
    expected: { line: 1, field: "FileNumber", problem: "says 2 but the file name says part 1of1" },
  },
  {
    name: "a second HEAD",
    edit: (l) => l.splice(2, 0, l[0]),
    expected: { line: 3, field: "RecordType", problem: "a second HEAD record; expected one HEAD per file" },
  },
  // UGC: `#` rows name the columns.
  {
    name: "a # header row without a required column",
    source: UGC,
    edit: (l) => (l[3] = l[3].replace("\tNetRevenue", "")),
    expected: { line: 4, field: "NetRevenue", problem: "the #SU03 header row has no NetRevenue column; expected one" },
  },
  {
    name: "a row with more cells than its # header row",
    source: UGC,
    edit: (l) => (l[4] += "\tx"),
    expected: { line: 5, field: "cell 8", problem: "the SU03.02 record has 8 cells; expected 7" },
  },
  {
    name: "a UGC usage of an unknown DSP resource",
    source: UGC,
    edit: (l) => setCell(l, 5, 4, "yt-asset-9"),
    expected: {
      line: 5,
      field: "DspResourceId",
      problem: '"yt-asset-9" names no resource record (AS01/AS02) in block B1',
    },
  },
  // Financial reporting: LI01 carries its own currency.
  {
    name: "a line item in another currency",
    source: FINANCIAL,
    edit: (l) => setCell(l, 6, 10, "EUR"),
    expected: {
      line: 6,
      field: "Currency",
      problem: `"EUR" differs from the report currency GBP (${FINANCIAL} line 2); expected one currency per statement`,
    },
  },
];

for (const engine of TEST_ENGINES) {
  describe(`malformed DSR records on ${engine}`, () => {
    let db: Database;
    before(async () => {
      db = await openTestDatabase(engine);
    });
    after(async () => {
      await db.close();
    });

    for (const testCase of CASES) {
      it(`rejects ${testCase.name}`, async () => {
        const source = testCase.source ?? BASIC;
        const path = editedFixture(tempDir(), source, testCase.edit);
        await assertImportFails(
          db,
          { files: [path], format: "dsr", fx: TEST_FX, tokenDecimals: 6 },
          { file: source, ...testCase.expected },
        );
      });
    }
  });
}
