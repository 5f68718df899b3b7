/**
 * The one data-access layer: a small interface over Postgres that two engines implement — embedded PGlite (the
 * default, a data folder, no server) and any Postgres server through node-postgres (`DATABASE_URL`). Same SQL,
 * same migrations, same value types:
 *
 * - `bigint`/`int8` columns come back as `bigint`;
 * - `numeric` columns come back as exact decimal strings (never floats);
 * - `date` columns come back as `YYYY-MM-DD` strings; `timestamptz` as `Date`;
 * - `bytea` as `Uint8Array`, `jsonb` parsed.
 */

/** What a query, a transaction and a bulk load can do. */
export interface Queryable {
  /**
   * Runs one parameterised statement (`$1`, `$2`, …).
   *
   * @returns The rows (empty for statements without a result).
   */
  query<Row extends object = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<Row[]>;
  /**
   * Bulk-loads rows with `COPY table (columns) FROM STDIN` in Postgres text format: one row per line, columns
   * separated by tabs, `\N` for NULL, and backslash, tab and newline escaped (see {@link copyText}).
   *
   * @param rows - The rows as text, or as its UTF-8 bytes (not kept after the returned promise settles).
   */
  copyIn(table: string, columns: readonly string[], rows: string | Uint8Array): Promise<void>;
}

/** An open database. */
export interface Database extends Queryable {
  /** Which engine is underneath (for logs and tests). */
  readonly engine: "pglite" | "postgres";
  /**
   * Runs `work` in one transaction: committed when it resolves, rolled back (nothing written) when it throws.
   * Transactions never nest.
   */
  transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T>;
  /** Closes the connection(s); the database cannot be used afterwards. */
  close(): Promise<void>;
}

/** A value COPY can load (converted with `String()`; `null`/`undefined` are NULL). */
export type CopyValue = string | number | bigint | boolean | null | undefined;

/**
 * Escapes one value for Postgres' COPY text format.
 *
 * @param value - `null`/`undefined` become `\N`; everything else is converted with `String()`.
 */
export function copyText(value: CopyValue): string {
  if (value === null || value === undefined) return "\\N";
  const text = typeof value === "string" ? value : String(value);
  return /[\\\t\n\r]/.test(text)
    ? text.replace(/\\/g, "\\\\").replace(/\t/g, "\\t").replace(/\n/g, "\\n").replace(/\r/g, "\\r")
    : text;
}

/** One COPY text line from `values` (in column order), with its trailing newline. */
export function copyLine(values: readonly CopyValue[]): string {
  return `${values.map(copyText).join("\t")}\n`;
}
