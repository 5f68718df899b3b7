/**
 * Jurisdiction presets: loads and strictly validates `config/jurisdictions/<JUR>.json`, the per-country investor rules
 * a deployment script writes into a compliance registry (allowed, caps, accreditation, lock-up). Every figure carries
 * the law it comes from (`source`) and what the rule actually says (`note`). Configuration, not legal advice.
 *
 * The schema is described in `config/jurisdictions/README.md`. Validation is strict: unknown keys, missing keys and
 * wrong types are errors, and every error names the file and the field (for example
 * `config/jurisdictions/US.json: rules.maxPerCampaign.value must be a non-negative safe integer (whole US dollars)`).
 */
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";

/** Repository root (two levels above `scripts/legal/`). */
export const REPO_ROOT = fileURLToPath(new URL("../..", import.meta.url));

/** Folder holding the presets, relative to the repository root. */
export const JURISDICTIONS_DIR = "config/jurisdictions";

/** The jurisdictions Encore ships presets for, in file order. */
export const JURISDICTION_CODES = ["US", "KR", "NG", "KE", "ZA", "BR", "MX", "AR", "CO", "EU"] as const;

/** A jurisdiction code Encore ships a preset for. */
export type JurisdictionCode = (typeof JURISDICTION_CODES)[number];

/** The 27 EU member states (ISO 3166-1 alpha-2; Greece is `GR`), as `EU.json` must list them. */
export const EU_MEMBER_STATES = [
  "AT",
  "BE",
  "BG",
  "HR",
  "CY",
  "CZ",
  "DK",
  "EE",
  "FI",
  "FR",
  "DE",
  "GR",
  "HU",
  "IE",
  "IT",
  "LV",
  "LT",
  "LU",
  "MT",
  "NL",
  "PL",
  "PT",
  "RO",
  "SK",
  "SI",
  "ES",
  "SE",
] as const;

/** One rule: its value, the law it comes from and what the law says. */
export interface Rule<T> {
  /** The configured value (amounts in whole US dollars, 0 = no limit; lock-up in days, 0 = none). */
  value: T;
  /** Law or regulation article, with a URL where known. Never empty. */
  source: string;
  /** What the rule actually is, and how a foreign-currency or relative limit was converted. Never empty. */
  note: string;
}

/** The six rules a compliance registry applies per country. */
export interface JurisdictionRules {
  /** Whether residents may invest (and receive transferred shares) at all. */
  allowed: Rule<boolean>;
  /** Maximum a non-accredited investor may put into one campaign, whole USD (0 = no limit). */
  maxPerCampaign: Rule<number>;
  /** Maximum a non-accredited investor may invest per rolling 12 months, whole USD (0 = no limit). */
  maxPer12Months: Rule<number>;
  /** Whether only accredited (professional, sophisticated, qualified) investors may invest. */
  accreditationRequired: Rule<boolean>;
  /** Whether the two caps above do not apply to accredited investors. */
  accreditedUnlimited: Rule<boolean>;
  /** Days after a campaign's success during which its shares may not be transferred (0 = none). */
  transferLockupDays: Rule<number>;
}

/** Names of the six rules, in schema order. */
export const RULE_NAMES = [
  "allowed",
  "maxPerCampaign",
  "maxPer12Months",
  "accreditationRequired",
  "accreditedUnlimited",
  "transferLockupDays",
] as const satisfies readonly (keyof JurisdictionRules)[];

/** A validated preset file. */
export interface Jurisdiction {
  /** Code of the preset; equals the file name (`US` for `US.json`). */
  jurisdiction: string;
  /** Human-readable name. */
  name: string;
  /** ISO 3166-1 alpha-2 countries the rules apply to (one for a country, 27 for `EU`). */
  countries: string[];
  /** The legal regime, e.g. "Regulation Crowdfunding (17 CFR 227)". */
  regime: string;
  /** Date (YYYY-MM-DD) the figures were last checked. */
  asOf: string;
  /** Always `USD`: the platform settles in a USD stablecoin. */
  currency: "USD";
  /** The rules. */
  rules: JurisdictionRules;
  /** Member-state (or sub-country) overrides of some rules, keyed by a country listed in `countries`. Optional. */
  overrides?: Record<string, Partial<JurisdictionRules>>;
  /** Which figures were chosen conservatively because uncertain, and why. */
  conservative: string[];
  /** Always says the figures are configuration, not legal advice. */
  disclaimer: string;
}

const TOP_LEVEL_KEYS = [
  "jurisdiction",
  "name",
  "countries",
  "regime",
  "asOf",
  "currency",
  "rules",
  "overrides",
  "conservative",
  "disclaimer",
] as const;
const REQUIRED_TOP_LEVEL = TOP_LEVEL_KEYS.filter((key) => key !== "overrides");
const RULE_KEYS = ["value", "source", "note"] as const;
const BOOLEAN_RULES = new Set<string>(["allowed", "accreditationRequired", "accreditedUnlimited"]);

/** Thrown for an invalid preset; the message starts with the file, then names the field. */
export class JurisdictionConfigError extends Error {
  /** File the error is in, relative to the repository root. */
  readonly file: string;
  /** Dotted path of the offending field (empty for a whole-file error). */
  readonly field: string;

  constructor(file: string, field: string, message: string) {
    super(field === "" ? `${file}: ${message}` : `${file}: ${field} ${message}`);
    this.name = "JurisdictionConfigError";
    this.file = file;
    this.field = field;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function checkKeys(
  file: string,
  prefix: string,
  object: Record<string, unknown>,
  allowed: readonly string[],
  required: readonly string[],
): void {
  for (const key of Object.keys(object)) {
    if (!allowed.includes(key)) throw new JurisdictionConfigError(file, prefix + key, "is not a known field");
  }
  for (const key of required) {
    if (!(key in object)) throw new JurisdictionConfigError(file, prefix + key, "is missing");
  }
}

function nonEmptyString(file: string, field: string, value: unknown): string {
  if (typeof value !== "string" || value.trim() === "") {
    throw new JurisdictionConfigError(file, field, "must be a non-empty string");
  }
  return value;
}

function checkRule(file: string, field: string, name: string, raw: unknown): void {
  if (!isRecord(raw)) throw new JurisdictionConfigError(file, field, "must be an object { value, source, note }");
  checkKeys(file, `${field}.`, raw, RULE_KEYS, RULE_KEYS);
  if (BOOLEAN_RULES.has(name)) {
    if (typeof raw.value !== "boolean") throw new JurisdictionConfigError(file, `${field}.value`, "must be a boolean");
  } else if (typeof raw.value !== "number" || !Number.isSafeInteger(raw.value) || raw.value < 0) {
    const unit = name === "transferLockupDays" ? "days" : "whole US dollars";
    throw new JurisdictionConfigError(file, `${field}.value`, `must be a non-negative safe integer (${unit})`);
  }
  nonEmptyString(file, `${field}.source`, raw.source);
  nonEmptyString(file, `${field}.note`, raw.note);
}

function checkCaps(file: string, field: string, perCampaign: unknown, per12Months: unknown): void {
  if (typeof perCampaign === "number" && typeof per12Months === "number" && per12Months !== 0) {
    if (perCampaign === 0 || perCampaign > per12Months) {
      throw new JurisdictionConfigError(
        file,
        `${field}.maxPerCampaign.value`,
        `(${perCampaign}) must not exceed maxPer12Months (${per12Months}); 0 means no limit`,
      );
    }
  }
}

/**
 * Validates one parsed preset and returns it typed.
 *
 * @param data - The parsed JSON.
 * @param file - Path used in error messages (relative to the repository root, e.g. `config/jurisdictions/US.json`).
 * @param expectedCode - When given, `jurisdiction` must equal it (the file name without `.json`).
 * @returns The validated preset.
 * @throws {@link JurisdictionConfigError} naming the file and the field on the first problem found.
 */
export function validateJurisdiction(data: unknown, file: string, expectedCode?: string): Jurisdiction {
  if (!isRecord(data)) throw new JurisdictionConfigError(file, "", "must contain a JSON object");
  checkKeys(file, "", data, TOP_LEVEL_KEYS, REQUIRED_TOP_LEVEL);

  const code = nonEmptyString(file, "jurisdiction", data.jurisdiction);
  if (!/^[A-Z]{2}$/.test(code)) throw new JurisdictionConfigError(file, "jurisdiction", "must be two capital letters");
  if (expectedCode !== undefined && code !== expectedCode) {
    throw new JurisdictionConfigError(file, "jurisdiction", `must equal the file name (${expectedCode})`);
  }
  nonEmptyString(file, "name", data.name);
  nonEmptyString(file, "regime", data.regime);

  if (!Array.isArray(data.countries) || data.countries.length === 0) {
    throw new JurisdictionConfigError(file, "countries", "must be a non-empty array of ISO 3166-1 alpha-2 codes");
  }
  const countries = new Set<string>();
  data.countries.forEach((country: unknown, i) => {
    if (typeof country !== "string" || !/^[A-Z]{2}$/.test(country)) {
      throw new JurisdictionConfigError(file, `countries[${i}]`, "must be an ISO 3166-1 alpha-2 code (two capitals)");
    }
    if (countries.has(country)) throw new JurisdictionConfigError(file, `countries[${i}]`, `repeats ${country}`);
    countries.add(country);
  });
  if (code === "EU") {
    const missing = EU_MEMBER_STATES.filter((state) => !countries.has(state));
    const extra = [...countries].filter((country) => !(EU_MEMBER_STATES as readonly string[]).includes(country));
    if (missing.length > 0 || extra.length > 0) {
      throw new JurisdictionConfigError(
        file,
        "countries",
        `must list exactly the 27 EU member states (missing: ${missing.join(", ") || "none"}; not members: ${
          extra.join(", ") || "none"
        })`,
      );
    }
  } else if (countries.size !== 1 || !countries.has(code)) {
    throw new JurisdictionConfigError(file, "countries", `must be ["${code}"] for a single-country preset`);
  }

  const asOf = nonEmptyString(file, "asOf", data.asOf);
  const date = new Date(`${asOf}T00:00:00Z`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(asOf) || Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== asOf) {
    throw new JurisdictionConfigError(file, "asOf", "must be a calendar date YYYY-MM-DD");
  }
  if (data.currency !== "USD") {
    throw new JurisdictionConfigError(file, "currency", 'must be "USD" (amounts are whole US dollars)');
  }

  if (!isRecord(data.rules)) throw new JurisdictionConfigError(file, "rules", "must be an object");
  checkKeys(file, "rules.", data.rules, RULE_NAMES, RULE_NAMES);
  for (const name of RULE_NAMES) checkRule(file, `rules.${name}`, name, data.rules[name]);
  const rules = data.rules as unknown as JurisdictionRules;
  checkCaps(file, "rules", rules.maxPerCampaign.value, rules.maxPer12Months.value);

  if (data.overrides !== undefined) {
    if (!isRecord(data.overrides)) throw new JurisdictionConfigError(file, "overrides", "must be an object");
    for (const [country, override] of Object.entries(data.overrides)) {
      const field = `overrides.${country}`;
      if (!countries.has(country)) throw new JurisdictionConfigError(file, field, "names a country not in countries");
      if (!isRecord(override) || Object.keys(override).length === 0) {
        throw new JurisdictionConfigError(file, field, "must be a non-empty object of rules");
      }
      checkKeys(file, `${field}.`, override, RULE_NAMES, []);
      for (const [name, rule] of Object.entries(override)) checkRule(file, `${field}.${name}`, name, rule);
      const merged = { ...rules, ...(override as Partial<JurisdictionRules>) };
      checkCaps(file, field, merged.maxPerCampaign.value, merged.maxPer12Months.value);
    }
  }

  if (!Array.isArray(data.conservative)) {
    throw new JurisdictionConfigError(file, "conservative", "must be an array of strings (possibly empty)");
  }
  data.conservative.forEach((entry: unknown, i) => nonEmptyString(file, `conservative[${i}]`, entry));
  const disclaimer = nonEmptyString(file, "disclaimer", data.disclaimer);
  if (!/not legal advice/i.test(disclaimer)) {
    throw new JurisdictionConfigError(file, "disclaimer", 'must say the figures are "not legal advice"');
  }
  return data as unknown as Jurisdiction;
}

/**
 * Loads and validates every preset in `config/jurisdictions/` (all `*.json` files there).
 *
 * @param root - Repository root; defaults to this checkout.
 * @returns The presets keyed by jurisdiction code.
 * @throws {@link JurisdictionConfigError} naming the file and the field: invalid JSON, a schema violation, a
 *   country listed by two presets, or one of {@link JURISDICTION_CODES} missing.
 */
export function loadJurisdictions(root: string = REPO_ROOT): Record<string, Jurisdiction> {
  const dir = join(root, JURISDICTIONS_DIR);
  const files = readdirSync(dir)
    .filter((name) => name.endsWith(".json"))
    .sort();
  const presets: Record<string, Jurisdiction> = {};
  const owner = new Map<string, string>();
  for (const name of files) {
    const path = join(dir, name);
    const file = relative(root, path).split("\\").join("/");
    let data: unknown;
    try {
      data = JSON.parse(readFileSync(path, "utf8"));
    } catch (error) {
      throw new JurisdictionConfigError(file, "", `is not valid JSON (${(error as Error).message})`);
    }
    const preset = validateJurisdiction(data, file, name.slice(0, -".json".length));
    for (const [i, country] of preset.countries.entries()) {
      const other = owner.get(country);
      if (other !== undefined) {
        throw new JurisdictionConfigError(file, `countries[${i}]`, `(${country}) is already covered by ${other}`);
      }
      owner.set(country, file);
    }
    presets[preset.jurisdiction] = preset;
  }
  for (const code of JURISDICTION_CODES) {
    if (!(code in presets)) {
      throw new JurisdictionConfigError(`${JURISDICTIONS_DIR}/${code}.json`, "", "is missing");
    }
  }
  return presets;
}

/**
 * The rules that apply to residents of `country`: the preset listing it, with its member-state override if any.
 *
 * @param presets - Result of {@link loadJurisdictions}.
 * @param country - ISO 3166-1 alpha-2 code.
 * @returns The effective rules, or `undefined` when no preset lists the country.
 */
export function rulesForCountry(presets: Record<string, Jurisdiction>, country: string): JurisdictionRules | undefined {
  for (const preset of Object.values(presets)) {
    if (preset.countries.includes(country)) return { ...preset.rules, ...preset.overrides?.[country] };
  }
  return undefined;
}
