/**
 * Exact decimal arithmetic on `bigint` for money: amounts are parsed from text into a fixed-point integer, summed,
 * multiplied by an FX rate and scaled to settlement-token units with a floor. JavaScript numbers never hold money.
 */

/** A non-negative or negative exact decimal: `coefficient × 10^-scale`. */
export interface Decimal {
  /** The digits as an integer (sign included). */
  readonly coefficient: bigint;
  /** How many of the digits are after the decimal point. */
  readonly scale: number;
}

/** Why a text is not a decimal, or `undefined` when it is one; see {@link parseDecimal}. */
export type DecimalProblem = "empty" | "syntax" | "fraction";

/** The result of {@link parseDecimal}: a value, or the reason there is none. */
export type ParsedDecimal = { ok: true; value: Decimal } | { ok: false; problem: DecimalProblem };

const ZERO_CODE = 48;
const NINE_CODE = 57;
const DOT_CODE = 46;
const MINUS_CODE = 45;

/**
 * Parses plain decimal text: an optional leading `-`, digits, and optionally a `.` followed by digits
 * (`"12"`, `"0.5"`, `"-3.25"`, `".5"` is refused, `"5."` is refused). No exponent, no thousands separators, no spaces.
 *
 * @param text - The text to parse.
 * @param maxFractionDigits - More digits after the point than this is the `"fraction"` problem.
 */
export function parseDecimal(text: string, maxFractionDigits: number): ParsedDecimal {
  const length = text.length;
  if (length === 0) return { ok: false, problem: "empty" };
  let index = text.charCodeAt(0) === MINUS_CODE ? 1 : 0;
  const integerStart = index;
  while (index < length && isDigit(text.charCodeAt(index))) index++;
  const integerDigits = index - integerStart;
  if (integerDigits === 0) return { ok: false, problem: "syntax" };
  let fractionDigits = 0;
  if (index < length) {
    if (text.charCodeAt(index) !== DOT_CODE) return { ok: false, problem: "syntax" };
    index++;
    const fractionStart = index;
    while (index < length && isDigit(text.charCodeAt(index))) index++;
    fractionDigits = index - fractionStart;
    if (fractionDigits === 0 || index < length) return { ok: false, problem: "syntax" };
  }
  if (fractionDigits > maxFractionDigits) return { ok: false, problem: "fraction" };
  const digits = fractionDigits === 0 ? text : text.slice(0, length - fractionDigits - 1) + text.slice(-fractionDigits);
  return { ok: true, value: { coefficient: BigInt(digits), scale: fractionDigits } };
}

function isDigit(code: number): boolean {
  return code >= ZERO_CODE && code <= NINE_CODE;
}

/** Powers of ten up to 10^{@link POWERS_CACHED - 1}, computed once: an import converts every line with them. */
const POWERS_CACHED = 96;
const POWERS_OF_TEN: readonly bigint[] = Array.from(
  { length: POWERS_CACHED },
  (_, exponent) => 10n ** BigInt(exponent),
);

/** 10^`exponent` (a whole number ≥ 0). */
function powerOfTen(exponent: number): bigint {
  return exponent < POWERS_CACHED ? POWERS_OF_TEN[exponent] : 10n ** BigInt(exponent);
}

/** `value` expressed with `scale` fraction digits (`scale` must not be smaller than `value.scale`). */
export function rescale(value: Decimal, scale: number): bigint {
  if (scale < value.scale) throw new RangeError(`cannot rescale ${formatDecimal(value)} to ${scale} digits exactly`);
  return scale === value.scale ? value.coefficient : value.coefficient * powerOfTen(scale - value.scale);
}

/** `a + b`, exact. */
export function addDecimal(a: Decimal, b: Decimal): Decimal {
  const scale = Math.max(a.scale, b.scale);
  return { coefficient: rescale(a, scale) + rescale(b, scale), scale };
}

/** Whether `a` and `b` are the same number (`1.50` equals `1.5`). */
export function decimalEquals(a: Decimal, b: Decimal): boolean {
  const scale = Math.max(a.scale, b.scale);
  return rescale(a, scale) === rescale(b, scale);
}

/** `a` compared with `b`: negative, zero or positive. */
export function compareDecimal(a: Decimal, b: Decimal): number {
  const scale = Math.max(a.scale, b.scale);
  const difference = rescale(a, scale) - rescale(b, scale);
  return difference === 0n ? 0 : difference < 0n ? -1 : 1;
}

/** The zero decimal. */
export const DECIMAL_ZERO: Decimal = { coefficient: 0n, scale: 0 };

/**
 * Plain text of `value` with exactly its scale (`{ coefficient: 1250n, scale: 2 }` → `"12.50"`), suitable for a
 * Postgres `numeric`.
 */
export function formatDecimal(value: Decimal): string {
  const negative = value.coefficient < 0n;
  const digits = (negative ? -value.coefficient : value.coefficient).toString().padStart(value.scale + 1, "0");
  const sign = negative ? "-" : "";
  if (value.scale === 0) return sign + digits;
  return `${sign}${digits.slice(0, -value.scale)}.${digits.slice(-value.scale)}`;
}

/** `value` without trailing zero fraction digits (`12.50` → `12.5`, `3.00` → `3`). */
export function normalizeDecimal(value: Decimal): Decimal {
  let { coefficient, scale } = value;
  while (scale > 0 && coefficient % 10n === 0n) {
    coefficient /= 10n;
    scale--;
  }
  return { coefficient, scale };
}

/**
 * Converts an amount in the statement currency into settlement-token base units:
 * `floor(amount × rate × 10^tokenDecimals)`, computed exactly. Rounding is always down (toward zero for the
 * non-negative amounts statements carry), so the service never pays out more than it received.
 *
 * @param amount - Amount in currency units (non-negative).
 * @param rate - Token units per currency unit (positive).
 * @param tokenDecimals - The token's decimals (0–36).
 */
export function toTokenUnits(amount: Decimal, rate: Decimal, tokenDecimals: number): bigint {
  const numerator = amount.coefficient * rate.coefficient * powerOfTen(tokenDecimals);
  const denominator = powerOfTen(amount.scale + rate.scale);
  const quotient = numerator / denominator;
  // bigint division truncates toward zero; step down for negative non-integral results to keep a true floor.
  return numerator < 0n && quotient * denominator !== numerator ? quotient - 1n : quotient;
}
