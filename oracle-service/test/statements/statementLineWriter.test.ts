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
        batches.push(rows);
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
