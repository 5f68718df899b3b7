/**
 * The outbox worker: one per service. Each step (every `intervalMs`) follows the entries already signed — in nonce
 * order — and then signs and sends queued ones. An entry whose step fails (node unreachable, anything unexpected)
 * is retried after an exponential backoff persisted in `next_attempt_at`; the step stops at the first such
 * failure, since the next entry would most likely meet the same outage. See docs/outbox-and-keeper.md.
 */
import type { ChainContext } from "../chain/client.ts";
import type { Database } from "../db/database.ts";
import { crashPointsFrom } from "./crashPoint.ts";
import { reconcileNonce } from "./nonces.ts";
import type { OutboxRow } from "./outboxStore.ts";
import { signQueued } from "./signQueued.ts";
import { startStep, type NonceState, type OutboxSettings, type OutboxStep, type WorkerLog } from "./stepContext.ts";
import { STEP_LOCKS, withStepLock } from "./stepLock.ts";
import { checkMined, trackSigned } from "./trackSent.ts";
import { clearFailures, MAX_BACKOFF_MS, recordFailure } from "./transitions.ts";
import { createWorkerLoop, type WorkerLoop } from "./workerLoop.ts";

/** What {@link createOutboxWorker} needs. */
export interface OutboxWorkerContext {
  db: Database;
  chain: ChainContext;
  /** Blocks on top of a receipt before an entry is confirmed. */
  confirmations: number;
  /** Pause between steps (ms). */
  intervalMs: number;
  log?: WorkerLog;
  /** Steps an attempt may stay unmined before a fee-bumped replacement is sent (default 5). */
  replaceAfterChecks?: number;
  /** Most queued entries signed per step (default 25). */
  signPerStep?: number;
  /** Most wei per gas any attempt may offer: fees are capped and no replacement goes above it (default: none). */
  maxFeePerGas?: bigint;
}

/** The running worker. */
export type OutboxWorker = WorkerLoop;

/**
 * Creates the outbox worker. `start()` runs a step every `intervalMs` until `stop()`, which lets the current step
 * finish; `runOnce()` runs one step now (steps never overlap). A failing step is logged and the loop waits longer
 * (doubling up to five minutes) before the next.
 *
 * Restart-safety: set `ENCORE_OUTBOX_CRASH_AT=<point>:<n>` only in tests (see crashPoint.ts).
 */
export function createOutboxWorker(context: OutboxWorkerContext): OutboxWorker {
  const settings: OutboxSettings = {
    db: context.db,
    chain: context.chain,
    confirmations: context.confirmations,
    intervalMs: context.intervalMs,
    log: context.log ?? (() => undefined),
    replaceAfterChecks: context.replaceAfterChecks ?? 5,
    signPerStep: context.signPerStep ?? 25,
    maxFeePerGas: context.maxFeePerGas,
    crashPoints: crashPointsFrom(process.env.ENCORE_OUTBOX_CRASH_AT),
  };
  const nonceState: NonceState = { reconciled: false };
  const reconcile = () => reconcileNonce(settings.db, settings.chain.publicClient, settings.chain.account.address);
  return createWorkerLoop({
    name: "outbox",
    intervalMs: settings.intervalMs,
    maxBackoffMs: MAX_BACKOFF_MS,
    log: settings.log,
    step: async () => {
      await withStepLock(settings.db, STEP_LOCKS.outbox, () => runStep(startStep(settings, nonceState, reconcile)));
    },
  });
}

async function runStep(step: OutboxStep): Promise<void> {
  const open = await step.db.query<OutboxRow>(
    `SELECT * FROM outbox_transactions WHERE status IN ('signed', 'mined') AND next_attempt_at <= now()
     ORDER BY nonce, id`,
  );
  for (const row of open) {
    const ok = await guarded(step, row, () =>
      row.status === "mined" ? checkMined(step, row) : trackSigned(step, row),
    );
    if (!ok) return;
  }
  const queued = await step.db.query<OutboxRow>(
    `SELECT * FROM outbox_transactions WHERE status = 'queued' AND next_attempt_at <= now() ORDER BY id LIMIT $1`,
    [step.signPerStep],
  );
  for (const row of queued) {
    if (!(await guarded(step, row, () => signQueued(step, row)))) return;
  }
}

/** Runs one entry's work; a failure is recorded on the entry (backoff) and reported as `false`. */
async function guarded(step: OutboxStep, row: OutboxRow, work: () => Promise<void>): Promise<boolean> {
  try {
    await work();
    if (row.failures > 0) await clearFailures(step.db, row.id);
    return true;
  } catch (error) {
    const message = (error as Error).message?.split("\n")[0] ?? String(error);
    await recordFailure(step.db, row.id, step.intervalMs, message);
    step.log("outbox: entry step failed, backing off", { key: row.key, failures: row.failures + 1, error: message });
    return false;
  }
}
