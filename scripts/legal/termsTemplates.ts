/**
 * The pure core of the standard investment contract's rendering, shared by the Node script (`renderTerms.ts`, which
 * reads templates from disk and hashes with ethers) and the dApp (which bundles the templates and hashes with viem):
 * placeholder values, number formats and template expansion, with no file system and no hashing. Templates are
 * `legal/terms/<JUR>/<version>[.<language>].md`; `{{> base}}` includes the shared text; `{{name}}` placeholders are
 * {@link PLACEHOLDERS}. Errors name the template file and line, or the parameter.
 */

/** The only placeholder names a template may use; all are known when a campaign is created. */
export const PLACEHOLDERS = [
  "artistAddress",
  "tokenSymbol",
  "tokenAddress",
  "goal",
  "hardCap",
  "fundingDeadline",
  "minInvestment",
  "maxPerInvestor",
  "revenueSharePercent",
  "payoutCap",
  "shareDurationDays",
  "vestingDurationDays",
  "bond",
  "feePercent",
  "chainId",
  "hubAddress",
  "jurisdiction",
  "termsVersion",
] as const;

/** A placeholder name a template may use. */
export type Placeholder = (typeof PLACEHOLDERS)[number];

/** Languages templates exist in. */
export const LANGUAGES = ["en", "fr"] as const;

/** A template language. */
export type Language = (typeof LANGUAGES)[number];

/** An integer amount or count: a bigint, a safe integer number, or a decimal string. */
export type IntegerLike = bigint | number | string;

/**
 * Parameters of one campaign: the `IEncoreHub.CampaignConfig` fields (without `termsHash`, which is the output, and
 * with `metadataURI`/`compliance` optional because the terms do not quote them) plus what the terms show about the
 * token, the artist, the fee and the deployment. Amounts are integers in the settlement token's smallest unit.
 */
export interface TermsParams {
  /** Artist's address (`msg.sender` of `createCampaign`). */
  artist: string;
  /** Settlement token address (`CampaignConfig.token`). */
  token: string;
  /** Settlement token symbol, e.g. `USDC` or `mUSDC`. */
  tokenSymbol: string;
  /** Settlement token decimals (6 for USDC). */
  tokenDecimals: number;
  /** Minimum raise for success. */
  goal: IntegerLike;
  /** Maximum raise. */
  hardCap: IntegerLike;
  /** Unix time (seconds) funding closes. */
  fundingDeadline: IntegerLike;
  /** Smallest single investment. */
  minInvestment: IntegerLike;
  /** Largest total per investor (0 = none). */
  maxPerInvestor: IntegerLike;
  /** Share of reported gross revenue owed to holders, in basis points (1–10,000). */
  revenueShareBps: IntegerLike;
  /** Maximum cumulative revenue paid to holders (0 = no cap). */
  payoutCap: IntegerLike;
  /** Seconds the revenue share lasts after success. */
  shareDuration: IntegerLike;
  /** Seconds over which raised funds vest to the artist (0 = at once). */
  vestingDuration: IntegerLike;
  /** Settlement tokens the artist locks as a guarantee. */
  bond: IntegerLike;
  /** Protocol fee in basis points, as the hub will copy it into the campaign (≤ 1,000). */
  feeBps: IntegerLike;
  /** Chain id of the deployment. */
  chainId: IntegerLike;
  /** `EncoreHub` address. */
  hubAddress: string;
  /** Off-chain campaign description (not quoted in the terms). */
  metadataURI?: string;
  /** Compliance registry (not quoted in the terms). */
  compliance?: string;
}

/** Which template to render. */
export interface TermsOptions {
  /** Jurisdiction code, the folder under `legal/terms/` (e.g. `US`, `EU`). */
  jurisdiction: string;
  /** Terms version, the file stem (default `v1`). */
  version?: string;
  /** Language (default `en`). */
  language?: Language;
}

/** The rendered terms. */
export interface RenderedTerms {
  /** The full text, `\n` line endings. */
  text: string;
  /** `keccak256(toUtf8Bytes(text))`, the value for `CampaignConfig.termsHash`. */
  termsHash: string;
}

/** Thrown for a template or parameter problem; `file` and `line` locate template problems. */
export class TermsTemplateError extends Error {
  /** Template file (relative to the repository root), when the problem is in a template. */
  readonly file: string | undefined;
  /** 1-based line in `file`, when known. */
  readonly line: number | undefined;

  constructor(message: string, file?: string, line?: number) {
    super(file === undefined ? message : `${file}:${line ?? 0}: ${message}`);
    this.name = "TermsTemplateError";
    this.file = file;
    this.line = line;
  }
}

const PLACEHOLDER_SET = new Set<string>(PLACEHOLDERS);
/** `{{name}}` or `{{> partial}}`, optional inner spaces. */
const TOKEN = /\{\{\s*(>?)\s*([^{}]*?)\s*\}\}/g;
const ADDRESS = /^0x[0-9a-fA-F]{40}$/;
const SECONDS_PER_DAY = 86_400n;
const MAX_INCLUDE_DEPTH = 4;

/** Words each language uses where an amount of 0 means "no limit". */
const NONE: Record<Language, string> = { en: "none", fr: "aucun" };

function toBigInt(name: string, value: IntegerLike | undefined): bigint {
  if (typeof value === "bigint") return value;
  if (typeof value === "number" && Number.isSafeInteger(value)) return BigInt(value);
  if (typeof value === "string" && /^\d+$/.test(value.trim())) return BigInt(value.trim());
  throw new TermsTemplateError(
    `parameter "${name}" must be a non-negative integer (bigint, safe integer or decimal string), got ${String(value)}`,
  );
}

function nonNegative(name: string, value: IntegerLike | undefined): bigint {
  const result = toBigInt(name, value);
  if (result < 0n) throw new TermsTemplateError(`parameter "${name}" must not be negative`);
  return result;
}

function groupThousands(digits: string, separator: string): string {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, separator);
}

/**
 * Formats an integer amount of token units as a decimal token amount with at least two decimals, e.g.
 * `10000000000n` with 6 decimals → `10,000.00 mUSDC` (English) or `10 000,00 mUSDC` (French, no-break spaces).
 * Trailing zeros beyond two decimals are dropped; nothing is rounded.
 *
 * @param units - Amount in the token's smallest unit.
 * @param decimals - Token decimals.
 * @param symbol - Token symbol appended after a (no-break) space.
 * @param language - Number style.
 */
export function formatAmount(units: bigint, decimals: number, symbol: string, language: Language = "en"): string {
  const scale = 10n ** BigInt(decimals);
  const whole = units / scale;
  let fraction = decimals === 0 ? "" : (units % scale).toString().padStart(decimals, "0").replace(/0+$/, "");
  fraction = fraction.padEnd(2, "0");
  const [thousands, point, space] = language === "fr" ? ["\u00a0", ",", "\u00a0"] : [",", ".", " "];
  return `${groupThousands(whole.toString(), thousands)}${point}${fraction}${space}${symbol}`;
}

/**
 * Formats basis points as a percentage without rounding: `2500` → `25%` (en) / `25 %` (fr), `1234` → `12.34%` /
 * `12,34 %`.
 *
 * @param bps - Basis points.
 * @param language - Number style.
 */
export function formatPercent(bps: bigint, language: Language = "en"): string {
  const whole = bps / 100n;
  const fraction = (bps % 100n).toString().padStart(2, "0").replace(/0+$/, "");
  const point = language === "fr" ? "," : ".";
  const number = `${groupThousands(whole.toString(), language === "fr" ? "\u00a0" : ",")}${fraction === "" ? "" : point + fraction}`;
  return language === "fr" ? `${number}\u00a0%` : `${number}%`;
}

/**
 * Formats seconds as days: whole days as an integer, otherwise with up to four decimals (truncated), e.g. `31536000`
 * → `365`, `129600` → `1.5` (en) / `1,5` (fr).
 *
 * @param seconds - Duration in seconds.
 * @param language - Number style.
 */
export function formatDays(seconds: bigint, language: Language = "en"): string {
  const whole = seconds / SECONDS_PER_DAY;
  const remainder = seconds % SECONDS_PER_DAY;
  const fraction = ((remainder * 10_000n) / SECONDS_PER_DAY).toString().padStart(4, "0").replace(/0+$/, "");
  const number = groupThousands(whole.toString(), language === "fr" ? "\u00a0" : ",");
  return fraction === "" ? number : `${number}${language === "fr" ? "," : "."}${fraction}`;
}

/**
 * Formats a Unix time (seconds) as an ISO 8601 UTC date-time without milliseconds, e.g. `2026-12-31T23:59:59Z`.
 *
 * @param seconds - Unix time in seconds.
 */
export function formatDeadline(seconds: bigint): string {
  const millis = seconds * 1000n;
  if (millis > 8_640_000_000_000_000n) throw new TermsTemplateError(`parameter "fundingDeadline" is out of range`);
  return new Date(Number(millis)).toISOString().replace(/\.000Z$/, "Z");
}

function address(name: string, value: unknown): string {
  if (typeof value !== "string" || !ADDRESS.test(value)) {
    throw new TermsTemplateError(`parameter "${name}" must be a 0x-prefixed 20-byte hex address, got ${String(value)}`);
  }
  return value;
}

/**
 * Computes the value of every placeholder. A parameter that is absent (`undefined`) leaves its placeholder
 * unresolved, so that rendering reports the template line that needs it; a present but malformed parameter throws
 * at once, naming the parameter.
 *
 * @param params - Campaign parameters (possibly incomplete).
 * @param options - Jurisdiction, version and language.
 * @returns Placeholder values, each `undefined` when its parameter is missing.
 */
export function placeholderValues(
  params: Partial<TermsParams>,
  options: Required<Pick<TermsOptions, "jurisdiction" | "version" | "language">>,
): Record<Placeholder, string | undefined> {
  const { language } = options;
  const has = (...names: (keyof TermsParams)[]) => names.every((name) => params[name] !== undefined);
  let decimals: number | undefined;
  if (params.tokenDecimals !== undefined) {
    if (!Number.isSafeInteger(params.tokenDecimals) || params.tokenDecimals < 0 || params.tokenDecimals > 36) {
      throw new TermsTemplateError(`parameter "tokenDecimals" must be an integer between 0 and 36`);
    }
    decimals = params.tokenDecimals;
  }
  if (params.tokenSymbol !== undefined && (typeof params.tokenSymbol !== "string" || params.tokenSymbol === "")) {
    throw new TermsTemplateError(`parameter "tokenSymbol" must be a non-empty string`);
  }
  const amount = (
    name: "goal" | "hardCap" | "minInvestment" | "maxPerInvestor" | "payoutCap" | "bond",
    zero?: string,
  ) => {
    if (!has(name, "tokenDecimals", "tokenSymbol") || decimals === undefined) return undefined;
    const units = nonNegative(name, params[name]);
    return units === 0n && zero !== undefined
      ? zero
      : formatAmount(units, decimals, params.tokenSymbol ?? "", language);
  };
  const percent = (name: "revenueShareBps" | "feeBps", max: bigint) => {
    if (params[name] === undefined) return undefined;
    const bps = nonNegative(name, params[name]);
    if (bps > max) throw new TermsTemplateError(`parameter "${name}" must be at most ${max}`);
    return formatPercent(bps, language);
  };
  const days = (name: "shareDuration" | "vestingDuration") =>
    params[name] === undefined ? undefined : formatDays(nonNegative(name, params[name]), language);
  return {
    artistAddress: params.artist === undefined ? undefined : address("artist", params.artist),
    tokenSymbol: params.tokenSymbol,
    tokenAddress: params.token === undefined ? undefined : address("token", params.token),
    goal: amount("goal"),
    hardCap: amount("hardCap"),
    fundingDeadline:
      params.fundingDeadline === undefined
        ? undefined
        : formatDeadline(nonNegative("fundingDeadline", params.fundingDeadline)),
    minInvestment: amount("minInvestment"),
    maxPerInvestor: amount("maxPerInvestor", NONE[language]),
    revenueSharePercent: percent("revenueShareBps", 10_000n),
    payoutCap: amount("payoutCap", NONE[language]),
    shareDurationDays: days("shareDuration"),
    vestingDurationDays: days("vestingDuration"),
    bond: amount("bond"),
    feePercent: percent("feeBps", 1_000n),
    chainId: params.chainId === undefined ? undefined : nonNegative("chainId", params.chainId).toString(),
    hubAddress: params.hubAddress === undefined ? undefined : address("hubAddress", params.hubAddress),
    jurisdiction: options.jurisdiction,
    termsVersion: options.version,
  };
}

/** The parameter(s) a placeholder is computed from, for error messages. */
const SOURCE_PARAMS: Record<Placeholder, string> = {
  artistAddress: "artist",
  tokenSymbol: "tokenSymbol",
  tokenAddress: "token",
  goal: "goal, tokenDecimals, tokenSymbol",
  hardCap: "hardCap, tokenDecimals, tokenSymbol",
  fundingDeadline: "fundingDeadline",
  minInvestment: "minInvestment, tokenDecimals, tokenSymbol",
  maxPerInvestor: "maxPerInvestor, tokenDecimals, tokenSymbol",
  revenueSharePercent: "revenueShareBps",
  payoutCap: "payoutCap, tokenDecimals, tokenSymbol",
  shareDurationDays: "shareDuration",
  vestingDurationDays: "vestingDuration",
  bond: "bond, tokenDecimals, tokenSymbol",
  feePercent: "feeBps",
  chainId: "chainId",
  hubAddress: "hubAddress",
  jurisdiction: "jurisdiction (option)",
  termsVersion: "version (option)",
};

/** Path of a template relative to the root: `legal/terms/<folder>/<version>[.<language>].md`. */
export function templatePath(folder: string, version: string, language: Language): string {
  return `legal/terms/${folder}/${version}${language === "en" ? "" : `.${language}`}.md`;
}

/**
 * Renders one template file: expands `{{> base}}` (recursively, reading the base of the same version and language)
 * and replaces placeholders, line by line so that errors carry the file and line.
 */
function renderFile(
  read: TemplateReader,
  file: string,
  values: Record<Placeholder, string | undefined>,
  version: string,
  language: Language,
  depth: number,
): string {
  const lines = normalise(read, file).split("\n");
  return lines
    .map((line, index) => {
      const lineNumber = index + 1;
      const rendered = line.replace(TOKEN, (_match, partial: string, name: string) => {
        if (partial === ">") {
          if (name !== "base") {
            throw new TermsTemplateError(
              `unknown partial "{{> ${name}}}" (only "{{> base}}" exists)`,
              file,
              lineNumber,
            );
          }
          if (depth >= MAX_INCLUDE_DEPTH) {
            throw new TermsTemplateError(`"{{> base}}" nested too deeply (include cycle?)`, file, lineNumber);
          }
          const base = templatePath("base", version, language);
          if (base === file) throw new TermsTemplateError(`"{{> base}}" includes itself`, file, lineNumber);
          return renderFile(read, base, values, version, language, depth + 1);
        }
        if (!PLACEHOLDER_SET.has(name)) {
          throw new TermsTemplateError(
            `unknown placeholder "{{${name}}}" (allowed: ${PLACEHOLDERS.join(", ")})`,
            file,
            lineNumber,
          );
        }
        const value = values[name as Placeholder];
        if (value === undefined) {
          throw new TermsTemplateError(
            `missing parameter for placeholder "{{${name}}}" (needs: ${SOURCE_PARAMS[name as Placeholder]})`,
            file,
            lineNumber,
          );
        }
        return value;
      });
      // Whatever is left of a "{{" or "}}" in the template line itself is a malformed placeholder.
      const leftover = line.replace(TOKEN, "");
      if (leftover.includes("{{") || leftover.includes("}}")) {
        throw new TermsTemplateError(`malformed placeholder near "${leftover.trim()}"`, file, lineNumber);
      }
      return rendered;
    })
    .join("\n");
}

/**
 * Returns the text of a template file (path relative to the repository root, e.g. `legal/terms/US/v1.md`), or
 * `undefined` when there is no such file.
 */
export type TemplateReader = (file: string) => string | undefined;

function normalise(read: TemplateReader, file: string): string {
  const raw = read(file);
  if (raw === undefined) throw new TermsTemplateError(`template not found: ${file}`);
  return raw.replace(/^\uFEFF/, "").replace(/\r\n?/g, "\n");
}

/**
 * Renders the terms text of one campaign for one jurisdiction, version and language (no hashing: the caller hashes
 * the UTF-8 bytes with keccak256 to get `termsHash`).
 *
 * @param params - Campaign parameters; every parameter a placeholder of the template needs must be present.
 * @param options - `jurisdiction` (template folder), `version` (default `v1`), `language` (default `en`).
 * @param read - Where template files come from.
 * @returns The text, `\n` line endings.
 * @throws {@link TermsTemplateError} for a missing template, an unknown placeholder or partial, a malformed `{{`, a
 *   missing parameter (all naming the file and line) or a malformed parameter (naming the parameter).
 */
export function renderTermsText(params: Partial<TermsParams>, options: TermsOptions, read: TemplateReader): string {
  const version = options.version ?? "v1";
  const language = options.language ?? "en";
  if (!/^[A-Z]{2}$/.test(options.jurisdiction)) {
    throw new TermsTemplateError(
      `jurisdiction must be a two-letter code such as "US" or "EU", got "${options.jurisdiction}"`,
    );
  }
  if (!/^v\d+$/.test(version)) throw new TermsTemplateError(`version must look like "v1", got "${version}"`);
  if (!(LANGUAGES as readonly string[]).includes(language)) {
    throw new TermsTemplateError(`language must be one of ${LANGUAGES.join(", ")}, got "${String(language)}"`);
  }
  const values = placeholderValues(params, { jurisdiction: options.jurisdiction, version, language });
  return renderFile(read, templatePath(options.jurisdiction, version, language), values, version, language, 0);
}
