/**
 * Turns revenue lines into batches of `statement_lines` rows in COPY text format, converting each amount into
 * settlement-token units on the way, and keeps the statement's running totals (lines, gross, units, optionally units
 * per ISRC) and the duplicate-line filter. Runs in the parser worker (parseWorker.ts); `write` hands each batch on.
 */
import { copyText } from "../db/database.ts";
import { formatDecimal, rescale, toTokenUnits, type Decimal } from "./decimal.ts";
import { MAX_AMOUNT_FRACTION_DIGITS } from "./fieldValues.ts";
import { LineKeyFilter } from "./lineKeyFilter.ts";
import type { RevenueLine, RevenueLineSink } from "./revenueLine.ts";

/** The columns written, in COPY order. */
export const STATEMENT_LINE_COLUMNS = [
  "statement_id",
  "line_no",
  "file_name",
  "file_line",
  "isrc",
  "usage_type",
  "territory",
  "quantity",
  "amount",
  "amount_units",
  "source_key",
] as const;

/** Initial size of the batch buffer (it grows to the largest batch: ~150 bytes per row). */
const BATCH_BUFFER_BYTES = 1 << 20;

/**
 * Default number of rows per COPY (~300 KB of COPY text): PGlite copies each batch into its WebAssembly heap, which
 * never shrinks, so smaller batches keep it lower; below ~1,000 rows the per-COPY overhead starts to show.
 */
export const DEFAULT_BATCH_ROWS = 2_000;

/** Settings of a {@link StatementLineWriter}. */
export interface StatementLineWriterOptions {
  /** The statement the lines belong to. */
  statementId: bigint;
  /** Token units per currency unit. */
  fxRate: Decimal;
  /** The settlement token's decimals. */
  tokenDecimals: number;
  /** Rows per COPY. */
  batchRows?: number;
  /**
   * Takes one batch of rows in COPY text format ({@link STATEMENT_LINE_COLUMNS} order), as UTF-8 bytes valid only until
   * the returned promise settles (the buffer is reused), and the lines written with it.
   */
  write: (rows: Uint8Array, linesDone: number) => Promise<void>;
  /** About how many lines to expect (sizes the duplicate filter). */
  expectedLines: number;
  /** Also sum the token units per ISRC ({@link StatementLineWriter.totalsByIsrc}). */
  totalsByIsrc?: boolean;
}

/** A {@link RevenueLineSink} that batches lines as `statement_lines` COPY text. */
export class StatementLineWriter implements RevenueLineSink {
  /** Lines taken so far. */
  lineCount = 0;
  /** Sum of amounts, at {@link MAX_AMOUNT_FRACTION_DIGITS} fraction digits. */
  private grossTotal = 0n;
  /** Most fraction digits of any amount (the gross is shown with as many). */
  private grossScale = 0;
  /** Sum of the lines' token units. */
  unitsTotal = 0n;

  /** Token units per ISRC, when {@link StatementLineWriterOptions.totalsByIsrc} (without the current run: see {@link totalsByIsrc}). */
  private readonly unitsByIsrc: Map<string, bigint> | undefined;
  /**
   * The ISRC of the latest lines and their units not yet in {@link unitsByIsrc}: a statement lists a recording's lines
   * together (one DSR block), so summing a run first and adding it to the map once takes ~9 in 10 map updates away —
   * each update kept a new `bigint` alive in the map, garbage the worker's collector spent ~20 % of the parse on.
   */
  private runIsrc = "";
  private runUnits = 0n;
  /** The line identities seen, for duplicate detection. */
  readonly keys: LineKeyFilter;

  private readonly options: StatementLineWriterOptions;
  private readonly statementIdText: string;
  private readonly batchRows: number;
  /**
   * The batch's rows as UTF-8, in one buffer reused for every batch: each row is encoded as it comes, so no batch-sized
   * string is ever built (a string over 128 KiB lands in V8's large-object space, which only a full collection frees —
   * one per batch made that space grow to ~35 MB during a 1 M-line import).
   */
  private batch = Buffer.allocUnsafe(BATCH_BUFFER_BYTES);
  private batchBytes = 0;
  private batchCount = 0;

  /**
   * @param options - Statement, FX, batching and where batches go.
   */
  constructor(options: StatementLineWriterOptions) {
    this.options = options;
    this.statementIdText = options.statementId.toString();
    this.batchRows = options.batchRows ?? DEFAULT_BATCH_ROWS;
    this.unitsByIsrc = options.totalsByIsrc === true ? new Map() : undefined;
    this.keys = new LineKeyFilter(options.expectedLines);
  }

  /** Converts and buffers one line. */
  add(line: RevenueLine): void {
    this.lineCount++;
    const units = toTokenUnits(line.amount, this.options.fxRate, this.options.tokenDecimals);
    this.unitsTotal += units;
    this.grossTotal += rescale(line.amount, MAX_AMOUNT_FRACTION_DIGITS);
    if (line.amount.scale > this.grossScale) this.grossScale = line.amount.scale;
    if (this.unitsByIsrc !== undefined) {
      if (line.isrc !== this.runIsrc) {
        this.endRun();
        this.runIsrc = line.isrc;
      }
      this.runUnits += units;
    }
    this.keys.add(line.sourceKey);
    const row =
      `${this.statementIdText}\t${this.lineCount}\t${copyText(line.fileName)}\t${line.fileLine}\t${line.isrc}\t` +
      `${copyText(line.usageType)}\t${copyText(line.territory)}\t${line.quantity}\t${formatDecimal(line.amount)}\t` +
      `${units}\t${copyText(line.sourceKey)}\n`;
    // A UTF-16 code unit takes at most 3 UTF-8 bytes.
    const room = this.batchBytes + row.length * 3;
    if (room > this.batch.byteLength) {
      const grown = Buffer.allocUnsafe(Math.max(room, this.batch.byteLength * 2));
      this.batch.copy(grown, 0, 0, this.batchBytes);
      this.batch = grown;
    }
    this.batchBytes += this.batch.write(row, this.batchBytes);
    this.batchCount++;
  }

  /** Whether a full batch is buffered. */
  get full(): boolean {
    return this.batchCount >= this.batchRows;
  }

  /** Hands on whatever is buffered (one batch). */
  async drain(): Promise<void> {
    if (this.batchCount === 0) return;
    const rows = this.batch.subarray(0, this.batchBytes);
    this.batchBytes = 0;
    this.batchCount = 0;
    await this.options.write(rows, this.lineCount);
  }

  /** Token units per ISRC of every line taken, when {@link StatementLineWriterOptions.totalsByIsrc}. */
  totalsByIsrc(): Map<string, bigint> | undefined {
    this.endRun();
    return this.unitsByIsrc;
  }

  private endRun(): void {
    if (this.unitsByIsrc === undefined || this.runIsrc === "") return;
    this.unitsByIsrc.set(this.runIsrc, (this.unitsByIsrc.get(this.runIsrc) ?? 0n) + this.runUnits);
    this.runIsrc = "";
    this.runUnits = 0n;
  }

  /** The sum of all amounts, exact, with as many fraction digits as the most precise line. */
  get grossAmount(): Decimal {
    const coefficient = this.grossTotal / 10n ** BigInt(MAX_AMOUNT_FRACTION_DIGITS - this.grossScale);
    return { coefficient, scale: this.grossScale };
  }
}
