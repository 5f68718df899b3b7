/**
 * The create-campaign form's validation, mirroring `EncoreHub._validateConfig` rule for rule (same limits, same
 * order of fields), so the artist sees a localized message per field before signing anything. The chain stays the
 * authority: a revert that still happens (e.g. the token was removed from the allow-list meanwhile) is decoded by
 * the page like any other.
 */
import { parseUnits } from "viem";

import type { CampaignNumbers } from "../data/CampaignData.ts";

/** Limits of `EncoreHub` (its public constants). */
export const HUB_LIMITS = {
  maxFundingPeriodDays: 365,
  maxShareDurationDays: 20 * 365,
  maxVestingDurationDays: 10 * 365,
  maxHardCap: 2n ** 88n - 1n,
  maxMinInvestment: 2n ** 80n - 1n,
  maxPayoutCap: 2n ** 95n - 1n,
  maxBond: 2n ** 96n - 1n,
  maxMetadataBytes: 512,
} as const;

const DAY = 86_400;

/** What the artist types (decimal token amounts and whole days as text). */
export interface CampaignDraft {
  title: string;
  description: string;
  /** Terms template, e.g. `US`. */
  jurisdiction: string;
  goal: string;
  hardCap: string;
  minInvestment: string;
  /** Empty = no limit. */
  maxPerInvestor: string;
  fundingDays: string;
  /** Percent of gross revenue, up to two decimals, e.g. `25` or `12.5`. */
  revenueSharePercent: string;
  /** Empty = no cap. */
  payoutCap: string;
  shareDurationDays: string;
  vestingDays: string;
  bond: string;
}

/** A field's problem: an i18n key under `studio.errors` and its values. */
export interface FieldError {
  key: string;
  values?: Record<string, string>;
}

/** The draft as `CampaignConfig` values (without token, terms hash, metadata and compliance). */
export type DraftConfig = CampaignNumbers;

/** Result of {@link validateDraft}: the config when every field is valid, else the errors by field. */
export type DraftValidation =
  | { ok: true; config: DraftConfig; metadataURI: string }
  | { ok: false; errors: Partial<Record<keyof CampaignDraft, FieldError>> };

/** `text` as token units, or undefined when it is not a decimal with at most `decimals` places. */
export function parseTokenAmount(text: string, decimals: number): bigint | undefined {
  const trimmed = text.trim();
  if (!/^\d+(\.\d+)?$/.test(trimmed)) return undefined;
  if ((trimmed.split(".")[1] ?? "").length > decimals) return undefined;
  return parseUnits(trimmed, decimals);
}

/** A percentage with at most two decimals (`"12.5"`) in basis points (1250), or undefined when it is not one. */
export function percentToBps(text: string): number | undefined {
  const trimmed = text.trim();
  return /^\d{1,3}(\.\d{1,2})?$/.test(trimmed) ? Number(parseUnits(trimmed, 2)) : undefined;
}

function wholeDays(text: string): number | undefined {
  return /^\d{1,6}$/.test(text.trim()) ? Number(text.trim()) : undefined;
}

/** The metadata URI the dApp reads back: name, description and the terms template. */
export function metadataUri(draft: CampaignDraft, language: "en" | "fr"): string {
  const json = JSON.stringify({
    name: draft.title.trim(),
    description: draft.description.trim(),
    terms: { jurisdiction: draft.jurisdiction, version: "v1", language },
  });
  return `data:application/json,${encodeURIComponent(json)}`;
}

/**
 * Validates a draft like the hub would.
 *
 * @param now - Chain time (unix seconds) the deadline is computed from.
 */
export function validateDraft(
  draft: CampaignDraft,
  options: { decimals: number; symbol: string; now: number; termsLanguage: "en" | "fr" },
): DraftValidation {
  const errors: Partial<Record<keyof CampaignDraft, FieldError>> = {};
  const { decimals, symbol } = options;
  const money = (field: keyof CampaignDraft, optional = false): bigint | undefined => {
    if (optional && draft[field].trim() === "") return 0n;
    const value = parseTokenAmount(draft[field], decimals);
    if (value === undefined) errors[field] = { key: "amount", values: { decimals: String(decimals), symbol } };
    return value;
  };
  if (draft.title.trim() === "") errors.title = { key: "required" };
  const goal = money("goal");
  const hardCap = money("hardCap");
  const minInvestment = money("minInvestment");
  const maxPerInvestor = money("maxPerInvestor", true);
  const payoutCap = money("payoutCap", true);
  const bond = money("bond", true);
  if (goal === 0n) errors.goal = { key: "positive" };
  if (hardCap !== undefined && goal !== undefined && hardCap < goal) errors.hardCap = { key: "hardCapBelowGoal" };
  else if (hardCap !== undefined && hardCap > HUB_LIMITS.maxHardCap) errors.hardCap = { key: "tooLarge" };
  const fundingDays = wholeDays(draft.fundingDays);
  if (fundingDays === undefined || fundingDays < 1 || fundingDays > HUB_LIMITS.maxFundingPeriodDays) {
    errors.fundingDays = { key: "daysBetween", values: { min: "1", max: String(HUB_LIMITS.maxFundingPeriodDays) } };
  }
  if (minInvestment !== undefined && hardCap !== undefined && minInvestment > hardCap) {
    errors.minInvestment = { key: "minAboveHardCap" };
  } else if (minInvestment !== undefined && minInvestment > HUB_LIMITS.maxMinInvestment) {
    errors.minInvestment = { key: "tooLarge" };
  }
  if (
    maxPerInvestor !== undefined &&
    maxPerInvestor !== 0n &&
    ((minInvestment !== undefined && maxPerInvestor < minInvestment) ||
      (hardCap !== undefined && maxPerInvestor > hardCap))
  ) {
    errors.maxPerInvestor = { key: "maxPerInvestorRange" };
  }
  const bps = percentToBps(draft.revenueSharePercent);
  if (bps === undefined || bps < 1 || bps > 10_000) errors.revenueSharePercent = { key: "percent" };
  if (payoutCap !== undefined && payoutCap > HUB_LIMITS.maxPayoutCap) errors.payoutCap = { key: "tooLarge" };
  const shareDays = wholeDays(draft.shareDurationDays);
  if (shareDays === undefined || shareDays < 1 || shareDays > HUB_LIMITS.maxShareDurationDays) {
    errors.shareDurationDays = {
      key: "daysBetween",
      values: { min: "1", max: String(HUB_LIMITS.maxShareDurationDays) },
    };
  }
  const vestingDays = draft.vestingDays.trim() === "" ? 0 : wholeDays(draft.vestingDays);
  if (vestingDays === undefined || vestingDays > HUB_LIMITS.maxVestingDurationDays) {
    errors.vestingDays = { key: "daysBetween", values: { min: "0", max: String(HUB_LIMITS.maxVestingDurationDays) } };
  }
  if (bond !== undefined && bond > HUB_LIMITS.maxBond) errors.bond = { key: "tooLarge" };
  const metadataURI = metadataUri(draft, options.termsLanguage);
  if (new TextEncoder().encode(metadataURI).length > HUB_LIMITS.maxMetadataBytes) {
    errors.description = { key: "tooLong" };
  }
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return {
    ok: true,
    metadataURI,
    config: {
      goal: goal!,
      hardCap: hardCap!,
      fundingDeadline: BigInt(options.now + fundingDays! * DAY),
      minInvestment: minInvestment!,
      maxPerInvestor: maxPerInvestor!,
      revenueShareBps: bps!,
      payoutCap: payoutCap!,
      shareDuration: BigInt(shareDays! * DAY),
      vestingDuration: BigInt(vestingDays! * DAY),
      bond: bond!,
    },
  };
}
