/**
 * The localized sentence for a {@link DecodedError}: the error's arguments are named from the ABI and formatted
 * (token amounts, dates, ISO country codes) before they fill the `errors.<name>` message.
 */
import { hexToString, type AbiParameter, type Hex } from "viem";

import type { DecodedError } from "./errors.ts";
import { ERROR_ABI } from "./errors.ts";

/** What the message needs from i18next: a lookup with interpolation and a key check. */
export interface Translator {
  t(key: string, values?: Record<string, string>): string;
  exists(key: string): boolean;
}

/** How to show the amounts and times in the error's arguments. */
export interface ErrorFormatters {
  /** A settlement-token amount in base units. */
  amount(units: bigint): string;
  /** A Unix time. */
  date(unixSeconds: number): string;
}

/** Arguments that are Unix times. */
const TIME_ARGS = new Set(["fundingDeadline", "expiry", "unlockTime", "deadline"]);
/** Errors whose `total`/`limit` are whole token units, not base units. */
const WHOLE_UNIT_ERRORS = new Set(["Compliance_MaxPer12MonthsExceeded"]);

function formatArg(error: string, input: AbiParameter, value: unknown, format: ErrorFormatters): string {
  const name = input.name ?? "";
  if (typeof value === "bigint") {
    if (TIME_ARGS.has(name)) return format.date(Number(value));
    if (name === "campaignId" || name === "reportId") return `#${value}`;
    if (WHOLE_UNIT_ERRORS.has(error)) return value.toLocaleString();
    return format.amount(value);
  }
  if (input.type === "bytes2" && typeof value === "string") return hexToString(value as Hex).replace(/\0/g, "");
  return String(value);
}

/**
 * Renders a decoded failure as one localized sentence.
 *
 * @param error - From `decodeError`.
 * @param i18n - The i18next instance (or anything with `t` and `exists`).
 * @param format - Formatters for the campaign's token and the current locale.
 */
export function errorMessage(error: DecodedError, i18n: Translator, format: ErrorFormatters): string {
  if (error.kind === "rejected") return i18n.t("errors.rejected");
  if (error.kind === "unknown") return i18n.t("errors.unknown", { message: error.message });
  const key = `errors.${error.name}`;
  if (!i18n.exists(key)) return i18n.t("errors.generic", { name: error.name });
  const item = ERROR_ABI.find((entry) => entry.type === "error" && entry.name === error.name);
  const inputs = item?.type === "error" ? item.inputs : [];
  const values: Record<string, string> = {};
  inputs.forEach((input, index) => {
    if (input.name !== undefined) values[input.name] = formatArg(error.name, input, error.args[index], format);
  });
  if (error.name === "EncoreHub_HardCapExceeded") {
    const [, raised, , hardCap] = error.args as [bigint, bigint, bigint, bigint];
    values.room = format.amount(hardCap > raised ? hardCap - raised : 0n);
  }
  return i18n.t(key, values);
}
