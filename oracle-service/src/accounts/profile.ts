/**
 * Profile changes (`PATCH /v1/me`): email, phone (E.164), display name, locale and country (ISO 3166-1 alpha-2),
 * each validated with a message naming the field; `null` clears a field. The change and an
 * `account.profile_updated` audit entry (field names only, never the values) commit together.
 */
import type { Database } from "../db/database.ts";
import { appendAudit } from "../audit/auditLog.ts";
import { RequestError } from "../reports/requestError.ts";
import { getAccount, LOCALES, type Account, type Locale } from "./accounts.ts";

/** Fields a profile change may set; `null` clears, absent leaves as is. */
export interface ProfilePatch {
  email?: string | null;
  phone?: string | null;
  displayName?: string | null;
  locale?: Locale;
  country?: string | null;
}

/** A field of a profile change is invalid; `field` names it (answered as 400). */
export class ProfileError extends RequestError {
  readonly field: string;
  constructor(field: string, problem: string) {
    super(400, "InvalidProfile", `${field}: ${problem}`);
    this.name = "ProfileError";
    this.field = field;
  }
}

const EMAIL =
  /^[^\s@"<>(),;:\\[\]]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$/;
const E164 = /^\+[1-9][0-9]{6,14}$/;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/;
const regions = new Intl.DisplayNames(["en"], { type: "region", fallback: "code" });
/** Codes ICU names that are not assigned ISO 3166-1 countries (exceptionally reserved, unknown region). */
const NOT_COUNTRIES = new Set(["AC", "CP", "DG", "EA", "EU", "EZ", "IC", "QO", "TA", "UK", "UN", "ZZ"]);

/** Whether `code` is an ISO 3166-1 alpha-2 country code (upper case; Kosovo's XK accepted, as most registries do). */
export function isCountryCode(code: string): boolean {
  return /^[A-Z]{2}$/.test(code) && !NOT_COUNTRIES.has(code) && regions.of(code) !== code;
}

/**
 * Checks and normalises a profile change: trims strings, lower-cases the email's domain, upper-cases the country.
 *
 * @throws {ProfileError} Naming the first invalid field.
 */
export function validateProfilePatch(patch: ProfilePatch): ProfilePatch {
  const valid: ProfilePatch = {};
  if (patch.email !== undefined) {
    if (patch.email === null) valid.email = null;
    else {
      const email = patch.email.trim();
      if (email.length > 254 || !EMAIL.test(email)) {
        throw new ProfileError("email", `"${patch.email}" is not an email address`);
      }
      const at = email.lastIndexOf("@");
      valid.email = `${email.slice(0, at)}@${email.slice(at + 1).toLowerCase()}`;
    }
  }
  if (patch.phone !== undefined) {
    if (patch.phone === null) valid.phone = null;
    else {
      const phone = patch.phone.replace(/[\s.()-]/g, "");
      if (!E164.test(phone)) {
        throw new ProfileError("phone", `"${patch.phone}" is not an E.164 number (+ country code and number)`);
      }
      valid.phone = phone;
    }
  }
  if (patch.displayName !== undefined) {
    if (patch.displayName === null) valid.displayName = null;
    else {
      const name = patch.displayName.trim();
      if (name.length === 0 || name.length > 100 || CONTROL.test(name)) {
        throw new ProfileError("displayName", "must be 1 to 100 characters without control characters");
      }
      valid.displayName = name;
    }
  }
  if (patch.locale !== undefined) {
    if (!(LOCALES as readonly string[]).includes(patch.locale)) {
      throw new ProfileError("locale", `"${String(patch.locale)}" is not one of ${LOCALES.join(", ")}`);
    }
    valid.locale = patch.locale;
  }
  if (patch.country !== undefined) {
    if (patch.country === null) valid.country = null;
    else {
      const country = patch.country.trim().toUpperCase();
      if (!isCountryCode(country)) {
        throw new ProfileError("country", `"${patch.country}" is not an ISO 3166-1 alpha-2 country code`);
      }
      valid.country = country;
    }
  }
  return valid;
}

const COLUMNS: Record<keyof ProfilePatch, string> = {
  email: "email",
  phone: "phone",
  displayName: "display_name",
  locale: "locale",
  country: "country",
};

/**
 * Validates and applies a profile change to account `accountId`, with its audit entry.
 *
 * @param actor - Audit actor (default: the account itself).
 * @returns The updated account.
 * @throws {ProfileError} Naming an invalid field; also when the account is unknown or erased.
 */
export async function updateProfile(
  db: Database,
  accountId: bigint,
  patch: ProfilePatch,
  actor?: string,
): Promise<Account> {
  const valid = validateProfilePatch(patch);
  const fields = Object.keys(valid) as (keyof ProfilePatch)[];
  return db.transaction(async (tx) => {
    const account = await getAccount(tx, accountId);
    if (account === undefined || account.erasedAt !== undefined) {
      throw new ProfileError("account", "unknown or erased");
    }
    if (fields.length === 0) return account;
    const sets = fields.map((field, index) => `${COLUMNS[field]} = $${index + 2}`);
    await tx.query(`UPDATE accounts SET ${sets.join(", ")} WHERE id = $1`, [
      accountId.toString(),
      ...fields.map((field) => valid[field] ?? null),
    ]);
    await appendAudit(tx, {
      actor: actor ?? `account:${account.publicId}`,
      action: "account.profile_updated",
      subject: `account:${account.publicId}`,
      data: { fields },
    });
    return (await getAccount(tx, accountId)) as Account;
  });
}
