/**
 * Reads a distributor CSV statement through a {@link CsvMapping}: the first record is the header, every following
 * record one revenue line. Blank lines are skipped. One currency per file.
 */
import type { Hash } from "node:crypto";
import { basename } from "node:path";

import { checkedDate, parseAmount, parseCurrency, parseIsrc, parseQuantity, parseTerritory } from "../fieldValues.ts";
import { readLines } from "../lineReader.ts";
import type { RevenueLineSink, StatementFacts } from "../revenueLine.ts";
import { errorAt, quote, StatementError, type FieldLocation } from "../statementError.ts";
import type { CsvColumns, CsvDateFormat, CsvMapping } from "./csvMapping.ts";
import { CsvRecordReader, type CsvRecord } from "./csvRecords.ts";

/** Positions of `year`, `month`, `day` in each format's pattern groups. */
const DATE_PATTERNS: Record<CsvDateFormat, { pattern: RegExp; year: number; month: number; day?: number }> = {
  "YYYY-MM-DD": { pattern: /^(\d{4})-(\d{2})-(\d{2})$/, year: 1, month: 2, day: 3 },
  "DD/MM/YYYY": { pattern: /^(\d{2})\/(\d{2})\/(\d{4})$/, year: 3, month: 2, day: 1 },
  "MM/DD/YYYY": { pattern: /^(\d{2})\/(\d{2})\/(\d{4})$/, year: 3, month: 1, day: 2 },
  "DD.MM.YYYY": { pattern: /^(\d{2})\.(\d{2})\.(\d{4})$/, year: 3, month: 2, day: 1 },
  YYYYMMDD: { pattern: /^(\d{4})(\d{2})(\d{2})$/, year: 1, month: 2, day: 3 },
  "YYYY-MM": { pattern: /^(\d{4})-(\d{2})$/, year: 1, month: 2 },
};

/** A date in the mapping's format as `YYYY-MM-DD` (a month gives its first day, or last when `endOfPeriod`). */
function parseCsvDate(text: string, format: CsvDateFormat, at: FieldLocation, endOfPeriod: boolean): string {
  const { pattern, year, month, day } = DATE_PATTERNS[format];
  const match = pattern.exec(text);
  if (match === null) throw errorAt(at, `${quote(text)} is not a date; expected the format ${format}`);
  const dayNumber = day === undefined ? undefined : Number(match[day]);
  return checkedDate(Number(match[year]), Number(match[month]), dayNumber, { text, at, endOfPeriod });
}

/**
 * Reads the CSV file at `path`, handing each row to `sink`.
 *
 * @param hash - Receives the raw bytes.
 * @throws StatementError - At the first problem (line = physical line where the record starts).
 */
export async function readCsvStatement(
  path: string,
  mapping: CsvMapping,
  sink: RevenueLineSink,
  hash?: Hash,
): Promise<StatementFacts> {
  const file = basename(path);
  let header: string[] | undefined;
  let position: Record<keyof CsvColumns, number | undefined> | undefined;
  const records = new CsvRecordReader(file, mapping.delimiter, (index) => header?.[index] ?? `column ${index + 1}`);
  let currency = mapping.currency;
  let currencyLine = 0;
  let periodStart = "";
  let periodEnd = "";
  let line = 0;

  const readRow = (record: CsvRecord): void => {
    const { fields } = record;
    if (header === undefined || position === undefined) {
      header = fields;
      position = columnPositions(header, mapping.columns, file, record.line);
      return;
    }
    if (fields.length !== header.length) {
      const field = fields.length < header.length ? header[fields.length] : `column ${header.length + 1}`;
      throw new StatementError(
        file,
        record.line,
        field,
        `the row has ${fields.length} fields; expected ${header.length} as in the header`,
      );
    }
    const columns = mapping.columns;
    const at = (key: keyof CsvColumns): FieldLocation => ({ file, line: record.line, field: columns[key]! });
    const value = (key: keyof CsvColumns): string => {
      const index = position![key];
      return index === undefined ? "" : fields[index].trim();
    };
    const isrc = parseIsrc(value("isrc"), at("isrc"));
    const amount = parseAmount(value("amount"), at("amount"), mapping.decimalSeparator);
    if (columns.currency !== undefined) {
      const code = parseCurrency(value("currency"), at("currency"));
      if (currency === undefined) {
        currency = code;
        currencyLine = record.line;
      } else if (code !== currency) {
        const where = currencyLine === 0 ? "the mapping's currency" : `the currency of line ${currencyLine}`;
        throw errorAt(
          at("currency"),
          `${quote(code)} differs from ${where} ${currency}; expected one currency per statement`,
        );
      }
    }
    const quantity = columns.quantity === undefined ? 0n : parseQuantity(value("quantity"), at("quantity"));
    const start = parseCsvDate(value("periodStart"), mapping.dateFormat, at("periodStart"), false);
    const end =
      columns.periodEnd === undefined
        ? parseCsvDate(value("periodStart"), mapping.dateFormat, at("periodStart"), true)
        : parseCsvDate(value("periodEnd"), mapping.dateFormat, at("periodEnd"), true);
    if (end < start) throw errorAt(at("periodEnd"), `${quote(value("periodEnd"))} is before the period start ${start}`);
    if (periodStart === "" || start < periodStart) periodStart = start;
    if (end > periodEnd) periodEnd = end;
    const territoryText = value("territory");
    const territory = territoryText === "" ? null : parseTerritory(territoryText, at("territory"));
    const usageType = value("usageType") || null;
    let sourceKey: string;
    if (columns.transactionId !== undefined) {
      sourceKey = value("transactionId");
      if (sourceKey === "") throw errorAt(at("transactionId"), "is empty; expected the row's transaction id");
    } else {
      sourceKey = [isrc, usageType ?? "", territory ?? "", start, end].join("|");
    }
    sink.add({ fileName: file, fileLine: record.line, isrc, usageType, territory, quantity, amount, sourceKey });
  };

  for await (const lines of readLines(path, { hash })) {
    for (const text of lines) {
      line++;
      if (text.trim() === "" && !records.continuing) continue;
      const record = records.pushLine(text, line);
      if (record !== null) readRow(record);
      if (sink.full) await sink.drain();
    }
  }
  records.finish();
  if (header === undefined) throw new StatementError(file, 0, "header", "the file is empty; expected a header row");
  if (currency === undefined || periodStart === "") {
    throw new StatementError(file, 0, "lines", "the file has a header but no rows; expected at least one revenue row");
  }
  return {
    sender: null,
    recipient: null,
    service: null,
    territory: null,
    periodStart,
    periodEnd,
    currency,
    messageId: null,
    profile: null,
    lineIdentity: mapping.columns.transactionId ?? "ISRC+usage type+territory+period",
  };
}

/** Where each mapped column is in the header. */
function columnPositions(
  header: readonly string[],
  columns: CsvColumns,
  file: string,
  line: number,
): Record<keyof CsvColumns, number | undefined> {
  const trimmed = header.map((name) => name.trim());
  const positions = {} as Record<keyof CsvColumns, number | undefined>;
  for (const [key, name] of Object.entries(columns) as [keyof CsvColumns, string | undefined][]) {
    if (name === undefined) continue;
    const index = trimmed.indexOf(name);
    if (index < 0) {
      throw new StatementError(
        file,
        line,
        name,
        `the header has no ${quote(name)} column; expected the columns the mapping names (${key})`,
      );
    }
    if (trimmed.indexOf(name, index + 1) >= 0) {
      throw new StatementError(file, line, name, `the header has two ${quote(name)} columns; expected one`);
    }
    positions[key] = index;
  }
  return positions;
}
