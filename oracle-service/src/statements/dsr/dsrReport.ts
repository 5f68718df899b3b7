/**
 * Reads one DSR report (one or more files, in part order) record by record, validates it and hands its revenue
 * lines to a sink. Checks: HEAD first and consistent across parts, known record types allowed by the profile, cell
 * counts, numbers, dates, ISRCs, one currency, block references, SY totals against their lines, and FOOT counts.
 */
import type { Hash } from "node:crypto";

import { decimalEquals, formatDecimal, normalizeDecimal, type Decimal } from "../decimal.ts";
import { MAX_AMOUNT_FRACTION_DIGITS, parseAmount, parseCurrency, parseTerritory } from "../fieldValues.ts";
import { readLines } from "../lineReader.ts";
import type { RevenueLineSink, StatementFacts } from "../revenueLine.ts";
import { errorAt, quote, StatementError } from "../statementError.ts";
import { DsrBlock, type DsrSummary } from "./dsrBlock.ts";
import { splitCells } from "./dsrCells.ts";
import type { DsrFileName } from "./dsrFileName.ts";
import { readHead, readRevenue, readResource, type DsrHead, type RecordRow } from "./dsrRecordReaders.ts";
import {
  baseRecordType,
  buildLayout,
  KNOWN_RECORD_TYPES,
  PROFILES,
  RECORD_DEFINITIONS,
  type RecordLayout,
} from "./dsrRecords.ts";

/** One file of the report. */
export interface DsrPart {
  path: string;
  name: DsrFileName;
}

/** A FOOT count that can only be checked once the whole report is read. */
interface ReportCountCheck {
  file: string;
  line: number;
  field: string;
  expected: number;
  actual: () => number;
}

/**
 * Reads the report's files in order.
 *
 * @param parts - The files in part order (see `orderReportParts`).
 * @param sink - Receives every revenue line; drained whenever it is full.
 * @param hash - Receives the files' raw bytes in order.
 * @returns What the report says about itself.
 * @throws StatementError - At the first problem found.
 */
export async function readDsrReport(
  parts: readonly DsrPart[],
  sink: RevenueLineSink,
  hash?: Hash,
): Promise<StatementFacts> {
  const report = new DsrReportReader(sink);
  for (const part of parts) await report.readFile(part, hash);
  return report.finish(parts[0].name);
}

class DsrReportReader {
  private readonly sink: RevenueLineSink;
  private head: DsrHead | undefined;
  private currency: { code: string; file: string; line: number } | undefined;
  private readonly summaries = new Map<string, DsrSummary>();
  private readonly reportChecks: ReportCountCheck[] = [];
  private linesInReport = 0;
  private blocksInReport = 0;

  // Per-file state.
  private file = "";
  private layouts = new Map<string, RecordLayout>();
  private fileHead: DsrHead | undefined;
  private block: DsrBlock | undefined;
  private blocksInFile = 0;
  private footLine = 0;

  constructor(sink: RevenueLineSink) {
    this.sink = sink;
  }

  async readFile(part: DsrPart, hash: Hash | undefined): Promise<void> {
    this.file = part.name.file;
    this.layouts = new Map();
    this.fileHead = undefined;
    this.block = undefined;
    this.blocksInFile = 0;
    this.footLine = 0;
    let line = 0;
    for await (const lines of readLines(part.path, { hash })) {
      for (const text of lines) {
        line++;
        if (text.length === 0) continue;
        if (this.footLine !== 0) {
          throw new StatementError(
            this.file,
            line,
            "RecordType",
            `a record follows FOOT (line ${this.footLine}); expected FOOT to be the last record`,
          );
        }
        if (text.charCodeAt(0) === 35) this.readHeaderRow(text, line);
        else this.readRecord(splitCells(text), line, part.name);
        if (this.sink.full) await this.sink.drain();
      }
    }
    if (this.footLine === 0) {
      throw new StatementError(
        this.file,
        line + 1,
        "RecordType",
        "the file ends without a FOOT record; expected FOOT as the last record",
      );
    }
    this.linesInReport += line;
  }

  /** A `#<RecordType>` row names the columns of that record type; any other `#` row is a comment. */
  private readHeaderRow(text: string, line: number): void {
    const cells = splitCells(text);
    const definition = RECORD_DEFINITIONS.get(baseRecordType(cells[0].slice(1)));
    if (definition === undefined) return;
    const built = buildLayout(definition, ["RecordType", ...cells.slice(1)]);
    if ("missing" in built) {
      throw new StatementError(
        this.file,
        line,
        built.missing,
        `the ${cells[0]} header row has no ${built.missing} column; expected one`,
      );
    }
    this.layouts.set(cells[0].slice(1), built.layout);
  }

  private layoutOf(recordType: string, line: number): RecordLayout {
    const cached = this.layouts.get(recordType) ?? this.layouts.get(baseRecordType(recordType));
    if (cached !== undefined) return cached;
    const base = baseRecordType(recordType);
    const definition = RECORD_DEFINITIONS.get(base);
    if (definition === undefined) {
      throw new StatementError(
        this.file,
        line,
        "RecordType",
        `${quote(recordType)} is not a record type Encore reads; expected one of ${KNOWN_RECORD_TYPES}`,
      );
    }
    const built = buildLayout(definition, definition.cells);
    if ("missing" in built) throw new Error(`record definition ${base} lacks ${built.missing}`);
    this.layouts.set(recordType, built.layout);
    return built.layout;
  }

  private readRecord(cells: string[], line: number, name: DsrFileName): void {
    const recordType = cells[0];
    const layout = this.layoutOf(recordType, line);
    const { kind } = layout.definition;
    if (kind !== "head" && this.fileHead === undefined) {
      throw new StatementError(
        this.file,
        line,
        "RecordType",
        `${quote(recordType)} comes before HEAD; expected HEAD as the first record of the file`,
      );
    }
    if (kind === "head" && this.fileHead !== undefined) {
      throw new StatementError(this.file, line, "RecordType", "a second HEAD record; expected one HEAD per file");
    }
    if (kind !== "head" && kind !== "foot" && !PROFILES.get(this.fileHead!.profile)!.has(layout.definition.type)) {
      throw new StatementError(
        this.file,
        line,
        "RecordType",
        `${quote(recordType)} is not part of the ${this.fileHead!.profile}; expected one of ${[...PROFILES.get(this.fileHead!.profile)!].join(", ")}, FOOT`,
      );
    }
    if (cells.length !== layout.cells.length) this.wrongCellCount(recordType, cells.length, layout, line);
    const row: RecordRow = { cells, layout, file: this.file, line };
    switch (kind) {
      case "head":
        this.fileHead = readHead(row, name, this.head);
        this.head ??= this.fileHead;
        return;
      case "summary":
        this.closeBlock();
        return this.readSummary(row);
      case "release":
        return this.blockOf(row).addRelease(
          row.cells[layout.index.get("ReleaseReference")!],
          line,
          layout.cells[layout.index.get("ReleaseReference")!],
        );
      case "resource":
        return readResource(row, this.blockOf(row));
      case "work":
        this.blockOf(row);
        return;
      case "revenue":
        return this.blockOf(row).addRevenue(readRevenue(row, this.summaries, (code, at) => this.useCurrency(code, at)));
      case "foot":
        this.closeBlock();
        return this.readFoot(row);
    }
  }

  private wrongCellCount(recordType: string, count: number, layout: RecordLayout, line: number): never {
    const expected = layout.cells.length;
    const field = count < expected ? layout.cells[count] : `cell ${expected + 1}`;
    throw new StatementError(
      this.file,
      line,
      field,
      `the ${recordType} record has ${count} cells; expected ${expected}`,
    );
  }

  /** The open block for this record's BlockId, closing the previous block when the id changes. */
  private blockOf(row: RecordRow): DsrBlock {
    const id = row.cells[row.layout.index.get("BlockId")!];
    if (id === "")
      throw errorAt({ file: this.file, line: row.line, field: "BlockId" }, "is empty; expected the block identifier");
    if (this.block?.id === id) return this.block;
    this.closeBlock();
    this.block = new DsrBlock(id, this.file);
    this.blocksInFile++;
    this.blocksInReport++;
    return this.block;
  }

  private closeBlock(): void {
    this.block?.close(this.sink);
    this.block = undefined;
  }

  private useCurrency(code: string, at: { file: string; line: number; field: string }): string {
    const currency = parseCurrency(code, at);
    if (this.currency === undefined) this.currency = { code: currency, file: at.file, line: at.line };
    else if (this.currency.code !== currency) {
      throw errorAt(
        at,
        `${quote(currency)} differs from the report currency ${this.currency.code} (${this.currency.file} line ${this.currency.line}); expected one currency per statement`,
      );
    }
    return currency;
  }

  private readSummary(row: RecordRow): void {
    const { cells, layout, line } = row;
    const cell = (field: string) => cells[layout.index.get(field)!];
    const at = (field: string) => ({ file: this.file, line, field: layout.cells[layout.index.get(field)!] });
    const id = cell("SummaryRecordId");
    if (id === "") throw errorAt(at("SummaryRecordId"), "is empty; expected the summary record identifier");
    if (this.summaries.has(id)) {
      const first = this.summaries.get(id)!;
      throw errorAt(
        at("SummaryRecordId"),
        `${quote(id)} was already used by ${first.file} line ${first.line}; expected a unique summary id`,
      );
    }
    const netRevenueText = cell("NetRevenue");
    const territory = cell("Territory");
    this.summaries.set(id, {
      id,
      file: this.file,
      line,
      netRevenueField: at("NetRevenue").field,
      currency: this.useCurrency(cell("Currency"), at("Currency")),
      useType: cell("UseType") || cell("CommercialModel") || null,
      territory: territory === "" ? null : parseTerritory(territory, at("Territory")),
      netRevenue: netRevenueText === "" ? null : parseAmount(netRevenueText, at("NetRevenue")),
      linesTotal: 0n,
    });
  }

  private readFoot(row: RecordRow): void {
    const { cells, layout, line } = row;
    this.footLine = line;
    const count = (field: string, optional: boolean): number | undefined => {
      const text = cells[layout.index.get(field)!];
      if (text === "" && optional) return undefined;
      if (!/^\d{1,15}$/.test(text)) {
        throw errorAt({ file: this.file, line, field }, `${quote(text)} is not a count; expected a whole number`);
      }
      return Number(text);
    };
    const check = (field: string, expected: number | undefined, actual: number) => {
      if (expected !== undefined && expected !== actual) {
        throw errorAt(
          { file: this.file, line, field },
          `says ${expected} but the ${field.endsWith("InFile") ? "file" : "report"} has ${actual}`,
        );
      }
    };
    const isLastFile = this.fileHead!.fileNumber === this.fileHead!.numberOfFiles;
    check("NumberOfLinesInFile", count("NumberOfLinesInFile", false), line);
    check("NumberOfBlocksInFile", count("NumberOfBlocksInFile", false), this.blocksInFile);
    const later = (field: string, actual: () => number) => {
      const expected = count(field, !isLastFile);
      if (expected !== undefined) this.reportChecks.push({ file: this.file, line, field, expected, actual });
    };
    later("NumberOfLinesInReport", () => this.linesInReport);
    later("NumberOfSummaryRecords", () => this.summaries.size);
    later("NumberOfBlocksInReport", () => this.blocksInReport);
  }

  /** Checks what needs the whole report, and returns its facts. */
  finish(name: DsrFileName): StatementFacts {
    for (const check of this.reportChecks) {
      const actual = check.actual();
      if (actual !== check.expected) {
        throw errorAt(check, `says ${check.expected} but the report has ${actual}`);
      }
    }
    for (const summary of this.summaries.values()) {
      if (summary.netRevenue === null) continue;
      const linesTotal: Decimal = { coefficient: summary.linesTotal, scale: MAX_AMOUNT_FRACTION_DIGITS };
      if (!decimalEquals(summary.netRevenue, linesTotal)) {
        throw errorAt(
          { file: summary.file, line: summary.line, field: summary.netRevenueField },
          `the summary total ${formatDecimal(summary.netRevenue)} does not match the sum of its lines ${formatDecimal(normalizeDecimal(linesTotal))}`,
        );
      }
    }
    const head = this.head!;
    if (this.currency === undefined) {
      throw new StatementError(
        name.file,
        0,
        "Currency",
        "the report has no summary record, so no currency; expected at least one SY record",
      );
    }
    return {
      sender: name.sender,
      recipient: name.recipient,
      service: name.service,
      territory: name.territory,
      periodStart: head.usageStartDate,
      periodEnd: head.usageEndDate,
      currency: this.currency.code,
      messageId: head.messageId,
      profile: head.profile,
      lineIdentity: head.profile === "FinancialReportingToRecordCompaniesProfile" ? "LineItemId" : "SalesTransactionId",
    };
  }
}
