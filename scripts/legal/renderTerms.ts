/**
 * Renders Encore's standard digital investment contract for one campaign and computes the `termsHash` the artist puts
 * in `CampaignConfig.termsHash` (the keccak256 of the exact text every investor accepts).
 *
 * Templates live in `legal/terms/<JUR>/<version>.md` (English) and `legal/terms/<JUR>/<version>.<language>.md`
 * (other languages, e.g. `v1.fr.md`). A template may include the shared text of its language with the marker
 * `{{> base}}` (`legal/terms/base/<version>[.<language>].md`). Placeholders are `{{name}}`, where `name` is one of
 * {@link PLACEHOLDERS}; an unknown name, a placeholder whose parameter is missing or a malformed `{{` is an error
 * naming the template file and line. Line endings are normalised to `\n`, so the hash does not depend on how the
 * files were checked out.
 *
 * CLI: `node scripts/legal/renderTerms.ts --jurisdiction US --params params.json [--language fr] [--version v1]
 * [--out terms.md]` prints the terms hash (and writes the text to `--out` when given). Amounts in the parameter file
 * are integers in the settlement token's smallest unit, as JSON numbers or decimal strings.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { keccak256, toUtf8Bytes } from "ethers";

import {
  renderTermsText,
  type Language,
  type RenderedTerms,
  type TemplateReader,
  type TermsOptions,
  type TermsParams,
} from "./termsTemplates.ts";

/** Repository root (two levels above `scripts/legal/`); templates are read relative to it. */
export const REPO_ROOT = fileURLToPath(new URL("../..", import.meta.url));

export * from "./termsTemplates.ts";

/** Options of {@link renderTerms}: which template, and where the repository is. */
export interface RenderTermsOptions extends TermsOptions {
  /** Repository root to read templates from (default: this checkout). */
  root?: string;
}

/** Reads templates from the repository on disk. */
export function fileTemplateReader(root: string = REPO_ROOT): TemplateReader {
  return (file) => {
    try {
      return readFileSync(join(root, file), "utf8");
    } catch {
      return undefined;
    }
  };
}

/**
 * Renders the terms of one campaign for one jurisdiction, version and language, and hashes them.
 *
 * @param params - Campaign parameters; every parameter a placeholder of the template needs must be present.
 * @param options - `jurisdiction` (template folder), `version` (default `v1`), `language` (default `en`).
 * @returns The text (`\n` line endings) and `termsHash = keccak256(toUtf8Bytes(text))`.
 * @throws {@link TermsTemplateError} for a missing template, an unknown placeholder or partial, a malformed `{{`, a
 *   missing parameter (all naming the file and line) or a malformed parameter (naming the parameter).
 * @example
 * ```ts
 * const { text, termsHash } = renderTerms(params, { jurisdiction: "US", version: "v1", language: "en" });
 * await hub.createCampaign({ ...config, termsHash });
 * ```
 */
export function renderTerms(params: Partial<TermsParams>, options: RenderTermsOptions): RenderedTerms {
  const text = renderTermsText(params, options, fileTemplateReader(options.root));
  return { text, termsHash: keccak256(toUtf8Bytes(text)) };
}

/** Parsed command line of the CLI. */
interface CliArgs {
  jurisdiction: string;
  params: string;
  language: Language;
  version: string;
  out: string | undefined;
}

function parseArgs(argv: string[]): CliArgs {
  const flags = new Map<string, string>();
  for (let i = 0; i < argv.length; i += 2) {
    const flag = argv[i];
    const value = argv[i + 1];
    if (!["--jurisdiction", "--params", "--language", "--version", "--out"].includes(flag)) {
      throw new Error(`unknown argument ${flag}`);
    }
    if (value === undefined || value.startsWith("--")) throw new Error(`${flag} needs a value`);
    flags.set(flag.slice(2), value);
  }
  const jurisdiction = flags.get("jurisdiction");
  const params = flags.get("params");
  if (jurisdiction === undefined || params === undefined) {
    throw new Error(
      "usage: node scripts/legal/renderTerms.ts --jurisdiction US --params params.json [--language fr] [--version v1] [--out terms.md]",
    );
  }
  return {
    jurisdiction,
    params,
    language: (flags.get("language") ?? "en") as Language,
    version: flags.get("version") ?? "v1",
    out: flags.get("out"),
  };
}

/**
 * CLI entry: renders the terms described by the arguments, writes the text to `--out` when given and prints the hash.
 *
 * @param argv - Arguments after the script path.
 * @returns The process exit code.
 */
export function main(argv: string[]): number {
  try {
    const args = parseArgs(argv);
    const params = JSON.parse(readFileSync(resolve(args.params), "utf8")) as Partial<TermsParams>;
    const { text, termsHash } = renderTerms(params, {
      jurisdiction: args.jurisdiction,
      version: args.version,
      language: args.language,
    });
    if (args.out !== undefined) writeFileSync(resolve(args.out), text);
    console.log(termsHash);
    return 0;
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    return 1;
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  process.exitCode = main(process.argv.slice(2));
}
