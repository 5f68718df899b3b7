/**
 * The signature-exchange worker: for every report this operator signed and that is not on chain yet, it pushes the
 * signature to the peers that have not taken it, pulls the peers' signatures while below the threshold, and queues
 * the submission once the threshold is held; for queued and pending reports it follows the chain (syncStatus.ts).
 * Each report backs off on its own (interval × 2^attempts, at most 5 minutes); a failure is logged, never fatal.
 */
import type { Hex } from "viem";

import type { ServiceContext } from "../api/context.ts";
import { postToPeers, type PeerLogger } from "./peers.ts";
import { REPORT_COLUMNS, toReport, type StoredReport } from "./reportStore.ts";
import { RequestError } from "./requestError.ts";
import { listSignatures } from "./signatures.ts";
import { pullSignatures } from "./signReport.ts";
import { submitReport } from "./submitReport.ts";
import { syncReportStatus } from "./syncStatus.ts";

/** What the worker needs. */
export interface SignatureExchangeOptions extends ServiceContext {
  /** Pause between rounds (ms). */
  intervalMs: number;
  /** Log line sink (message, details). */
  log: (message: string, data?: object) => void;
}

/** A background worker. */
export interface SignatureExchange {
  start(): void;
  /** Stops after the round in progress. */
  stop(): Promise<void>;
  /** Runs one round now (tests, CLI). */
  runOnce(): Promise<void>;
}

/** Longest backoff of one report (ms). */
const MAX_BACKOFF_MS = 300_000;
/** Reports handled per round. */
const BATCH = 50;

interface Progress {
  /** Peers that accepted our signature. */
  delivered: Set<string>;
  attempts: number;
  nextAt: number;
}

/** Creates the worker (not started). */
export function createSignatureExchange(options: SignatureExchangeOptions): SignatureExchange {
  const context: ServiceContext = { config: options.config, db: options.db, chain: options.chain };
  const logger: PeerLogger = {
    info: (details, message) => options.log(message, details),
    warn: (details, message) => options.log(message, details),
  };
  const progress = new Map<Hex, Progress>();
  let timer: NodeJS.Timeout | undefined;
  let round: Promise<void> | undefined;
  let stopped = true;

  const handle = async (report: StoredReport): Promise<void> => {
    if (report.status !== "signed") {
      await syncReportStatus(context, report.id);
      return;
    }
    const state = progress.get(report.digest) ?? { delivered: new Set<string>(), attempts: 0, nextAt: 0 };
    progress.set(report.digest, state);
    if (Date.now() < state.nextAt) return;
    const own = (await listSignatures(context.db, report.digest)).find(
      (s) => s.signer === context.chain.account.address,
    );
    const pending = context.config.peers.filter((peer) => !state.delivered.has(peer));
    if (own !== undefined && pending.length > 0) {
      const outcomes = await postToPeers(pending, `/reports/${report.digest}/signatures`, own, { attempts: 1, logger });
      for (const outcome of outcomes) if (outcome.ok) state.delivered.add(outcome.peer);
    }
    await pullSignatures(context, report.digest, logger);
    let done = false;
    try {
      const result = await submitReport(context, report.id);
      done = result.state !== "waiting" && state.delivered.size === context.config.peers.length;
      if (result.state === "queued") options.log("report submission queued", { reportId: String(report.id) });
    } catch (error) {
      if (!(error instanceof RequestError)) throw error;
      options.log("report not submittable yet", { reportId: String(report.id), reason: error.message });
    }
    if (done) {
      progress.delete(report.digest);
    } else {
      state.attempts++;
      state.nextAt = Date.now() + Math.min(MAX_BACKOFF_MS, options.intervalMs * 2 ** state.attempts);
    }
  };

  const runOnce = async (): Promise<void> => {
    const rows = await context.db.query<Parameters<typeof toReport>[0]>(
      `SELECT ${REPORT_COLUMNS} FROM reports
       WHERE status IN ('signed', 'queued') OR (status = 'submitted' AND onchain_status = 'Pending')
       ORDER BY (status = 'signed') DESC, id LIMIT $1`,
      [BATCH],
    );
    for (const report of rows.map(toReport)) {
      try {
        await handle(report);
      } catch (error) {
        options.log("signature exchange failed for a report", {
          reportId: String(report.id),
          error: (error as Error).message,
        });
      }
    }
  };

  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(() => {
      round = runOnce().finally(() => {
        round = undefined;
        schedule();
      });
    }, options.intervalMs);
  };

  return {
    start() {
      if (!stopped) return;
      stopped = false;
      schedule();
    },
    async stop() {
      stopped = true;
      if (timer !== undefined) clearTimeout(timer);
      await round;
    },
    runOnce,
  };
}
