import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { CsvRecordReader } from "../../src/statements/csv/csvRecords.ts";
import { parseCsvMapping } from "../../src/statements/csv/csvMapping.ts";
import { cellText, cellValues, splitCells } from "../../src/statements/dsr/dsrCells.ts";
import { orderReportParts, parseDsrFileName } from "../../src/statements/dsr/dsrFileName.ts";
import { StatementError } from "../../src/statements/statementError.ts";

describe("DSR cells", () => {
  it("splits at tabs, but not at escaped tabs", () => {
    assert.deepEqual(splitCells("AS01\tB1\tA\\\tB\tC"), ["AS01", "B1", "A\\\tB", "C"]);
    assert.equal(cellText("A\\\tB"), "A\tB");
  });

  it("resolves backslash escapes and splits multi-value cells at unescaped bars", () => {
    assert.equal(cellText("back\\\\slash \\| bar \\t tab \\n newline"), "back\\slash | bar \t tab \n newline");
    assert.deepEqual(cellValues("QZABC2600002|QZABC2600099"), ["QZABC2600002", "QZABC2600099"]);
    assert.deepEqual(cellValues("Rock \\| Pop|Jazz"), ["Rock | Pop", "Jazz"]);
    assert.deepEqual(cellValues(""), []);
  });
});

describe("DSR file names", () => {
  it("reads sender, recipient, service, period, territory and part", () => {
    assert.deepEqual(parseDsrFileName("/x/DSR_SENDER_RECIPIENT_Spotify_2026-03_US_2of3_20260405T101500Z.tsv.gz"), {
      file: "DSR_SENDER_RECIPIENT_Spotify_2026-03_US_2of3_20260405T101500Z.tsv.gz",
      sender: "SENDER",
      recipient: "RECIPIENT",
      service: "Spotify",
      period: "2026-03",
      territory: "US",
      part: 2,
      parts: 3,
      timestamp: "20260405T101500Z",
    });
  });

  it("orders parts and names a missing one", () => {
    const name = (part: string) => `DSR_S_R_Svc_2026-03_US_${part}_20260405T101500Z.tsv`;
    assert.deepEqual(
      orderReportParts([name("3of3"), name("1of3"), name("2of3")]).map((part) => part.name.part),
      [1, 2, 3],
    );
    assert.throws(
      () => orderReportParts([name("3of3"), name("1of3")]),
      (error: StatementError) =>
        error.message ===
        `${name("1of3")}, field file name: part 2of3 of this report is missing; expected all 3 files of the report`,
    );
  });
});

describe("CSV records (RFC 4180)", () => {
  function readAll(text: string, delimiter = ","): string[][] {
    const reader = new CsvRecordReader("t.csv", delimiter, (index) => `column ${index + 1}`);
    const records: string[][] = [];
    text.split("\n").forEach((line, index) => {
      const record = reader.pushLine(line, index + 1);
      if (record !== null) records.push(record.fields);
    });
    reader.finish();
    return records;
  }

  it("handles quoted delimiters, doubled quotes, line breaks inside quotes and empty fields", () => {
    assert.deepEqual(readAll('a,"b,c","say ""hi""",,"multi\nline",""'), [
      ["a", "b,c", 'say "hi"', "", "multi\nline", ""],
    ]);
    assert.deepEqual(readAll("x;y;z", ";"), [["x", "y", "z"]]);
  });

  it("reports bad quoting with line and column", () => {
    assert.throws(() => readAll('a,b"c,d'), {
      message:
        't.csv line 1, field column 2: a quote inside an unquoted field; expected the whole field in quotes, with "" for a quote',
    });
    assert.throws(() => readAll('a,"b"c,d'), {
      message:
        "t.csv line 1, field column 2: text follows the closing quote; expected the delimiter or the end of the line",
    });
    assert.throws(() => readAll('a\n"b,\nc'), {
      message: "t.csv line 2, field column 1: a quoted field is never closed; expected a closing quote",
    });
  });
});

describe("CSV mapping", () => {
  it("fills defaults and refuses wrong settings with a message naming them", () => {
    const mapping = parseCsvMapping({ columns: { isrc: "I", amount: "A", periodStart: "P" }, currency: "EUR" });
    assert.equal(mapping.delimiter, ",");
    assert.equal(mapping.dateFormat, "YYYY-MM-DD");
    assert.throws(() => parseCsvMapping({ columns: { isrc: "I", amount: "A", periodStart: "P" } }), {
      message: "CSV mapping: set columns.currency or currency (the currency of every row)",
    });
    assert.throws(() => parseCsvMapping({ columns: { isrc: "I", periodStart: "P" }, currency: "EUR" }), {
      message: "CSV mapping: columns.amount must be a header name (required)",
    });
    assert.throws(() => parseCsvMapping({ delimiter: ";;", columns: {} }), /delimiter must be one character/);
    assert.throws(
      () => parseCsvMapping({ columns: { isrc: "I", amount: "A", periodStart: "P", price: "X" }, currency: "EUR" }),
      /unknown column key "price"/,
    );
  });
});
