/**
 * Locale-aware formatting of the numbers a fan reads: token amounts, basis points, durations, dates and deadlines.
 * Pure functions over `Intl`, so they are unit-tested in Node and render the same in every browser.
 */
import { formatUnits } from "viem";

const SECONDS_PER_DAY = 86_400;
const SECONDS_PER_YEAR = 365 * SECONDS_PER_DAY;

/**
 * A token amount in the locale's digits, e.g. `12,500.5 mUSDC` (en) or `12 500,5 mUSDC` (fr).
 *
 * @param units - Amount in base units.
 * @param decimals - Token decimals.
 * @param symbol - Token symbol appended after a space.
 * @param locale - BCP 47 locale.
 */
export function formatAmount(units: bigint, decimals: number, symbol: string, locale: string): string {
  const number = Number(formatUnits(units, decimals));
  return `${new Intl.NumberFormat(locale, { maximumFractionDigits: 2 }).format(number)}\u00a0${symbol}`;
}

/** Basis points as a percentage in the locale, e.g. 2500 → `25%` (en) or `25 %` (fr). */
export function formatBps(bps: number, locale: string): string {
  return new Intl.NumberFormat(locale, { style: "percent", maximumFractionDigits: 2 }).format(bps / 10_000);
}

/** A ratio (0–1) as a percentage with up to two decimals. */
export function formatRatio(ratio: number, locale: string): string {
  return new Intl.NumberFormat(locale, { style: "percent", maximumFractionDigits: 2 }).format(ratio);
}

/**
 * A duration in whole years when it is one, else whole days, spelled out in the locale (`3 years`, `3 ans`, `3년`).
 *
 * @param seconds - Duration in seconds.
 */
export function formatDuration(seconds: number, locale: string): string {
  const years = seconds / SECONDS_PER_YEAR;
  if (Number.isInteger(years) && years > 0) {
    return new Intl.NumberFormat(locale, { style: "unit", unit: "year", unitDisplay: "long" }).format(years);
  }
  const days = Math.round(seconds / SECONDS_PER_DAY);
  return new Intl.NumberFormat(locale, { style: "unit", unit: "day", unitDisplay: "long" }).format(days);
}

/** A Unix time as a medium date and short time in the locale. */
export function formatDateTime(unixSeconds: number, locale: string): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeStyle: "short" }).format(unixSeconds * 1000);
}

/**
 * How far a deadline is from `now`, in the largest whole unit, relative and localized (`in 29 days`, `dans 3 heures`,
 * `2 days ago`).
 *
 * @param deadline - Unix time of the deadline.
 * @param now - Unix time to measure from.
 */
export function formatCountdown(deadline: number, now: number, locale: string): string {
  const delta = deadline - now;
  const format = new Intl.RelativeTimeFormat(locale, { numeric: "auto" });
  const abs = Math.abs(delta);
  if (abs >= SECONDS_PER_DAY) return format.format(Math.trunc(delta / SECONDS_PER_DAY), "day");
  if (abs >= 3_600) return format.format(Math.trunc(delta / 3_600), "hour");
  if (abs >= 60) return format.format(Math.trunc(delta / 60), "minute");
  return format.format(delta, "second");
}

/**
 * The share of the holders' revenue an investment of `amount` buys: `(held + amount) / (raised + amount)` now, and
 * at least `(held + amount) / hardCap` once the campaign is full (shares are minted 1:1 with the amount invested).
 *
 * @returns Both ratios (0–1); zero when nothing would be held.
 */
export function shareOfInvestment(
  amount: bigint,
  raised: bigint,
  hardCap: bigint,
  held: bigint = 0n,
): { now: number; atHardCap: number } {
  const mine = held + amount;
  if (mine === 0n) return { now: 0, atHardCap: 0 };
  return {
    now: ratio(mine, raised + amount),
    atHardCap: ratio(mine, hardCap > raised + amount ? hardCap : raised + amount),
  };
}

/** `part / whole` as a number with 6 significant decimals of precision kept in bigint arithmetic. */
export function ratio(part: bigint, whole: bigint): number {
  if (whole === 0n) return 0;
  return Number((part * 1_000_000n) / whole) / 1_000_000;
}
