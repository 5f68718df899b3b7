/**
 * Imports one revenue statement — a DSR report (one or more files) or a distributor CSV — into `statements` and
 * `statement_lines`, in one transaction: any problem stores nothing, and the same bytes twice are one statement.
 */
import { createHash } from "node:crypto";
import { stat } from "node:fs/promises";
import { basename } from "node:path";

import { appendAudit } from "../audit/auditLog.ts";
import type { Database, Queryable } from "../db/database.ts";
import { DEFAULT_CSV_MAPPING, type CsvMapping } from "./csv/csvMapping.ts";
import { formatDecimal, parseDecimal, type Decimal } from "./decimal.ts";
import { orderReportParts } from "./dsr/dsrFileName.ts";
import { CHUNK_BYTES, readChunks } from "./lineReader.ts";
import { parseInWorker } from "./parseInWorker.ts";
import type { StatementFacts } from "./revenueLine.ts";
import { quote, StatementError } from "./statementError.ts";
import { DEFAULT_BATCH_ROWS, STATEMENT_LINE_COLUMNS } from "./statementLineWriter.ts";

/** The exchange rate applied to a statement, as recorded with it. */
export interface FxRate {
  /** Settlement-token units per one unit of the statement currency, as a plain decimal (e.g. `"0.92"`). */
  rate: string;
  /** Where the rate came from (e.g. `"ECB reference rate 2026-03-31"`). */
  source: string;
}

/** What to import. */
export interface ImportStatementOptions {
  /** The statement's files: one CSV, or every part (`1ofN` … `NofN`, in any order) of one DSR report. */
  files: readonly string[];
  /** `dsr` for DDEX DSR flat files (`.tsv`, `.tsv.gz`), `csv` for a distributor export. */
  format: "dsr" | "csv";
  /** Exchange rate into the settlement token. */
  fx: FxRate;
  /** The settlement token's decimals (0–36), e.g. 6 for USDC. */
  tokenDecimals: number;
  /** Column mapping for `csv` (default {@link DEFAULT_CSV_MAPPING}). */
  csvMapping?: CsvMapping;
  /** Told the number of lines stored so far, after each batch. */
  onProgress?: (linesDone: number) => void;
  /** Rows per COPY batch (default {@link DEFAULT_BATCH_ROWS}). */
  batchRows?: number;
  /** Also return {@link ImportedStatement.unitsByIsrc} (summed while parsing; memory grows with distinct ISRCs). */
  totalsByIsrc?: boolean;
  /** Who imports, for the audit log (default "system:statements"). */
  actor?: string;
}

/** The stored statement. */
export interface ImportedStatement {
  statementId: bigint;
  /** `true` when these exact bytes were imported before: the earlier statement is returned, nothing new stored. */
  duplicate: boolean;
  format: "dsr" | "csv";
  /** File base names in part order. */
  files: string[];
  /** sha256 (hex) of the files' bytes in part order. */
  contentHash: string;
  lines: number;
  /** Sum of the line amounts in `currency`, exact decimal text. */
  grossAmount: string;
  /** Sum of the lines' settlement-token units (each line floored separately). */
  amountUnits: bigint;
  currency: string;
  periodStart: string;
  periodEnd: string;
  fxRate: string;
  fxSource: string;
  /** Settlement-token units per ISRC: only for a new import asked for with {@link ImportStatementOptions.totalsByIsrc}. */
  unitsByIsrc?: Map<string, bigint>;
}

/** Shortest plausible revenue line, in bytes: file size / this = the most lines to expect (sizes the duplicate filter). */
const BYTES_PER_LINE_AT_LEAST = 24;
/** Expected gzip compression ratio of statements, for the same estimate. */
const GZIP_RATIO_GUESS = 8;

/** Most fraction digits an FX rate may have. */
const MAX_FX_FRACTION_DIGITS = 18;

/**
 * Parses an FX rate: a positive plain decimal with at most 18 fraction digits.
 *
 * @throws RangeError - naming what is wrong.
 */
export function parseFxRate(text: string): Decimal {
  const parsed = parseDecimal(text, MAX_FX_FRACTION_DIGITS);
  if (!parsed.ok || parsed.value.coefficient <= 0n) {
    throw new RangeError(
      `FX rate ${quote(text)} is not a positive decimal with at most ${MAX_FX_FRACTION_DIGITS} fraction digits (e.g. 0.92)`,
    );
  }
  return parsed.value;
}

/** Thrown inside the transaction when a concurrent import stored the same content first. */
class StoredConcurrently extends Error {}

/**
 * Imports a statement.
 *
 * Streaming: a worker thread reads the files chunk by chunk (gunzipped when `.gz`), validates the lines and hands
 * them over in batches, which this thread writes with COPY as the worker reads on (parseInWorker.ts), all inside one
 * transaction. The content hash (sha256 of the files' bytes in part order) is unique in
 * `statements`, so a repeated or concurrent import of the same bytes returns the existing statement.
 *
 * @returns The statement (new, or the earlier one with `duplicate: true`).
 * @throws StatementError - The first problem in the files (with file, line and field); nothing is stored.
 * @throws RangeError - Invalid options (FX rate, token decimals, no files, several CSV files).
 */
export async function importStatement(db: Database, options: ImportStatementOptions): Promise<ImportedStatement> {
  const fxRate = parseFxRate(options.fx.rate);
  if (!Number.isInteger(options.tokenDecimals) || options.tokenDecimals < 0 || options.tokenDecimals > 36) {
    throw new RangeError(`token decimals ${options.tokenDecimals} must be a whole number from 0 to 36`);
  }
  if (options.fx.source.trim() === "") throw new RangeError("the FX source must say where the rate came from");
  if (options.files.length === 0) throw new RangeError("no statement file given");
  if (options.format === "csv" && options.files.length > 1) {
    throw new RangeError(`a CSV statement is one file; got ${options.files.length}`);
  }
  const paths =
    options.format === "dsr" ? orderReportParts(options.files).map((part) => part.path) : [...options.files];
  const files = paths.map((path) => basename(path));
  const contentHash = await hashFiles(paths);
  const fileBytes = await totalBytes(paths);
  const earlier = await findStatement(db, contentHash);
  if (earlier !== undefined) return earlier;

  try {
    return await db.transaction(async (tx) => {
      const [inserted] = await tx.query<{ id: bigint }>(
        `INSERT INTO statements (content_hash, format, period_start, period_end, currency, fx_rate, fx_source,
           token_decimals, file_names, line_count, gross_amount)
         VALUES ($1, $2, '-infinity', '-infinity', '', $3, $4, $5, $6::text::jsonb, 0, 0)
         ON CONFLICT (content_hash) DO NOTHING RETURNING id`,
        [
          contentHash,
          options.format,
          formatDecimal(fxRate),
          options.fx.source,
          options.tokenDecimals,
          JSON.stringify(files),
        ],
      );
      if (inserted === undefined) throw new StoredConcurrently();
      const parsed = await parseInWorker(
        {
          format: options.format,
          parts: options.format === "dsr" ? orderReportParts(paths) : [],
          csvPath: paths[0],
          csvMapping: options.csvMapping ?? DEFAULT_CSV_MAPPING,
          statementId: inserted.id,
          fxRate,
          tokenDecimals: options.tokenDecimals,
          batchRows: options.batchRows ?? DEFAULT_BATCH_ROWS,
          expectedLines: fileBytes / BYTES_PER_LINE_AT_LEAST,
          totalsByIsrc: options.totalsByIsrc === true,
        },
        async (rows, linesDone) => {
          await tx.copyIn("statement_lines", STATEMENT_LINE_COLUMNS, rows);
          options.onProgress?.(linesDone);
        },
      );
      const { facts } = parsed;
      if (parsed.digest !== contentHash) {
        throw new StatementError(
          files[0],
          0,
          "file",
          "changed while it was being imported; expected it to stay the same",
        );
      }
      if (parsed.lineCount === 0) {
        throw new StatementError(
          files[files.length - 1],
          0,
          "lines",
          "the statement has no revenue line; expected at least one",
        );
      }
      await rejectDuplicateLines(tx, inserted.id, facts, parsed.duplicateCandidates);
      await tx.query(
        `UPDATE statements SET sender = $2, recipient = $3, service = $4, territory = $5, period_start = $6,
           period_end = $7, currency = $8, line_count = $9, gross_amount = $10, total_amount_units = $11, message_id = $12,
           profile = $13
         WHERE id = $1`,
        [
          inserted.id,
          facts.sender,
          facts.recipient,
          facts.service,
          facts.territory,
          facts.periodStart,
          facts.periodEnd,
          facts.currency,
          parsed.lineCount,
          formatDecimal(parsed.grossAmount),
          parsed.unitsTotal.toString(),
          facts.messageId,
          facts.profile,
        ],
      );
      await appendAudit(tx, {
        actor: options.actor ?? "system:statements",
        action: "statement.imported",
        subject: `statement:${inserted.id}`,
        data: {
          contentHash,
          format: options.format,
          lines: parsed.lineCount,
          grossAmount: formatDecimal(parsed.grossAmount),
          currency: facts.currency,
          amountUnits: parsed.unitsTotal.toString(),
        },
      });
      return {
        statementId: inserted.id,
        duplicate: false,
        format: options.format,
        files,
        contentHash,
        lines: parsed.lineCount,
        grossAmount: formatDecimal(parsed.grossAmount),
        amountUnits: parsed.unitsTotal,
        currency: facts.currency,
        periodStart: facts.periodStart,
        periodEnd: facts.periodEnd,
        fxRate: formatDecimal(fxRate),
        fxSource: options.fx.source,
        ...(parsed.unitsByIsrc === undefined ? {} : { unitsByIsrc: parsed.unitsByIsrc }),
      };
    });
  } catch (error) {
    if (!(error instanceof StoredConcurrently)) throw error;
    const stored = await findStatement(db, contentHash);
    if (stored === undefined) throw new Error(`statement ${contentHash} vanished after a concurrent import`);
    return stored;
  }
}

/** sha256 (hex) of the files' bytes, in order. */
async function hashFiles(paths: readonly string[]): Promise<string> {
  const hash = createHash("sha256");
  const buffer = new Uint8Array(CHUNK_BYTES);
  for (const path of paths) {
    try {
      for await (const chunk of readChunks(path, buffer)) hash.update(chunk);
    } catch (error) {
      throw new StatementError(basename(path), 0, "file", `cannot be read (${(error as Error).message})`);
    }
  }
  return hash.digest("hex");
}

interface StatementRow {
  id: bigint;
  format: "dsr" | "csv";
  file_names: string[];
  content_hash: string;
  line_count: bigint;
  gross_amount: string;
  total_amount_units: string;
  currency: string;
  period_start: string;
  period_end: string;
  fx_rate: string;
  fx_source: string;
}

/** The stored statement with this content hash, as a duplicate result. */
async function findStatement(db: Queryable, contentHash: string): Promise<ImportedStatement | undefined> {
  const [row] = await db.query<StatementRow>(
    `SELECT id, format, file_names, content_hash, line_count, gross_amount, total_amount_units, currency,
       period_start, period_end, fx_rate, fx_source
     FROM statements WHERE content_hash = $1`,
    [contentHash],
  );
  if (row === undefined) return undefined;
  return {
    statementId: row.id,
    duplicate: true,
    format: row.format,
    files: row.file_names,
    contentHash: row.content_hash,
    lines: Number(row.line_count),
    grossAmount: row.gross_amount,
    amountUnits: BigInt(row.total_amount_units),
    currency: row.currency,
    periodStart: row.period_start,
    periodEnd: row.period_end,
    fxRate: row.fx_rate,
    fxSource: row.fx_source,
  };
}

/**
 * Fails when two lines of the statement share a line identity ({@link StatementFacts.lineIdentity}); the error is
 * at the later line and names the earlier one (of the repeated identities, the one whose first line comes first).
 *
 * @param candidates - The identities the parser's filter saw more than once (usually none; a filter hit may be a false
 *   alarm, so they are checked here), or `null` when there were too many: then every line of the statement is grouped.
 */
async function rejectDuplicateLines(
  tx: Queryable,
  statementId: bigint,
  facts: StatementFacts,
  candidates: readonly string[] | null,
): Promise<void> {
  if (candidates !== null && candidates.length === 0) return;
  const rows = await tx.query<{ source_key: string; file_name: string; file_line: number }>(
    candidates === null
      ? `SELECT source_key, file_name, file_line FROM statement_lines
         WHERE statement_id = $1 AND source_key = (
           SELECT source_key FROM statement_lines WHERE statement_id = $1
           GROUP BY source_key HAVING count(*) > 1 ORDER BY min(line_no) LIMIT 1)
         ORDER BY line_no`
      : `SELECT source_key, file_name, file_line FROM statement_lines
         WHERE statement_id = $1 AND source_key = ANY($2::text[]) ORDER BY line_no`,
    candidates === null ? [statementId] : [statementId, candidates],
  );
  // Rows are in line order: the first identity seen a second time is not necessarily the one seen first; keep the
  // earliest first occurrence among the repeated ones.
  const first = new Map<string, number>();
  let repeated: { first: number; second: number } | undefined;
  rows.forEach((row, index) => {
    const earlier = first.get(row.source_key);
    if (earlier === undefined) first.set(row.source_key, index);
    else if (repeated === undefined || earlier < repeated.first) repeated = { first: earlier, second: index };
  });
  if (repeated === undefined) return;
  const [earlier, later] = [rows[repeated.first], rows[repeated.second]];
  throw new StatementError(
    later.file_name,
    later.file_line,
    facts.lineIdentity,
    `duplicate line: ${quote(later.source_key)} was already reported at ${earlier.file_name} line ${earlier.file_line}; expected each line once`,
  );
}

/** The files' total size in bytes. */
async function totalBytes(paths: readonly string[]): Promise<number> {
  let bytes = 0;
  for (const path of paths) bytes += (await stat(path)).size * (path.endsWith(".gz") ? GZIP_RATIO_GUESS : 1);
  return bytes;
}
