/**
 * A streaming RFC 4180 record reader fed one physical line at a time: fields separated by the delimiter, a field in
 * double quotes may contain the delimiter, line breaks and `""` for a quote. A quote inside an unquoted field, text
 * after a closing quote, or a quote left open at the end of the file is an error naming the line and column.
 */
import { StatementError } from "../statementError.ts";

/** One complete record and the line it started on. */
export interface CsvRecord {
  fields: string[];
  line: number;
}

const QUOTE = 34;

/** Assembles records from lines; keeps only the record being read. */
export class CsvRecordReader {
  private readonly file: string;
  private readonly delimiter: string;
  private readonly columnName: (index: number) => string;
  private fields: string[] = [];
  private field = "";
  private inQuotes = false;
  private afterQuote = false;
  private startLine = 0;

  /**
   * @param file - File name for errors.
   * @param delimiter - The one-character field delimiter.
   * @param columnName - Names column `index` (0-based) in errors, e.g. from the header.
   */
  constructor(file: string, delimiter: string, columnName: (index: number) => string) {
    this.file = file;
    this.delimiter = delimiter;
    this.columnName = columnName;
  }

  /** Whether a quoted field is open (the next line continues the current record). */
  get continuing(): boolean {
    return this.inQuotes;
  }

  /**
   * Reads one physical line.
   *
   * @returns The record completed by this line, or `null` when a quoted field continues on the next line.
   */
  pushLine(line: string, lineNumber: number): CsvRecord | null {
    if (!this.inQuotes) {
      this.startLine = lineNumber;
      if (line.indexOf('"') < 0) return { fields: line.split(this.delimiter), line: lineNumber };
    } else {
      this.field += "\n";
    }
    for (let index = 0; index < line.length; index++) {
      const char = line[index];
      if (this.inQuotes) {
        if (line.charCodeAt(index) !== QUOTE) this.field += char;
        else if (line.charCodeAt(index + 1) === QUOTE) {
          this.field += '"';
          index++;
        } else {
          this.inQuotes = false;
          this.afterQuote = true;
        }
      } else if (char === this.delimiter) {
        this.endField();
      } else if (this.afterQuote) {
        throw this.error(lineNumber, "text follows the closing quote; expected the delimiter or the end of the line");
      } else if (line.charCodeAt(index) === QUOTE) {
        if (this.field !== "") {
          throw this.error(
            lineNumber,
            'a quote inside an unquoted field; expected the whole field in quotes, with "" for a quote',
          );
        }
        this.inQuotes = true;
      } else {
        this.field += char;
      }
    }
    if (this.inQuotes) return null;
    this.endField();
    const record = { fields: this.fields, line: this.startLine };
    this.fields = [];
    return record;
  }

  /**
   * Call at the end of the file.
   *
   * @throws StatementError - when a quoted field was never closed.
   */
  finish(): void {
    if (this.inQuotes) throw this.error(this.startLine, "a quoted field is never closed; expected a closing quote");
  }

  private endField(): void {
    this.fields.push(this.field);
    this.field = "";
    this.afterQuote = false;
  }

  private error(line: number, problem: string): StatementError {
    return new StatementError(this.file, line, this.columnName(this.fields.length), problem);
  }
}
