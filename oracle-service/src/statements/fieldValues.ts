/**
 * Checks and conversions shared by the DSR and CSV readers: amounts, quantities, ISRCs, dates, currencies and
 * territories. Each function either returns the clean value or throws a {@link StatementError} at the location.
 */
import { parseDecimal, type Decimal } from "./decimal.ts";
import { errorAt, quote, type FieldLocation } from "./statementError.ts";

/** Largest amount one line may carry, in currency units: a larger one is "absurd" and refused. */
export const MAX_LINE_AMOUNT: Decimal = { coefficient: 1_000_000_000n, scale: 0 };
/** Most digits after the decimal point an amount may have (more is "absurd" precision and refused). */
export const MAX_AMOUNT_FRACTION_DIGITS = 12;
/** Largest quantity (usages, units) one line may carry. */
export const MAX_LINE_QUANTITY = 1_000_000_000_000n;

const MAX_LINE_AMOUNT_TEXT = "1000000000";

/**
 * A line amount: a plain non-negative decimal (see {@link parseDecimal}) not above {@link MAX_LINE_AMOUNT} and with
 * at most {@link MAX_AMOUNT_FRACTION_DIGITS} fraction digits.
 *
 * @param decimalSeparator - `","` for exports that write `12,34` (then a `.` anywhere is an error).
 */
export function parseAmount(text: string, at: FieldLocation, decimalSeparator: "." | "," = "."): Decimal {
  const plain = decimalSeparator === "." ? text : text.includes(".") ? "not a decimal" : text.replace(",", ".");
  const parsed = parseDecimal(plain, MAX_AMOUNT_FRACTION_DIGITS);
  if (!parsed.ok) {
    if (parsed.problem === "empty") throw errorAt(at, "is empty; expected a decimal amount such as 12.34");
    if (parsed.problem === "fraction") {
      throw errorAt(
        at,
        `${quote(text)} has more than ${MAX_AMOUNT_FRACTION_DIGITS} digits after the decimal point; expected at most ${MAX_AMOUNT_FRACTION_DIGITS}`,
      );
    }
    throw errorAt(
      at,
      `${quote(text)} is not a decimal number; expected digits with an optional "${decimalSeparator}" such as 12${decimalSeparator}34`,
    );
  }
  const { value } = parsed;
  if (value.coefficient < 0n) throw errorAt(at, `${quote(text)} is negative; expected an amount of 0 or more`);
  if (value.coefficient > MAX_LINE_AMOUNT.coefficient * 10n ** BigInt(value.scale)) {
    throw errorAt(at, `${quote(text)} is absurdly large; expected at most ${MAX_LINE_AMOUNT_TEXT} per line`);
  }
  return value;
}

/**
 * A quantity (usages, units sold): a non-negative decimal; fractions are allowed (UGC usages can be fractional) and
 * the stored quantity is its whole part. At most {@link MAX_LINE_QUANTITY}.
 */
export function parseQuantity(text: string, at: FieldLocation): bigint {
  const parsed = parseDecimal(text, 6);
  if (!parsed.ok) {
    const expected = "expected a whole number of usages such as 1200";
    if (parsed.problem === "empty") throw errorAt(at, `is empty; ${expected}`);
    throw errorAt(at, `${quote(text)} is not a number; ${expected}`);
  }
  const { coefficient, scale } = parsed.value;
  if (coefficient < 0n) throw errorAt(at, `${quote(text)} is negative; expected 0 or more`);
  const whole = coefficient / 10n ** BigInt(scale);
  if (whole > MAX_LINE_QUANTITY) {
    throw errorAt(at, `${quote(text)} is absurdly large; expected at most ${MAX_LINE_QUANTITY} per line`);
  }
  return whole;
}

const ISRC_CANONICAL = /^[A-Z]{2}[A-Z0-9]{3}\d{7}$/;
const ISRC_HYPHENATED = /^[A-Z]{2}-[A-Z0-9]{3}-\d{2}-\d{5}$/;

/**
 * An ISRC (ISO 3901): two letters (country), three letters or digits (registrant), two digits (year), five digits
 * (designation). The hyphenated form `US-S1Z-14-12345` and lower case are accepted; the result is the canonical
 * 12-character upper-case form.
 */
export function parseIsrc(text: string, at: FieldLocation): string {
  if (ISRC_CANONICAL.test(text)) return text;
  const upper = text.toUpperCase();
  if (ISRC_CANONICAL.test(upper)) return upper;
  if (ISRC_HYPHENATED.test(upper)) return upper.replaceAll("-", "");
  if (text === "") throw errorAt(at, "is empty; expected an ISRC such as USS1Z1412345");
  throw errorAt(
    at,
    `${quote(text)} is not a valid ISRC; expected 2 letters, 3 letters or digits, then 7 digits (e.g. USS1Z1412345)`,
  );
}

const DATE_PATTERN = /^(\d{4})-(\d{2})(?:-(\d{2}))?$/;

/**
 * An ISO 8601 calendar date `YYYY-MM-DD`, or a month `YYYY-MM` (the first day of the month, or its last day when
 * `endOfPeriod`). Impossible dates (`2026-02-30`) are refused.
 *
 * @returns The date as `YYYY-MM-DD`.
 */
export function parseIsoDate(text: string, at: FieldLocation, endOfPeriod = false): string {
  const match = DATE_PATTERN.exec(text);
  if (match === null) {
    throw errorAt(at, `${quote(text)} is not a date; expected YYYY-MM-DD`);
  }
  return checkedDate(Number(match[1]), Number(match[2]), match[3] === undefined ? undefined : Number(match[3]), {
    text,
    at,
    endOfPeriod,
  });
}

/**
 * `year-month-day` as `YYYY-MM-DD` after checking it exists; `day` undefined means the whole month (first or last
 * day, per `endOfPeriod`).
 */
export function checkedDate(
  year: number,
  month: number,
  day: number | undefined,
  context: { text: string; at: FieldLocation; endOfPeriod: boolean },
): string {
  const lastDay = month >= 1 && month <= 12 ? new Date(Date.UTC(year, month, 0)).getUTCDate() : 0;
  const resolvedDay = day ?? (context.endOfPeriod ? lastDay : 1);
  if (year < 1900 || year > 2999 || lastDay === 0 || resolvedDay < 1 || resolvedDay > lastDay) {
    throw errorAt(context.at, `${quote(context.text)} is not a valid calendar date`);
  }
  return `${String(year).padStart(4, "0")}-${String(month).padStart(2, "0")}-${String(resolvedDay).padStart(2, "0")}`;
}

const CURRENCY_PATTERN = /^[A-Z]{3}$/;

/** An ISO 4217 currency code: three upper-case letters. */
export function parseCurrency(text: string, at: FieldLocation): string {
  if (CURRENCY_PATTERN.test(text)) return text;
  throw errorAt(at, `${quote(text)} is not a currency code; expected three upper-case letters such as EUR`);
}

const TERRITORY_PATTERN = /^(?:[A-Z]{2}|Worldwide)$/;

/** A territory: an ISO 3166-1 alpha-2 code (`FR`) or `Worldwide`. */
export function parseTerritory(text: string, at: FieldLocation): string {
  if (TERRITORY_PATTERN.test(text)) return text;
  throw errorAt(at, `${quote(text)} is not a territory; expected an ISO 3166-1 alpha-2 code such as FR, or Worldwide`);
}
