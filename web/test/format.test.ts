/** Locale formatting helpers: amounts, percentages, durations, countdowns, the share an amount buys. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";

import {
  formatAmount,
  formatBps,
  formatCountdown,
  formatDuration,
  ratio,
  shareOfInvestment,
} from "../src/lib/format.ts";

const plain = (text: string) => text.replace(/[\u00a0\u202f]/g, " ");
const YEAR = 365 * 86_400;

describe("format", () => {
  it("formats token amounts with the locale's separators", () => {
    assert.equal(plain(formatAmount(12_500_500_000n, 6, "mUSDC", "en-US")), "12,500.5 mUSDC");
    assert.equal(plain(formatAmount(12_500_500_000n, 6, "mUSDC", "fr-FR")), "12 500,5 mUSDC");
    assert.equal(plain(formatAmount(12_500_500_000n, 6, "mUSDC", "pt-BR")), "12.500,5 mUSDC");
    assert.equal(plain(formatAmount(1n, 6, "mUSDC", "en-US")), "0 mUSDC");
  });

  it("formats basis points as percentages", () => {
    assert.equal(formatBps(2_500, "en-US"), "25%");
    assert.equal(plain(formatBps(1_525, "fr-FR")), "15,25 %");
  });

  it("spells out durations in whole years, else days", () => {
    assert.equal(formatDuration(3 * YEAR, "en-US"), "3 years");
    assert.equal(formatDuration(3 * YEAR, "fr-FR"), "3 ans");
    assert.equal(formatDuration(3 * YEAR, "ko-KR"), "3년");
    assert.equal(formatDuration(90 * 86_400, "es-ES"), "90 días");
  });

  it("counts down in the largest whole unit, past and future", () => {
    assert.equal(formatCountdown(1_000 + 29 * 86_400 + 5, 1_000, "en-US"), "in 29 days");
    assert.equal(formatCountdown(1_000 + 3 * 3_600, 1_000, "fr-FR"), "dans 3 heures");
    assert.equal(formatCountdown(1_000, 1_000 + 2 * 86_400, "en-US"), "2 days ago");
    assert.equal(formatCountdown(1_000 + 90, 1_000, "en-US"), "in 1 minute");
  });

  it("computes the share an investment buys now and at the hard cap", () => {
    const usdc = (n: number) => BigInt(n) * 1_000_000n;
    assert.deepEqual(shareOfInvestment(usdc(500), usdc(2_250), usdc(12_000)), { now: 0.181818, atHardCap: 0.041666 });
    assert.deepEqual(shareOfInvestment(usdc(500), usdc(2_250), usdc(12_000), usdc(500)), {
      now: 0.363636,
      atHardCap: 0.083333,
    });
    // Filling to exactly the cap: both are the same.
    assert.deepEqual(shareOfInvestment(usdc(2_000), usdc(10_000), usdc(12_000)), {
      now: 0.166666,
      atHardCap: 0.166666,
    });
    assert.deepEqual(shareOfInvestment(0n, usdc(1), usdc(2)), { now: 0, atHardCap: 0 });
    assert.equal(ratio(1n, 0n), 0);
  });
});
