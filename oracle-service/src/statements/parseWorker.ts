/**
 * The parser worker's entry point (started by parseInWorker.ts): reads and validates the statement described by
 * `workerData`, posts its rows as COPY-text batches in UTF-8 bytes (transferring the buffer, and waiting whenever
 * {@link MAX_BATCHES_IN_FLIGHT} are unstored: each stored batch's buffer comes back for reuse), then posts the totals,
 * the facts and the content digest — or the first error.
 */
import { createHash } from "node:crypto";
import { parentPort, workerData } from "node:worker_threads";

import { readCsvStatement } from "./csv/csvStatement.ts";
import { readDsrReport } from "./dsr/dsrReport.ts";
import { MAX_BATCHES_IN_FLIGHT, type ParseJob, type WorkerMessage } from "./parseInWorker.ts";
import { StatementError } from "./statementError.ts";
import { StatementLineWriter } from "./statementLineWriter.ts";

const port = parentPort!;
const job = workerData as ParseJob;

let grants = MAX_BATCHES_IN_FLIGHT;
let granted: (() => void) | undefined;
/** Buffers of stored batches, handed back for reuse. */
const spare: ArrayBuffer[] = [];
port.on("message", (buffer: ArrayBuffer) => {
  spare.push(buffer);
  grants++;
  granted?.();
  granted = undefined;
});

function post(message: WorkerMessage, transfer: ArrayBuffer[] = []): void {
  port.postMessage(message, transfer);
}

/** `bytes` copied into a spare buffer (or a new one when none is large enough). */
function encode(bytes: Uint8Array): Uint8Array {
  const size = bytes.byteLength;
  let buffer = spare.pop();
  if (buffer === undefined || buffer.byteLength < size) buffer = new ArrayBuffer(size + (size >> 2));
  const out = new Uint8Array(buffer, 0, size);
  out.set(bytes);
  return out;
}

async function parse(): Promise<void> {
  const writer = new StatementLineWriter({
    statementId: job.statementId,
    fxRate: job.fxRate,
    tokenDecimals: job.tokenDecimals,
    batchRows: job.batchRows,
    expectedLines: job.expectedLines,
    totalsByIsrc: job.totalsByIsrc,
    write: async (text, linesDone) => {
      while (grants === 0) await new Promise<void>((resolve) => (granted = resolve));
      grants--;
      const rows = encode(text);
      post({ kind: "batch", rows, linesDone }, [rows.buffer as ArrayBuffer]);
    },
  });
  const rehash = createHash("sha256");
  const facts =
    job.format === "dsr"
      ? await readDsrReport(job.parts, writer, rehash)
      : await readCsvStatement(job.csvPath, job.csvMapping, writer, rehash);
  await writer.drain();
  post({
    kind: "done",
    result: {
      facts,
      digest: rehash.digest("hex"),
      lineCount: writer.lineCount,
      grossAmount: writer.grossAmount,
      unitsTotal: writer.unitsTotal,
      duplicateCandidates: writer.keys.overflowed ? null : [...writer.keys.candidates],
      unitsByIsrc: writer.totalsByIsrc(),
    },
  });
}

try {
  await parse();
} catch (error) {
  const { name, message, stack } = error as Error;
  post({
    kind: "error",
    name: String(name),
    message: String(message),
    stack,
    statementError:
      error instanceof StatementError
        ? { file: error.file, line: error.line, field: error.field, problem: error.problem }
        : undefined,
  });
}
