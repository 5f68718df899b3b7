/** Revenue statement import: DDEX DSR flat files and distributor CSV into `statements` / `statement_lines`. */
export { importStatement, parseFxRate } from "./importStatement.ts";
export type { FxRate, ImportedStatement, ImportStatementOptions } from "./importStatement.ts";
export { StatementError } from "./statementError.ts";
export { CSV_DATE_FORMATS, DEFAULT_CSV_MAPPING, loadCsvMapping, parseCsvMapping } from "./csv/csvMapping.ts";
export type { CsvColumns, CsvDateFormat, CsvMapping } from "./csv/csvMapping.ts";
export { MAX_AMOUNT_FRACTION_DIGITS, MAX_LINE_AMOUNT, MAX_LINE_QUANTITY } from "./fieldValues.ts";
