/**
 * Turns the jurisdiction presets (`config/jurisdictions/*.json`, loaded and validated by
 * `scripts/legal/jurisdictions.ts`) into the compliance registry's Ignition parameters: `complianceCountries`
 * (`bytes2` ISO 3166-1 alpha-2 codes) and `complianceRules` (`ComplianceRegistry.CountryRule`, same order).
 *
 * CLI (`npm run compliance:parameters -- <parameters file>`): writes both parameters into every module of the given
 * Ignition parameters file (e.g. `ignition/parameters/sepolia.json`), leaving its other values as they are.
 */
import { readFileSync, writeFileSync } from "node:fs";

import type { CountryRuleParameter } from "../../ignition/modules/EncoreProtocol.ts";
import { countryCode } from "../lib/eip712.ts";
import { loadJurisdictions, rulesForCountry, type JurisdictionRules } from "../legal/jurisdictions.ts";

const DAY = 86_400;

/** The registry's parameters generated from the presets. */
export interface ComplianceParameters {
  complianceCountries: string[];
  complianceRules: CountryRuleParameter[];
}

/** The registry rule for a country's effective preset rules (lock-up days to seconds; amounts stay whole dollars). */
export function ruleOf(rules: JurisdictionRules): CountryRuleParameter {
  return {
    allowed: rules.allowed.value,
    accreditationRequired: rules.accreditationRequired.value,
    accreditedUnlimited: rules.accreditedUnlimited.value,
    lockup: rules.transferLockupDays.value * DAY,
    maxPerCampaign: rules.maxPerCampaign.value,
    maxPer12Months: rules.maxPer12Months.value,
  };
}

/**
 * Every country of every preset with its effective rule (member-state overrides applied), sorted by country code.
 * The loader has already refused a country claimed by two presets.
 */
export function complianceParameters(): ComplianceParameters {
  const presets = loadJurisdictions();
  const countries = Object.values(presets)
    .flatMap((preset) => preset.countries)
    .sort();
  return {
    complianceCountries: countries.map(countryCode),
    complianceRules: countries.map((code) => {
      const rules = rulesForCountry(presets, code);
      if (rules === undefined) throw new Error(`no preset lists ${code}`);
      return ruleOf(rules);
    }),
  };
}

/**
 * Writes the generated parameters into every module of the Ignition parameters file `file`. Nothing is written
 * when the file cannot be read, is not a JSON object, or has no module section.
 *
 * @returns The number of module sections filled.
 */
export function writeComplianceParameters(file: string): number {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    throw new Error(`${file}: cannot read the parameters file (${(error as Error).message})`, { cause: error });
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new Error(`${file}: not valid JSON (${(error as Error).message})`, { cause: error });
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    throw new Error(`${file}: expected a JSON object of modules, e.g. {"EncoreProtocol": {…}}`);
  }
  const generated = complianceParameters();
  let modules = 0;
  const sections = parsed as Record<string, unknown>;
  for (const [key, value] of Object.entries(sections)) {
    if (key.startsWith("//") || typeof value !== "object" || value === null || Array.isArray(value)) continue;
    sections[key] = { ...(value as Record<string, unknown>), ...generated };
    modules += 1;
  }
  if (modules === 0) throw new Error(`${file}: no module section to fill (expected e.g. "EncoreProtocol": {…})`);
  writeFileSync(file, JSON.stringify(sections, null, 2) + "\n");
  return modules;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const file = process.argv[2];
  if (file === undefined) {
    console.error("usage: npm run compliance:parameters -- <ignition parameters file>");
    process.exitCode = 2;
  } else {
    try {
      const modules = writeComplianceParameters(file);
      console.log(
        `${file}: wrote ${complianceParameters().complianceCountries.length} countries' rules into ${modules} module(s)`,
      );
    } catch (error) {
      console.error(error instanceof Error ? error.message : String(error));
      process.exitCode = 1;
    }
  }
}
