import assert from "node:assert/strict";
import { describe, it } from "node:test";

import {
  addDecimal,
  compareDecimal,
  decimalEquals,
  formatDecimal,
  normalizeDecimal,
  parseDecimal,
  toTokenUnits,
  type Decimal,
} from "../../src/statements/decimal.ts";

function decimal(text: string): Decimal {
  const parsed = parseDecimal(text, 18);
  if (!parsed.ok) throw new Error(`test value ${text} is not a decimal`);
  return parsed.value;
}

describe("decimal", () => {
  it("parses plain decimals exactly, keeping their scale", () => {
    assert.deepEqual(decimal("123.4567"), { coefficient: 1234567n, scale: 4 });
    assert.deepEqual(decimal("-0.05"), { coefficient: -5n, scale: 2 });
    assert.deepEqual(decimal("42"), { coefficient: 42n, scale: 0 });
    assert.deepEqual(decimal("0.000000000000000001"), { coefficient: 1n, scale: 18 });
  });

  it("refuses what is not a plain decimal", () => {
    for (const text of ["12,5", "1e3", " 1", "1 ", "+1", ".5", "5.", "1.2.3", "--1", "-", "0x10", "NaN", "1_000"]) {
      assert.deepEqual(parseDecimal(text, 12), { ok: false, problem: "syntax" }, text);
    }
    assert.deepEqual(parseDecimal("", 12), { ok: false, problem: "empty" });
    assert.deepEqual(parseDecimal("0.1234567890123", 12), { ok: false, problem: "fraction" });
  });

  it("adds and compares without floats (0.1 + 0.2 is 0.3)", () => {
    const sum = addDecimal(decimal("0.1"), decimal("0.2"));
    assert.ok(decimalEquals(sum, decimal("0.3")));
    assert.equal(formatDecimal(sum), "0.3");
    assert.equal(compareDecimal(decimal("1.50"), decimal("1.5")), 0);
    assert.equal(compareDecimal(decimal("-2"), decimal("1")), -1);
    assert.equal(compareDecimal(decimal("9007199254740993.01"), decimal("9007199254740993")), 1);
  });

  it("formats with its scale and normalizes trailing zeros", () => {
    assert.equal(formatDecimal({ coefficient: 1250n, scale: 2 }), "12.50");
    assert.equal(formatDecimal({ coefficient: -5n, scale: 3 }), "-0.005");
    assert.equal(formatDecimal(normalizeDecimal({ coefficient: 1250n, scale: 2 })), "12.5");
    assert.equal(formatDecimal(normalizeDecimal({ coefficient: 300n, scale: 2 })), "3");
  });

  it("converts to token units with a floor: floor(amount × rate × 10^decimals)", () => {
    assert.equal(toTokenUnits(decimal("6.000001"), decimal("0.92"), 6), 5_520_000n); // 5,520,000.92 floored
    assert.equal(toTokenUnits(decimal("12.34"), decimal("1"), 6), 12_340_000n);
    assert.equal(toTokenUnits(decimal("0.000001"), decimal("0.5"), 6), 0n);
    assert.equal(toTokenUnits(decimal("1"), decimal("1.000000000000000001"), 18), 1_000_000_000_000_000_001n);
    assert.equal(
      toTokenUnits(decimal("999999999.999999999999"), decimal("1"), 18),
      999_999_999_999_999_999_999_000_000n,
    );
    assert.equal(toTokenUnits(decimal("-1.5"), decimal("1"), 0), -2n, "a true floor below zero");
  });
});
