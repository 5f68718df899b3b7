/**
 * How a distributor CSV maps onto statement lines: which header names hold the ISRC, amount, currency, quantity,
 * usage period, territory and usage type, plus the delimiter, decimal separator and date format. Loaded from JSON
 * (see docs/statements.md) and checked before any file is read.
 */
import { readFileSync } from "node:fs";

/** Date formats a mapping can name. `YYYY-MM` is a whole month (period start = 1st, period end = last day). */
export const CSV_DATE_FORMATS = [
  "YYYY-MM-DD",
  "DD/MM/YYYY",
  "MM/DD/YYYY",
  "DD.MM.YYYY",
  "YYYYMMDD",
  "YYYY-MM",
] as const;

/** One of {@link CSV_DATE_FORMATS}. */
export type CsvDateFormat = (typeof CSV_DATE_FORMATS)[number];

/** Header names of the CSV columns Encore reads. Optional ones may be left out. */
export interface CsvColumns {
  /** The recording's ISRC (required). */
  isrc: string;
  /** Net revenue of the row in the statement currency (required). */
  amount: string;
  /** ISO 4217 currency of the row; leave out and set {@link CsvMapping.currency} when the file has one currency. */
  currency?: string;
  /** Units or streams; left out means 0. */
  quantity?: string;
  /** First day (or month) of the usage period (required). */
  periodStart: string;
  /** Last day (or month) of the usage period; left out means the period start (its whole month for `YYYY-MM`). */
  periodEnd?: string;
  /** ISO 3166-1 alpha-2 territory of the usage. */
  territory?: string;
  /** The distributor's label for the kind of use (e.g. `Stream`, `Download`). */
  usageType?: string;
  /**
   * The distributor's own row id. When given, it is the line identity (two rows with the same id are duplicates);
   * otherwise the identity is ISRC + usage type + territory + period.
   */
  transactionId?: string;
}

/** A CSV column mapping. */
export interface CsvMapping {
  /** Field delimiter: one character, e.g. `,`, `;` or a tab. */
  delimiter: string;
  /** Decimal separator of amounts: `.` or `,` (a `,` separator needs a different delimiter). */
  decimalSeparator: "." | ",";
  /** How dates are written. */
  dateFormat: CsvDateFormat;
  /** Which header names hold what. */
  columns: CsvColumns;
  /** The currency of every row, for files without a currency column. */
  currency?: string;
}

/** The mapping used when none is given: a typical distributor export. */
export const DEFAULT_CSV_MAPPING: CsvMapping = {
  delimiter: ",",
  decimalSeparator: ".",
  dateFormat: "YYYY-MM-DD",
  columns: {
    isrc: "ISRC",
    amount: "Net Revenue",
    currency: "Currency",
    quantity: "Quantity",
    periodStart: "Period Start",
    periodEnd: "Period End",
    territory: "Country",
    usageType: "Sale Type",
  },
};

const REQUIRED_COLUMNS = ["isrc", "amount", "periodStart"] as const;
const OPTIONAL_COLUMNS = ["currency", "quantity", "periodEnd", "territory", "usageType", "transactionId"] as const;
const ALL_KEYS = ["delimiter", "decimalSeparator", "dateFormat", "columns", "currency"];

/**
 * Checks a parsed JSON value and returns it as a mapping; unset `delimiter`, `decimalSeparator` and `dateFormat`
 * take the default values.
 *
 * @throws RangeError - naming the first wrong setting and what it should be.
 */
export function parseCsvMapping(value: unknown): CsvMapping {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new RangeError("CSV mapping: expected a JSON object");
  }
  const input = value as Record<string, unknown>;
  const unknownKey = Object.keys(input).find((key) => !ALL_KEYS.includes(key));
  if (unknownKey !== undefined) {
    throw new RangeError(`CSV mapping: unknown setting "${unknownKey}"; expected ${ALL_KEYS.join(", ")}`);
  }
  const delimiter = input.delimiter ?? DEFAULT_CSV_MAPPING.delimiter;
  if (typeof delimiter !== "string" || delimiter.length !== 1 || delimiter === '"' || delimiter === "\n") {
    throw new RangeError('CSV mapping: delimiter must be one character other than a quote or newline, e.g. ","');
  }
  const decimalSeparator = input.decimalSeparator ?? DEFAULT_CSV_MAPPING.decimalSeparator;
  if ((decimalSeparator !== "." && decimalSeparator !== ",") || decimalSeparator === delimiter) {
    throw new RangeError('CSV mapping: decimalSeparator must be "." or "," and differ from the delimiter');
  }
  const dateFormat = input.dateFormat ?? DEFAULT_CSV_MAPPING.dateFormat;
  if (!CSV_DATE_FORMATS.includes(dateFormat as CsvDateFormat)) {
    throw new RangeError(`CSV mapping: dateFormat must be one of ${CSV_DATE_FORMATS.join(", ")}`);
  }
  const columns = input.columns;
  if (typeof columns !== "object" || columns === null || Array.isArray(columns)) {
    throw new RangeError("CSV mapping: columns must be an object of header names");
  }
  const named = columns as Record<string, unknown>;
  const unknownColumn = Object.keys(named).find(
    (key) =>
      !(REQUIRED_COLUMNS as readonly string[]).includes(key) && !(OPTIONAL_COLUMNS as readonly string[]).includes(key),
  );
  if (unknownColumn !== undefined) {
    throw new RangeError(
      `CSV mapping: unknown column key "${unknownColumn}"; expected ${[...REQUIRED_COLUMNS, ...OPTIONAL_COLUMNS].join(", ")}`,
    );
  }
  for (const key of [...REQUIRED_COLUMNS, ...OPTIONAL_COLUMNS]) {
    const header = named[key];
    const required = (REQUIRED_COLUMNS as readonly string[]).includes(key);
    if (header === undefined && !required) continue;
    if (typeof header !== "string" || header.trim() === "") {
      throw new RangeError(`CSV mapping: columns.${key} must be a header name${required ? " (required)" : ""}`);
    }
  }
  const currency = input.currency;
  if (currency !== undefined && (typeof currency !== "string" || !/^[A-Z]{3}$/.test(currency))) {
    throw new RangeError("CSV mapping: currency must be an ISO 4217 code such as EUR");
  }
  if (named.currency === undefined && currency === undefined) {
    throw new RangeError("CSV mapping: set columns.currency or currency (the currency of every row)");
  }
  return {
    delimiter,
    decimalSeparator,
    dateFormat: dateFormat as CsvDateFormat,
    columns: named as unknown as CsvColumns,
    ...(currency === undefined ? {} : { currency }),
  };
}

/**
 * Reads and checks a mapping file (JSON).
 *
 * @throws RangeError - when the file is not JSON or not a valid mapping.
 */
export function loadCsvMapping(path: string): CsvMapping {
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(path, "utf8"));
  } catch (error) {
    throw new RangeError(`CSV mapping ${path}: ${(error as Error).message}`);
  }
  return parseCsvMapping(value);
}
