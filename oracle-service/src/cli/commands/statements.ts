/**
 * `encore statements import [options] <files…>`: imports one revenue statement (a DSR report in one or more files,
 * or a distributor CSV) and prints a summary. Exit codes: 0 imported (or already imported), 1 the files have a
 * problem (printed with file, line and field), 2 wrong usage.
 */
import { parseArgs } from "node:util";

import cliProgress from "cli-progress";

import type { Database } from "../../db/database.ts";
import {
  DEFAULT_CSV_MAPPING,
  importStatement,
  loadCsvMapping,
  parseFxRate,
  StatementError,
  type CsvMapping,
  type ImportedStatement,
} from "../../statements/index.ts";

/** What the command needs from the CLI. */
export interface StatementsCommandContext {
  db: Database;
  /** Decimals of the settlement token. */
  tokenDecimals: number;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
}

const HELP = `Usage: encore statements import [options] <files…>

Imports one revenue statement: every part (1ofN…NofN, any order) of a DDEX DSR report (.tsv or .tsv.gz), or one
distributor CSV. Nothing is stored if any line has a problem; importing the same bytes again changes nothing.

Options:
  --format dsr|csv       file format (default: dsr)
  --fx <rate>            settlement-token units per 1 unit of the statement currency, e.g. 0.92 (required)
  --fx-source <text>     where the rate comes from, e.g. "ECB 2026-03-31" (required)
  --mapping <file.json>  CSV column mapping (default: ${Object.values(DEFAULT_CSV_MAPPING.columns).join(", ")})
  -h, --help             show this help

Exit codes: 0 imported (or already imported), 1 a problem in the files, 2 wrong usage.
`;

class UsageError extends Error {}

interface ParsedOptions {
  format: "dsr" | "csv";
  fx: { rate: string; source: string };
  csvMapping?: CsvMapping;
  files: string[];
}

function parseOptions(args: string[]): ParsedOptions | "help" {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      options: {
        format: { type: "string", default: "dsr" },
        fx: { type: "string" },
        "fx-source": { type: "string" },
        mapping: { type: "string" },
        help: { type: "boolean", short: "h" },
      },
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help) return "help";
  if (values.format !== "dsr" && values.format !== "csv") {
    throw new UsageError(`--format must be dsr or csv, not "${values.format}"`);
  }
  if (values.fx === undefined) throw new UsageError("--fx <rate> is required (token units per currency unit)");
  try {
    parseFxRate(values.fx);
  } catch (error) {
    throw new UsageError(`--fx: ${(error as Error).message}`);
  }
  const source = values["fx-source"];
  if (source === undefined || source.trim() === "") throw new UsageError("--fx-source <text> is required");
  if (values.mapping !== undefined && values.format !== "csv")
    throw new UsageError("--mapping applies to --format csv");
  if (positionals.length === 0) throw new UsageError("no statement file given");
  if (values.format === "csv" && positionals.length > 1) throw new UsageError("a CSV statement is one file");
  let csvMapping: CsvMapping | undefined;
  if (values.mapping !== undefined) {
    try {
      csvMapping = loadCsvMapping(values.mapping);
    } catch (error) {
      throw new UsageError((error as Error).message);
    }
  }
  return { format: values.format, fx: { rate: values.fx, source }, csvMapping, files: positionals };
}

/** The summary table printed after an import. */
function summaryTable(result: ImportedStatement): string {
  const rows: [string, string][] = [
    ["statement id", result.statementId.toString()],
    ["files", result.files.join(", ")],
    ["lines", result.lines.toLocaleString("en-US")],
    ["period", `${result.periodStart} to ${result.periodEnd}`],
    ["currency", result.currency],
    ["gross", `${result.grossAmount} ${result.currency}`],
    ["FX", `${result.fxRate} (${result.fxSource})`],
    ["token units", result.amountUnits.toString()],
    ["duplicate", result.duplicate ? "yes (already imported; nothing stored)" : "no"],
  ];
  const width = Math.max(...rows.map(([label]) => label.length));
  return rows.map(([label, value]) => `${label.padEnd(width)}  ${value}\n`).join("");
}

/**
 * Runs `encore statements import`.
 *
 * @param args - The arguments after `import`.
 * @returns The exit code: 0 ok, 1 import error, 2 usage error.
 */
export async function statementsImportCommand(args: string[], context: StatementsCommandContext): Promise<number> {
  let options: ParsedOptions | "help";
  try {
    options = parseOptions(args);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    context.stderr.write(`encore statements import: ${error.message}\n\n${HELP}`);
    return 2;
  }
  if (options === "help") {
    context.stdout.write(HELP);
    return 0;
  }
  const interactive = (context.stderr as NodeJS.WriteStream).isTTY === true;
  const bar = interactive
    ? new cliProgress.SingleBar(
        { stream: context.stderr, format: "importing {value} lines {duration_formatted}", fps: 5 },
        cliProgress.Presets.shades_classic,
      )
    : undefined;
  bar?.start(0, 0);
  try {
    const result = await importStatement(context.db, {
      files: options.files,
      format: options.format,
      fx: options.fx,
      tokenDecimals: context.tokenDecimals,
      csvMapping: options.csvMapping,
      onProgress: (lines) => bar?.update(lines),
      actor: "cli:statements",
    });
    bar?.stop();
    context.stdout.write(summaryTable(result));
    return 0;
  } catch (error) {
    bar?.stop();
    if (error instanceof StatementError) {
      context.stderr.write(`encore statements import: nothing was stored.\n${error.message}\n`);
      return 1;
    }
    if (error instanceof RangeError) {
      context.stderr.write(`encore statements import: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
}
