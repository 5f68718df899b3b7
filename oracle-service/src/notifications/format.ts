/**
 * Locale formatting of template values with `Intl`, exactly: token amounts arrive as decimal strings in token units
 * ("640.5", "0.000001") and are formatted digit by digit — the integer part grouped by `Intl.NumberFormat` on a
 * `bigint`, the fraction kept as given — so a 6-decimal USDC amount never passes through a float. Dates arrive as
 * ISO strings and are shown in UTC.
 */
import type { Locale } from "../accounts/accounts.ts";

const DECIMAL = /^(-?)([0-9]+)(?:\.([0-9]+))?$/;

/**
 * Formats a decimal string per locale, with at least `minFraction` fraction digits and every significant digit it
 * has (trailing zeros beyond `minFraction` dropped).
 *
 * @example formatDecimal("1234567.5", "fr") === "1 234 567,50" (narrow no-break space as the group separator)
 * @throws When `value` is not a plain decimal number.
 */
export function formatDecimal(value: string, locale: Locale, minFraction = 2): string {
  const match = DECIMAL.exec(value.trim());
  if (match === null) throw new Error(`format: "${value}" is not a decimal number`);
  const [, sign, whole, fractionRaw = ""] = match;
  let fraction = fractionRaw.replace(/0+$/, "");
  if (fraction.length < minFraction) fraction = fraction.padEnd(minFraction, "0");
  const numberFormat = new Intl.NumberFormat(locale, { maximumFractionDigits: 0 });
  const grouped = numberFormat.format(BigInt(whole));
  const separator =
    new Intl.NumberFormat(locale, { minimumFractionDigits: 1 }).formatToParts(0.5).find((p) => p.type === "decimal")
      ?.value ?? ".";
  const minus = sign === "-" && /[1-9]/.test(whole + fraction) ? "-" : "";
  return `${minus}${grouped}${fraction === "" ? "" : separator + fraction}`;
}

/**
 * Formats a token amount: the exact decimal, then the token symbol (tokens such as USDC are not ISO currencies, so
 * the symbol follows the number in every locale).
 */
export function formatAmount(value: string, token: string, locale: Locale): string {
  return `${formatDecimal(value, locale)}\u00a0${token}`;
}

/**
 * Formats an ISO date or date-time as a long date in UTC, e.g. "1 décembre 2026", "2026년 12월 1일".
 *
 * @throws When `value` is not a date.
 */
export function formatDate(value: string, locale: Locale): string {
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) throw new Error(`format: "${value}" is not a date`);
  return new Intl.DateTimeFormat(locale, { dateStyle: "long", timeZone: "UTC" }).format(date);
}

/** Formats a whole number (a count of days, a campaign number) per locale. */
export function formatInteger(value: string | number, locale: Locale): string {
  const text = String(value).trim();
  if (!/^-?[0-9]+$/.test(text)) throw new Error(`format: "${text}" is not a whole number`);
  return new Intl.NumberFormat(locale).format(BigInt(text));
}

/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}
