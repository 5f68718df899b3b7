import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { parseDecimal, type Decimal } from "../../src/statements/decimal.ts";
import type { RevenueLine } from "../../src/statements/revenueLine.ts";
import { StatementLineWriter } from "../../src/statements/statementLineWriter.ts";

function decimal(text: string): Decimal {
  const parsed = parseDecimal(text, 18);
  if (!parsed.ok) throw new Error(`test value ${text} is not a decimal`);
  return parsed.value;
}

function line(fileLine: number, isrc: string, amount: string): RevenueLine {
  return {
    fileName: "s.tsv",
    fileLine,
    isrc,
    usageType: "OnDemandStream",
    territory: "FR",
    quantity: 1n,
    amount: decimal(amount),
    sourceKey: `T-${fileLine}`,
  };
}

describe("StatementLineWriter", () => {
  it("sums units per ISRC exactly when a recording's lines come back after another's", async () => {
    const batches: string[] = [];
    const writer = new StatementLineWriter({
      statementId: 7n,
      fxRate: decimal("0.5"),
      tokenDecimals: 2,
      batchRows: 2,
      expectedLines: 10,
      totalsByIsrc: true,
      write: (rows) => {
        // Only valid until the write settles: the writer reuses its buffer.
        batches.push(new TextDecoder().decode(rows));
        return Promise.resolve();
      },
    });
    const isrcs = ["FRAAA2600001", "FRAAA2600001", "FRAAA2600002", "FRAAA2600001", "FRAAA2600003"];
    const amounts = ["1.01", "2.03", "10", "0.99", "3.333"];
    isrcs.forEach((isrc, index) => {
      writer.add(line(index + 1, isrc, amounts[index]));
      if (writer.full) void writer.drain();
    });
    await writer.drain();
    // units = floor(amount × 0.5 × 100) per line: 50, 101, 500, 49, 166.
    assert.deepEqual(
      writer.totalsByIsrc(),
      new Map([
        ["FRAAA2600001", 200n],
        ["FRAAA2600002", 500n],
        ["FRAAA2600003", 166n],
      ]),
    );
    assert.equal(writer.unitsTotal, 866n);
    assert.equal(batches.length, 3);
    assert.equal(batches.join("").split("\n").length - 1, 5);
  });

  it("writes each row as COPY text in UTF-8, escaped, and grows its buffer for batches over 1 MiB", async () => {
    const batches: string[] = [];
    const writer = new StatementLineWriter({
      statementId: 3n,
      fxRate: decimal("1"),
      tokenDecimals: 0,
      batchRows: 5_000,
      expectedLines: 10_000,
      write: (rows) => {
        batches.push(new TextDecoder().decode(rows));
        return Promise.resolve();
      },
    });
    const special: RevenueLine = {
      ...line(1, "FRAAA2600001", "12.50"),
      fileName: "Relevé é€\\1.tsv",
      sourceKey: "k\ty",
    };
    writer.add(special);
    // ~300 bytes per row: 5,000 rows are ~1.5 MiB, past the initial 1 MiB buffer.
    for (let index = 2; index <= 5_000; index++) {
      writer.add({ ...line(index, "FRAAA2600001", "1"), sourceKey: `T-${index}-${"k".repeat(250)}` });
    }
    await writer.drain();
    assert.equal(batches.length, 1);
    const rows = batches[0].split("\n");
    assert.equal(rows.length, 5_001);
    assert.equal(rows[0], "3\t1\tRelevé é€\\\\1.tsv\t1\tFRAAA2600001\tOnDemandStream\tFR\t1\t12.50\t12\tk\\ty");
    assert.equal(
      rows[4_999],
      `3\t5000\ts.tsv\t5000\tFRAAA2600001\tOnDemandStream\tFR\t1\t1\t1\tT-5000-${"k".repeat(250)}`,
    );
  });

  it("keeps no totals unless asked", () => {
    const writer = new StatementLineWriter({
      statementId: 1n,
      fxRate: decimal("1"),
      tokenDecimals: 0,
      expectedLines: 1,
      write: () => Promise.resolve(),
    });
    writer.add(line(1, "FRAAA2600001", "5"));
    assert.equal(writer.totalsByIsrc(), undefined);
  });
});
