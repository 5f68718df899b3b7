/** Shared helpers of the statement tests: fixture paths, edited copies of fixtures, row counts. */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";

import assert from "node:assert/strict";

import type { Database, Queryable } from "../../src/db/database.ts";
import { importStatement, StatementError, type ImportStatementOptions } from "../../src/statements/index.ts";

/** Folder of the hand-made statement fixtures. */
export const FIXTURES = join(import.meta.dirname, "..", "fixtures", "statements");

/** The fixtures by role. */
export const BASIC = "DSR_PADPIDA2014120301U_PADPIDA2010081202X_Spotify_2026-03_US_1of1_20260405T101500Z.tsv";
export const PART_1 = "DSR_PADPIDA2014120301U_PADPIDA2010081202X_Spotify_2026-03_DE_1of2_20260406T080000Z.tsv";
export const PART_2 = "DSR_PADPIDA2014120301U_PADPIDA2010081202X_Spotify_2026-03_DE_2of2_20260406T080000Z.tsv";
export const UGC = "DSR_PADPIDA2015010101Y_PADPIDA2010081202X_YouTube_2026-03_FR_1of1_20260405T120000Z.tsv";
export const FINANCIAL =
  "DSR_PADPIDA2016020202Z_PADPIDA2010081202X_AllServices_2026-Q1_Worldwide_1of1_20260410T093000Z.tsv";
export const CSV_DEFAULT = "distributor-default.csv";
export const CSV_SEMICOLON = "distributor-semicolon.csv";
export const CSV_SEMICOLON_MAPPING = "distributor-semicolon.mapping.json";

/** Path of a fixture. */
export function fixture(name: string): string {
  return join(FIXTURES, name);
}

/** A fresh temporary folder. */
export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), "encore-statements-"));
}

/** The fixture's lines (without the final empty one after the last newline). */
export function fixtureLines(name: string): string[] {
  const lines = readFileSync(fixture(name), "utf8").split("\n");
  if (lines.at(-1) === "") lines.pop();
  return lines;
}

/**
 * Writes an edited copy of a fixture into `dir` and returns its path.
 *
 * @param edit - Changes the lines in place (1-based line `n` is `lines[n - 1]`).
 * @param name - File name of the copy (default: the fixture's name).
 */
export function editedFixture(dir: string, source: string, edit: (lines: string[]) => void, name = source): string {
  const lines = fixtureLines(source);
  edit(lines);
  const path = join(dir, name);
  writeFileSync(path, lines.map((line) => `${line}\n`).join(""));
  return path;
}

/** Sets cell `cell` (0-based; 0 is the record type) of 1-based line `line`. */
export function setCell(lines: string[], line: number, cell: number, value: string): void {
  const cells = lines[line - 1].split("\t");
  cells[cell] = value;
  lines[line - 1] = cells.join("\t");
}

/** Writes `bytes` as a file named `name` in `dir`. */
export function writeBytes(dir: string, name: string, bytes: Uint8Array): string {
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return path;
}

/** A gzip copy of a fixture (`<name>.gz`) in `dir`. */
export function gzippedFixture(dir: string, name: string): string {
  return writeBytes(dir, `${name}.gz`, gzipSync(readFileSync(fixture(name))));
}

/** Rows in `statements` and `statement_lines`. */
export async function rowCounts(db: Queryable): Promise<{ statements: number; lines: number }> {
  const [row] = await db.query<{ statements: bigint; lines: bigint }>(
    "SELECT (SELECT count(*) FROM statements) AS statements, (SELECT count(*) FROM statement_lines) AS lines",
  );
  return { statements: Number(row.statements), lines: Number(row.lines) };
}

/** FX used by the tests: 0.92 token per currency unit. */
export const TEST_FX = { rate: "0.92", source: "test fixture rate" };

/** The location and problem a failed import must report. */
export interface ExpectedError {
  file: string;
  line: number;
  field: string;
  problem: string;
}

/**
 * Asserts that importing fails with exactly `expected` and that nothing was stored. Imports with one line per COPY
 * batch, so lines read before the problem have been written and must be rolled back.
 */
export async function assertImportFails(
  db: Database,
  options: ImportStatementOptions,
  expected: ExpectedError,
): Promise<void> {
  await assert.rejects(importStatement(db, { ...options, batchRows: 1 }), (error: unknown) => {
    assert.ok(error instanceof StatementError, `expected a StatementError, got ${String(error)}`);
    assert.deepEqual({ file: error.file, line: error.line, field: error.field, problem: error.problem }, expected);
    const where = expected.line === 0 ? expected.file : `${expected.file} line ${expected.line}`;
    assert.equal(error.message, `${where}, field ${expected.field}: ${expected.problem}`);
    return true;
  });
  assert.deepEqual(await rowCounts(db), { statements: 0, lines: 0 });
}
