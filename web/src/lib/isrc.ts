/**
 * ISRC (ISO 3901) syntax as the oracle service checks it before it accepts a catalog entry: the canonical form is
 * 12 characters — 2 letters (country), 3 letters or digits (registrant), 2 digits (year), 5 digits (designation) —
 * and the display form `US-S1Z-14-12345` is accepted as input.
 */
import { percentToBps } from "./campaignRules.ts";

/** The canonical form the service stores and the artist signs. */
export const ISRC_PATTERN = /^[A-Z]{2}[A-Z0-9]{3}[0-9]{7}$/;

const DISPLAY_FORM = /^[A-Z]{2}-[A-Z0-9]{3}-[0-9]{2}-[0-9]{5}$/;

/**
 * The canonical ISRC of what the artist typed (trimmed, upper-cased, display hyphens removed).
 *
 * @returns The canonical form, or undefined when `text` is not an ISRC.
 */
export function canonicalIsrc(text: string): string | undefined {
  const upper = text.trim().toUpperCase();
  const canonical = DISPLAY_FORM.test(upper) ? upper.replaceAll("-", "") : upper;
  return ISRC_PATTERN.test(canonical) ? canonical : undefined;
}

/** Largest share of one ISRC's revenue (100 %), in basis points, as the service bounds it. */
export const MAX_SHARE_BPS = 10_000;

/**
 * The share a catalog entry claims: a percentage with at most two decimals, in basis points (1–10,000).
 *
 * @returns Basis points, or undefined when `text` is not such a percentage.
 */
export function catalogShareBps(text: string): number | undefined {
  const bps = percentToBps(text);
  return bps !== undefined && bps >= 1 && bps <= MAX_SHARE_BPS ? bps : undefined;
}
