/** What the DSR and CSV readers produce: revenue lines, and the statement-level facts around them. */
import type { Decimal } from "./decimal.ts";

/** One revenue line of a statement, validated. */
export interface RevenueLine {
  /** Base name of the file it came from. */
  fileName: string;
  /** 1-based physical line in that file. */
  fileLine: number;
  /** Canonical 12-character ISRC. */
  isrc: string;
  /** DSR use type (e.g. `OnDemandStream`) or the CSV's own label; `null` when the source does not say. */
  usageType: string | null;
  /** Territory code, or `null` when the source does not say. */
  territory: string | null;
  /** Usages or units (whole part). */
  quantity: bigint;
  /** Revenue in the statement currency, exact and non-negative. */
  amount: Decimal;
  /**
   * The line's identity within the statement; two lines with the same key are duplicates. DSR: the
   * SalesTransactionId (LI01: LineItemId). CSV: the mapped transaction id column, else
   * `isrc|usageType|territory|periodStart|periodEnd`.
   */
  sourceKey: string;
}

/** Receives revenue lines as they are read; readers await {@link drain} whenever {@link full} says so. */
export interface RevenueLineSink {
  /** Takes one line (cheap; buffered). */
  add(line: RevenueLine): void;
  /** Whether the buffer holds a full batch that should be written before reading on. */
  readonly full: boolean;
  /** Writes the buffered lines out. */
  drain(): Promise<void>;
}

/** Statement-level facts a reader found. */
export interface StatementFacts {
  /** DSR sender party id (file name), or `null`. */
  sender: string | null;
  /** DSR recipient party id (file name), or `null`. */
  recipient: string | null;
  /** DSR service description (file name), or `null`. */
  service: string | null;
  /** DSR territory of the report (file name), or `null`. */
  territory: string | null;
  /** First day of the usage period, `YYYY-MM-DD`. */
  periodStart: string;
  /** Last day of the usage period, `YYYY-MM-DD`. */
  periodEnd: string;
  /** ISO 4217 currency of every amount. */
  currency: string;
  /** DSR MessageId, or `null`. */
  messageId: string | null;
  /** DSR profile (e.g. `BasicAudioProfile`), or `null` for CSV. */
  profile: string | null;
  /** The field that identifies a line (see {@link RevenueLine.sourceKey}), named in duplicate-line errors. */
  lineIdentity: string;
}
