/** The studio's validation mirrors EncoreHub._validateConfig. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { HUB_LIMITS, validateDraft, type CampaignDraft } from "../src/lib/campaignRules.ts";

const NOW = 1_800_000_000;
const OPTIONS = { decimals: 6, symbol: "mUSDC", now: NOW, termsLanguage: "en" as const };
const VALID: CampaignDraft = {
  title: "Afterglow",
  description: "Debut album",
  jurisdiction: "US",
  goal: "8000",
  hardCap: "12000",
  minInvestment: "10.5",
  maxPerInvestor: "",
  fundingDays: "30",
  revenueSharePercent: "12.5",
  payoutCap: "",
  shareDurationDays: "1095",
  vestingDays: "90",
  bond: "1000",
};

const errorsOf = (draft: Partial<CampaignDraft>) => {
  const result = validateDraft({ ...VALID, ...draft }, OPTIONS);
  return result.ok ? {} : Object.fromEntries(Object.entries(result.errors).map(([field, e]) => [field, e.key]));
};

describe("validateDraft", () => {
  it("turns a valid draft into exact CampaignConfig values", () => {
    const result = validateDraft(VALID, OPTIONS);
    assert.ok(result.ok);
    assert.deepEqual(result.config, {
      goal: 8_000_000_000n,
      hardCap: 12_000_000_000n,
      fundingDeadline: BigInt(NOW + 30 * 86_400),
      minInvestment: 10_500_000n,
      maxPerInvestor: 0n,
      revenueShareBps: 1_250,
      payoutCap: 0n,
      shareDuration: 1_095n * 86_400n,
      vestingDuration: 90n * 86_400n,
      bond: 1_000_000_000n,
    });
    const metadata = JSON.parse(decodeURIComponent(result.metadataURI.replace("data:application/json,", ""))) as {
      terms: unknown;
    };
    assert.deepEqual(metadata.terms, { jurisdiction: "US", version: "v1", language: "en" });
  });

  it("refuses what the hub refuses, field by field", () => {
    assert.deepEqual(errorsOf({ title: " " }), { title: "required" });
    assert.deepEqual(errorsOf({ goal: "0" }), { goal: "positive" });
    assert.deepEqual(errorsOf({ goal: "1.0000001" }), { goal: "amount" });
    assert.deepEqual(errorsOf({ hardCap: "7999.99" }), { hardCap: "hardCapBelowGoal" });
    assert.deepEqual(errorsOf({ goal: "1", hardCap: String(HUB_LIMITS.maxHardCap) }), { hardCap: "tooLarge" });
    assert.deepEqual(errorsOf({ minInvestment: "12000.01" }), { minInvestment: "minAboveHardCap" });
    assert.deepEqual(errorsOf({ maxPerInvestor: "10" }), { maxPerInvestor: "maxPerInvestorRange" });
    assert.deepEqual(errorsOf({ maxPerInvestor: "12001" }), { maxPerInvestor: "maxPerInvestorRange" });
    assert.deepEqual(errorsOf({ fundingDays: "0" }), { fundingDays: "daysBetween" });
    assert.deepEqual(errorsOf({ fundingDays: "366" }), { fundingDays: "daysBetween" });
    assert.deepEqual(errorsOf({ revenueSharePercent: "0" }), { revenueSharePercent: "percent" });
    assert.deepEqual(errorsOf({ revenueSharePercent: "100.01" }), { revenueSharePercent: "percent" });
    assert.deepEqual(errorsOf({ revenueSharePercent: "1.234" }), { revenueSharePercent: "percent" });
    assert.deepEqual(errorsOf({ shareDurationDays: String(20 * 365 + 1) }), { shareDurationDays: "daysBetween" });
    assert.deepEqual(errorsOf({ vestingDays: String(10 * 365 + 1) }), { vestingDays: "daysBetween" });
    assert.deepEqual(errorsOf({ bond: "-1" }), { bond: "amount" });
    assert.deepEqual(errorsOf({ description: "x".repeat(500) }), { description: "tooLong" });
  });

  it("accepts the limits themselves", () => {
    assert.deepEqual(errorsOf({ revenueSharePercent: "100", fundingDays: "365", maxPerInvestor: "12000" }), {});
    assert.deepEqual(errorsOf({ revenueSharePercent: "0.01", vestingDays: "", bond: "" }), {});
  });
});
