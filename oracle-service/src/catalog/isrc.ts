/** ISRC (ISO 3901) syntax, the same rule the statement importer applies to lines. */
import { RequestError } from "../reports/requestError.ts";

/** Canonical form: 2 letters (country), 3 letters or digits (registrant), 2 digits (year), 5 digits (designation). */
export const ISRC_PATTERN = /^[A-Z]{2}[A-Z0-9]{3}[0-9]{7}$/;

/**
 * The canonical form of `text`: upper case, hyphens of the display form (`US-S1Z-14-12345`) removed.
 *
 * @throws {RequestError} 400 when `text` is not an ISRC.
 */
export function normalizeIsrc(text: string): string {
  const upper = text.trim().toUpperCase();
  const canonical = /^[A-Z]{2}-[A-Z0-9]{3}-[0-9]{2}-[0-9]{5}$/.test(upper) ? upper.replaceAll("-", "") : upper;
  if (!ISRC_PATTERN.test(canonical)) {
    throw new RequestError(
      400,
      "InvalidIsrc",
      `"${text}" is not an ISRC: expected 2 letters, 3 letters or digits, then 7 digits (e.g. USS1Z1412345)`,
    );
  }
  return canonical;
}
