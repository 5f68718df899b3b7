/**
 * Writes revenue lines into `statement_lines` with COPY in batches, converting each amount into settlement-token
 * units on the way, and keeps the statement's running totals.
 */
import type { Queryable } from "../db/database.ts";
import { copyText } from "../db/database.ts";
import { formatDecimal, rescale, toTokenUnits, type Decimal } from "./decimal.ts";
import { MAX_AMOUNT_FRACTION_DIGITS } from "./fieldValues.ts";
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

/** Default number of rows per COPY. */
export const DEFAULT_BATCH_ROWS = 5_000;

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
  /** Told the number of lines written after each COPY. */
  onProgress?: (linesDone: number) => void;
}

/** A {@link RevenueLineSink} that stores lines in `statement_lines` through `db` (a transaction). */
export class StatementLineWriter implements RevenueLineSink {
  /** Lines taken so far. */
  lineCount = 0;
  /** Sum of amounts, at {@link MAX_AMOUNT_FRACTION_DIGITS} fraction digits. */
  private grossTotal = 0n;
  /** Most fraction digits of any amount (the gross is shown with as many). */
  private grossScale = 0;
  /** Sum of the lines' token units. */
  unitsTotal = 0n;

  private readonly db: Queryable;
  private readonly options: StatementLineWriterOptions;
  private readonly statementIdText: string;
  private readonly batchRows: number;
  private batch = "";
  private batchCount = 0;

  /**
   * @param db - Where to write (the import's transaction).
   * @param options - Statement, FX and batching.
   */
  constructor(db: Queryable, options: StatementLineWriterOptions) {
    this.db = db;
    this.options = options;
    this.statementIdText = options.statementId.toString();
    this.batchRows = options.batchRows ?? DEFAULT_BATCH_ROWS;
  }

  /** Converts and buffers one line. */
  add(line: RevenueLine): void {
    this.lineCount++;
    const units = toTokenUnits(line.amount, this.options.fxRate, this.options.tokenDecimals);
    this.unitsTotal += units;
    this.grossTotal += rescale(line.amount, MAX_AMOUNT_FRACTION_DIGITS);
    if (line.amount.scale > this.grossScale) this.grossScale = line.amount.scale;
    this.batch +=
      `${this.statementIdText}\t${this.lineCount}\t${copyText(line.fileName)}\t${line.fileLine}\t${line.isrc}\t` +
      `${copyText(line.usageType)}\t${copyText(line.territory)}\t${line.quantity}\t${formatDecimal(line.amount)}\t` +
      `${units}\t${copyText(line.sourceKey)}\n`;
    this.batchCount++;
  }

  /** Whether a full batch is buffered. */
  get full(): boolean {
    return this.batchCount >= this.batchRows;
  }

  /** Writes whatever is buffered (one COPY). */
  async drain(): Promise<void> {
    if (this.batchCount === 0) return;
    const text = this.batch;
    this.batch = "";
    this.batchCount = 0;
    await this.db.copyIn("statement_lines", STATEMENT_LINE_COLUMNS, text);
    this.options.onProgress?.(this.lineCount);
  }

  /** The sum of all amounts, exact, with as many fraction digits as the most precise line. */
  get grossAmount(): Decimal {
    const coefficient = this.grossTotal / 10n ** BigInt(MAX_AMOUNT_FRACTION_DIGITS - this.grossScale);
    return { coefficient, scale: this.grossScale };
  }
}
