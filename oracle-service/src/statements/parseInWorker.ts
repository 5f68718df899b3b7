/**
 * Parsing in a worker thread, overlapped with storing: PGlite runs Postgres in the calling thread, so reading,
 * validating and formatting lines there would take turns with COPY. The worker (parseWorker.ts) reads the files,
 * validates every line and posts `statement_lines` rows as batches of COPY text in UTF-8 bytes, in a transferred
 * buffer; this side stores each batch (the caller's `store`, a COPY in the import transaction) and then hands the
 * buffer back, which grants the worker one more batch and lets it reuse the buffer. At most
 * {@link MAX_BATCHES_IN_FLIGHT} batches exist at a time and their buffers circulate, so memory stays constant
 * whatever the file size and this thread allocates nothing per batch. Errors keep their type and fields across the
 * thread boundary (a {@link StatementError} arrives as one).
 */
import { Worker } from "node:worker_threads";

import type { CsvMapping } from "./csv/csvMapping.ts";
import type { Decimal } from "./decimal.ts";
import type { DsrPart } from "./dsr/dsrReport.ts";
import type { StatementFacts } from "./revenueLine.ts";
import { StatementError } from "./statementError.ts";

/** Batches posted by the worker and not yet stored (back-pressure: the worker waits for a grant beyond this). */
export const MAX_BATCHES_IN_FLIGHT = 2;

/**
 * V8 heap limits of the worker. Its live data is small (a batch or three, the current DSR block, the summaries, the
 * duplicate filter's candidates; with per-ISRC totals also one entry per ISRC), but V8 grows a heap lazily: without
 * limits the worker's young and old generations took ~90 MB of RSS on a 1 M-line file. The young generation is 4 MB:
 * at 16 MB the import's peak RSS was 245–277 MB, at 4 MB 234 MB (1 M lines, 2026-12-02). The worker then spends more
 * of its time collecting garbage, but it still parses faster than the calling thread stores with COPY (the import's
 * bottleneck), so the import is not slower. (Halving the old generation saved ~6 MB, within the noise, for a risk of
 * more major collections.)
 */
const WORKER_YOUNG_GENERATION_MB = 4;
const WORKER_OLD_GENERATION_MB = 64;
const WORKER_OLD_GENERATION_MB_WITH_TOTALS = 256;

/** What the worker parses (structured-clone safe). */
export interface ParseJob {
  format: "dsr" | "csv";
  /** DSR: the report's files in part order. */
  parts: DsrPart[];
  /** CSV: the file and its mapping. */
  csvPath: string;
  csvMapping: CsvMapping;
  statementId: bigint;
  fxRate: Decimal;
  tokenDecimals: number;
  batchRows: number;
  /** About how many lines to expect (sizes the duplicate-line filter). */
  expectedLines: number;
  totalsByIsrc: boolean;
}

/** What the worker found once every line is read and validated. */
export interface ParseResult {
  facts: StatementFacts;
  /** sha256 (hex) of the bytes read, to compare with the hash taken before. */
  digest: string;
  lineCount: number;
  grossAmount: Decimal;
  unitsTotal: bigint;
  /** Line identities that may occur twice (Bloom-filter hits), or `null` when there were too many to list. */
  duplicateCandidates: string[] | null;
  /** Token units per ISRC, when the job asked for them. */
  unitsByIsrc: Map<string, bigint> | undefined;
}

/** Messages from the worker. */
export type WorkerMessage =
  | { kind: "batch"; rows: Uint8Array; linesDone: number }
  | { kind: "done"; result: ParseResult }
  | {
      kind: "error";
      statementError?: { file: string; line: number; field: string; problem: string };
      name: string;
      message: string;
      stack?: string;
    };

/**
 * Parses `job` in a worker thread, calling `store` for each batch in order (never two at once).
 *
 * @param store - Stores one batch: `statement_lines` rows as COPY-text UTF-8 bytes, only valid until it settles.
 * @returns What the worker found, after every batch is stored.
 * @throws StatementError - The first problem in the files, as the parser reports it.
 * @throws Whatever `store` throws (the worker is stopped).
 */
export async function parseInWorker(
  job: ParseJob,
  store: (rows: Uint8Array, linesDone: number) => Promise<void>,
): Promise<ParseResult> {
  const worker = new Worker(new URL("./parseWorker.ts", import.meta.url), {
    workerData: job,
    resourceLimits: {
      maxYoungGenerationSizeMb: WORKER_YOUNG_GENERATION_MB,
      maxOldGenerationSizeMb: job.totalsByIsrc ? WORKER_OLD_GENERATION_MB_WITH_TOTALS : WORKER_OLD_GENERATION_MB,
    },
  });
  const inbox: (WorkerMessage | { kind: "crash"; error: unknown })[] = [];
  let wake: (() => void) | undefined;
  const deliver = (message: WorkerMessage | { kind: "crash"; error: unknown }) => {
    inbox.push(message);
    wake?.();
    wake = undefined;
  };
  worker.on("message", deliver);
  worker.on("error", (error) => deliver({ kind: "crash", error }));
  worker.on("exit", (code) =>
    deliver({ kind: "crash", error: new Error(`the statement parser stopped early (exit code ${code})`) }),
  );
  try {
    for (;;) {
      if (inbox.length === 0) await new Promise<void>((resolve) => (wake = resolve));
      const message = inbox.shift()!;
      switch (message.kind) {
        case "batch":
          await store(message.rows, message.linesDone);
          // The buffer back: the grant for one more batch.
          worker.postMessage(message.rows.buffer, [message.rows.buffer as ArrayBuffer]);
          break;
        case "done":
          return message.result;
        case "error":
          throw revive(message);
        case "crash":
          throw message.error;
      }
    }
  } finally {
    worker.removeAllListeners();
    await worker.terminate();
  }
}

/** The worker's error as an error of the same kind on this thread. */
function revive(message: Extract<WorkerMessage, { kind: "error" }>): Error {
  if (message.statementError !== undefined) {
    const { file, line, field, problem } = message.statementError;
    return new StatementError(file, line, field, problem);
  }
  const error = message.name === "RangeError" ? new RangeError(message.message) : new Error(message.message);
  if (message.stack !== undefined) error.stack = message.stack;
  return error;
}
