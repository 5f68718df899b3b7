/**
 * Fiat ↔ settlement-token conversion, in exact integers only. Rule: the settlement stablecoin is pegged 1:1 to the
 * configured currency (USDC ↔ usd), every supported currency has 2 minor-unit decimals, so one minor unit (a cent)
 * is `10^(tokenDecimals − 2)` token units: 1 cent = 10,000 units of a 6-decimal stablecoin. Token amounts are paid
 * out in whole cents, rounded down; the remainder stays payable.
 */

/** Minor-unit decimals of every supported currency (usd, eur, gbp). */
export const CURRENCY_DECIMALS = 2;

/**
 * Token units worth `amountMinor` minor units.
 *
 * @throws When `tokenDecimals` is below the currency's decimals (a cent would not be representable).
 */
export function minorToTokenUnits(amountMinor: bigint, tokenDecimals: number): bigint {
  if (tokenDecimals < CURRENCY_DECIMALS) {
    throw new Error(`payments: a token with ${tokenDecimals} decimals cannot represent a cent`);
  }
  return amountMinor * 10n ** BigInt(tokenDecimals - CURRENCY_DECIMALS);
}

/** Whole minor units in `tokenUnits` (rounded down). */
export function tokenUnitsToMinor(tokenUnits: bigint, tokenDecimals: number): bigint {
  return tokenUnits / 10n ** BigInt(tokenDecimals - CURRENCY_DECIMALS);
}

/** "12.34" (a provider's decimal amount) → 1234n minor units; at most 2 decimals. */
export function decimalToMinor(value: string): bigint {
  const match = /^(\d+)(?:\.(\d{1,2}))?$/.exec(value.trim());
  if (match === null) throw new Error(`payments: "${value}" is not an amount with at most 2 decimals`);
  return BigInt(match[1]) * 100n + BigInt((match[2] ?? "").padEnd(2, "0"));
}

/** 1234n minor units → "12.34". */
export function minorToDecimal(amountMinor: bigint): string {
  const cents = (amountMinor % 100n).toString().padStart(2, "0");
  return `${amountMinor / 100n}.${cents}`;
}
