/**
 * The line reader against a reference (the whole file decoded and split at once): lines that cross chunk boundaries,
 * multi-byte characters and CRLF split by a boundary, lines longer than a chunk, a BOM, no final newline, gzip; and
 * its errors with the right line number when the bad line started in an earlier chunk.
 */
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { gzipSync } from "node:zlib";

import { CHUNK_BYTES, MAX_LINE_BYTES, readLines } from "../../src/statements/lineReader.ts";
import { StatementError } from "../../src/statements/statementError.ts";

const dir = mkdtempSync(join(tmpdir(), "encore-line-reader-"));
after(() => rmSync(dir, { recursive: true, force: true }));

function write(name: string, bytes: Uint8Array | string): string {
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return path;
}

async function readAll(path: string): Promise<string[]> {
  const lines: string[] = [];
  for await (const batch of readLines(path)) lines.push(...batch);
  return lines;
}

/** What readLines must yield: the text split at `\n`, a trailing `\r` dropped per line, no empty last line. */
function reference(text: string): string[] {
  const lines = text.replace(/^\uFEFF/, "").split("\n");
  if (lines.at(-1) === "") lines.pop();
  return lines.map((line) => (line.endsWith("\r") ? line.slice(0, -1) : line));
}

/** Lines of varied lengths (1 byte to 3 chunks) with 2-, 3- and 4-byte characters and CRLF endings, deterministic. */
function variedText(totalBytes: number): string {
  const pieces = ["a", "é", "€", "𝄞", "\t", "x".repeat(97)];
  let state = 12345;
  const next = () => {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    return state;
  };
  let text = "";
  while (Buffer.byteLength(text) < totalBytes) {
    const long = next() % 40 === 0;
    const length = long ? CHUNK_BYTES + (next() % (2 * CHUNK_BYTES)) : next() % 300;
    let line = "";
    while (line.length < length) line += pieces[next() % pieces.length];
    text += line + (next() % 3 === 0 ? "\r\n" : "\n");
  }
  return text;
}

describe("readLines", () => {
  it("yields the same lines as decoding the whole file at once, across chunk boundaries", async () => {
    const text = `\uFEFF${variedText(6 * CHUNK_BYTES)}last line without newline`;
    const path = write("varied.tsv", text);
    assert.deepEqual(await readAll(path), reference(text));
  });

  it("yields the same lines from a gzipped file", async () => {
    const text = variedText(4 * CHUNK_BYTES);
    const path = write("varied.tsv.gz", gzipSync(text));
    assert.deepEqual(await readAll(path), reference(text));
  });

  it("puts a multi-byte character split by a chunk boundary back together", async () => {
    // "€" is 3 bytes: one before the boundary, two after.
    const head = "h".repeat(CHUNK_BYTES - 1);
    const text = `${head}€tail\nnext\n`;
    assert.deepEqual(await readAll(write("split-char.tsv", text)), [`${head}€tail`, "next"]);
  });

  it("drops the \\r of a CRLF split by a chunk boundary", async () => {
    const head = "c".repeat(CHUNK_BYTES - 1);
    const text = `${head}\r\nsecond\r\n`;
    assert.deepEqual(await readAll(write("split-crlf.tsv", text)), [head, "second"]);
  });

  it("names the right line for invalid UTF-8 in a line that started in an earlier chunk", async () => {
    const first = "ok\n";
    const long = Buffer.alloc(CHUNK_BYTES + 10, 0x61);
    long[CHUNK_BYTES + 5] = 0xff;
    const bytes = Buffer.concat([Buffer.from(first), long, Buffer.from("\nafter\n")]);
    await assert.rejects(readAll(write("bad-utf8.tsv", bytes)), (error: unknown) => {
      assert.ok(error instanceof StatementError);
      assert.equal(error.line, 2);
      assert.equal(error.field, "encoding");
      return true;
    });
  });

  it("names the right line for invalid UTF-8 after a carried line in the same chunk", async () => {
    const carried = "k".repeat(CHUNK_BYTES + 100);
    const bytes = Buffer.concat([Buffer.from(`${carried}\nfine\n`), Buffer.from([0x62, 0xc3, 0x28, 0x0a])]);
    await assert.rejects(readAll(write("bad-utf8-later.tsv", bytes)), (error: unknown) => {
      assert.ok(error instanceof StatementError);
      assert.equal(error.line, 3);
      assert.equal(error.field, "encoding");
      return true;
    });
  });

  it("refuses a line longer than MAX_LINE_BYTES with its line number", async () => {
    const text = `one\ntwo\n${"z".repeat(MAX_LINE_BYTES + 1)}\n`;
    await assert.rejects(readAll(write("too-long.tsv", text)), (error: unknown) => {
      assert.ok(error instanceof StatementError);
      assert.equal(error.line, 3);
      assert.equal(error.field, "line length");
      return true;
    });
  });
});
