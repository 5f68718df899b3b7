/** The one error type of statement import: where the problem is, and what was expected. */

/**
 * A problem in a statement file. The message reads
 * `<file> line <line>, field <field>: <problem>`; `line` is 0 when the problem concerns the file as a whole (its
 * name, its gzip stream, a missing part), and then the message reads `<file>, field <field>: <problem>`.
 */
export class StatementError extends Error {
  /** Base name of the file (e.g. `DSR_PADPIDA_LABEL_Spotify_2026-03_US_1of1_20260405T101500Z.tsv`). */
  readonly file: string;
  /** 1-based physical line number in the (decompressed) file, or 0 for the file as a whole. */
  readonly line: number;
  /** The field (cell or column) name, or a pseudo-field such as `RecordType`, `encoding`, `gzip`, `file name`. */
  readonly field: string;
  /** What is wrong and what was expected, without the location. */
  readonly problem: string;

  /**
   * @param file - Base name of the file.
   * @param line - 1-based line, or 0 for the whole file.
   * @param field - Field name.
   * @param problem - What is wrong and what was expected.
   */
  constructor(file: string, line: number, field: string, problem: string) {
    super(line === 0 ? `${file}, field ${field}: ${problem}` : `${file} line ${line}, field ${field}: ${problem}`);
    this.name = "StatementError";
    this.file = file;
    this.line = line;
    this.field = field;
    this.problem = problem;
  }
}

/** Where a value came from, for building a {@link StatementError}. */
export interface FieldLocation {
  file: string;
  line: number;
  field: string;
}

/** A {@link StatementError} at `location`. */
export function errorAt(location: FieldLocation, problem: string): StatementError {
  return new StatementError(location.file, location.line, location.field, problem);
}

/** Shows a cell value in an error message: quoted, and cut after 80 characters. */
export function quote(value: string): string {
  return JSON.stringify(value.length > 80 ? `${value.slice(0, 80)}…` : value);
}
