/**
 * Reads a text file line by line in constant memory: the file is read in 64 KiB chunks into one reused buffer
 * (streamed and gunzipped when its name ends in `.gz`), and decoded as strict UTF-8 (invalid bytes are an error naming
 * the line, never a replacement character). The raw bytes can be fed to a hash on the way.
 */
import type { Hash } from "node:crypto";
import { createReadStream } from "node:fs";
import { open } from "node:fs/promises";
import { basename } from "node:path";
import { Transform, pipeline, type Readable } from "node:stream";
import { createGunzip } from "node:zlib";

import { StatementError } from "./statementError.ts";

/**
 * Size of the chunks read from disk. 64 KiB keeps a chunk's decoded text (one byte per character when it is Latin-1,
 * the usual case) under V8's 128 KiB large-object threshold: large objects are freed only by a full collection, and
 * with 256 KiB chunks one dead 256 KiB string per chunk made that space grow to ~30 MB during a 1 M-line import.
 */
export const CHUNK_BYTES = 1 << 16;
/**
 * Longest unfinished line kept between chunks; a longer one is an error (this bounds memory even for a file without
 * newlines).
 */
export const MAX_LINE_BYTES = 1 << 20;

const NEWLINE = 0x0a;

/** Options of {@link readLines}. */
export interface ReadLinesOptions {
  /** Receives every raw (still compressed) byte of the file, in order. */
  hash?: Hash;
}

/**
 * Yields the file's lines in order, in arrays of one chunk's worth (without `\n` or a trailing `\r`; a UTF-8 byte
 * order mark at the start is dropped). The line number of `lines[i]` is the count of lines yielded before plus
 * `i + 1`.
 *
 * @throws StatementError - field `encoding` for invalid UTF-8 (with its line), field `gzip` for a corrupt or truncated
 *   gzip stream, field `line length` for a line over {@link MAX_LINE_BYTES}.
 */
export async function* readLines(path: string, options: ReadLinesOptions = {}): AsyncGenerator<string[]> {
  const file = basename(path);
  const decoder = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });
  let carry: Buffer | undefined;
  let linesBefore = 0;
  let first = true;
  try {
    for await (const chunk of openBytes(path, options.hash)) {
      // A chunk may be a view of the reader's reused buffer: what is kept past this step (the carry) is copied.
      const end = chunk.lastIndexOf(NEWLINE);
      if (end < 0) {
        carry = carry === undefined ? Buffer.from(chunk) : Buffer.concat([carry, chunk]);
        if (carry.length > MAX_LINE_BYTES) throw lineTooLong(file, linesBefore + 1);
        continue;
      }
      let lines: string[];
      if (carry === undefined) {
        lines = decodeLines(decoder, chunk.subarray(0, end), file, linesBefore);
      } else {
        // The line that started in an earlier chunk is decoded on its own, so the chunk is never copied whole.
        const firstEnd = chunk.indexOf(NEWLINE);
        if (carry.length + firstEnd > MAX_LINE_BYTES) throw lineTooLong(file, linesBefore + 1);
        const carried = decodeLines(decoder, Buffer.concat([carry, chunk.subarray(0, firstEnd)]), file, linesBefore);
        lines =
          firstEnd === end
            ? carried
            : carried.concat(decodeLines(decoder, chunk.subarray(firstEnd + 1, end), file, linesBefore + 1));
      }
      carry = end + 1 < chunk.length ? Buffer.from(chunk.subarray(end + 1)) : undefined;
      if (carry !== undefined && carry.length > MAX_LINE_BYTES) throw lineTooLong(file, linesBefore + lines.length + 1);
      if (first) {
        stripBom(lines);
        first = false;
      }
      linesBefore += lines.length;
      yield lines;
    }
  } catch (error) {
    if (error instanceof StatementError) throw error;
    const code = (error as NodeJS.ErrnoException).code ?? "";
    if (code.startsWith("Z_") || code === "ERR_PADDING_1" || /gzip|zlib|unexpected end/i.test(String(error))) {
      throw new StatementError(
        file,
        0,
        "gzip",
        `the file is not a valid, complete gzip stream (${(error as Error).message}); expected a whole .gz file`,
      );
    }
    throw error;
  }
  if (carry !== undefined && carry.length > 0) {
    const lines = decodeLines(decoder, carry, file, linesBefore);
    if (first) stripBom(lines);
    yield lines;
  }
}

/**
 * Yields the file's bytes in order, each chunk a view of the same `buffer` (valid until the next chunk is asked for).
 * One reused buffer leaves no garbage per chunk: fresh chunk buffers are external memory that V8 frees only at its
 * next collection, which on a 47 MB file let tens of MB of read chunks pile up.
 */
export async function* readChunks(path: string, buffer: Uint8Array): AsyncGenerator<Uint8Array> {
  const handle = await open(path, "r");
  try {
    for (;;) {
      const { bytesRead } = await handle.read(buffer, 0, buffer.byteLength, null);
      if (bytesRead === 0) return;
      yield buffer.subarray(0, bytesRead);
    }
  } finally {
    await handle.close();
  }
}

/** The file's (gunzipped) bytes, each chunk fed raw to `hash` first. */
async function* openBytes(path: string, hash: Hash | undefined): AsyncGenerator<Uint8Array> {
  if (!path.endsWith(".gz")) {
    for await (const chunk of readChunks(path, new Uint8Array(CHUNK_BYTES))) {
      hash?.update(chunk);
      yield chunk;
    }
    return;
  }
  const streams: (NodeJS.ReadableStream | NodeJS.WritableStream)[] = [
    createReadStream(path, { highWaterMark: CHUNK_BYTES }),
  ];
  if (hash !== undefined) {
    streams.push(
      new Transform({
        transform(chunk: Buffer, _encoding, callback) {
          hash.update(chunk);
          callback(null, chunk);
        },
      }),
    );
  }
  streams.push(createGunzip({ chunkSize: CHUNK_BYTES }));
  // Iterated here, the last stream reports any stage's error.
  yield* pipeline(streams as unknown as [Readable, Transform], () => {}) as unknown as AsyncIterable<Buffer>;
}

function decodeLines(decoder: TextDecoder, bytes: Uint8Array, file: string, linesBefore: number): string[] {
  let text: string;
  try {
    text = decoder.decode(bytes);
  } catch {
    throw invalidUtf8(decoder, bytes, file, linesBefore);
  }
  const lines = text.split("\n");
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index];
    if (line.charCodeAt(line.length - 1) === 13) lines[index] = line.slice(0, -1);
  }
  return lines;
}

/** Finds the first line of `bytes` that is not UTF-8 and reports it. */
function invalidUtf8(decoder: TextDecoder, bytes: Uint8Array, file: string, linesBefore: number): StatementError {
  let start = 0;
  let line = linesBefore + 1;
  for (;;) {
    const newline = bytes.indexOf(NEWLINE, start);
    const end = newline < 0 ? bytes.length : newline;
    try {
      decoder.decode(bytes.subarray(start, end));
    } catch {
      return new StatementError(file, line, "encoding", "the line is not valid UTF-8; expected UTF-8 text");
    }
    if (newline < 0) return new StatementError(file, line, "encoding", "the file is not valid UTF-8");
    start = newline + 1;
    line++;
  }
}

function stripBom(lines: string[]): void {
  if (lines.length > 0 && lines[0].charCodeAt(0) === 0xfeff) lines[0] = lines[0].slice(1);
}

function lineTooLong(file: string, line: number): StatementError {
  return new StatementError(file, line, "line length", `the line is longer than ${MAX_LINE_BYTES} bytes`);
}
