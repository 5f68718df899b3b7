/**
 * ISRC (ISO 3901) syntax as the oracle service checks it before it accepts a catalog entry: the canonical form is
 * 12 characters — 2 letters (country), 3 letters or digits (registrant), 2 digits (year), 5 digits (designation) —
 * and the display form `US-S1Z-14-12345` is accepted as input.
 */

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
