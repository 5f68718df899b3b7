/**
 * The keeper: each round follows the chain (confirmed blocks only, reorg-safe, see chainFollower.ts) and, once caught
 * up, enqueues the due work through the outbox — finalize, settle, enforce and release as `performUpkeep` batches
 * (dueTasks.ts) and refund batches of failed campaigns (refundBatches.ts). The outbox worker sends them.
 */
import type { ChainContext } from "../chain/client.ts";
import type { Database } from "../db/database.ts";
import { enqueueChainNotices } from "../notifications/chainNotices.ts";
import type { WorkerLog } from "../outbox/outbox.ts";
import { STEP_LOCKS, withStepLock } from "../outbox/stepLock.ts";
import { createWorkerLoop, type WorkerLoop } from "../outbox/workerLoop.ts";
import { followChain, type FollowResult } from "./chainFollower.ts";
import { enqueueDueTasks, findDueTasks, type EnqueuedTask } from "./dueTasks.ts";
import { enqueueRefundBatches, MAX_REFUND_BATCH, type EnqueuedRefund } from "./refundBatches.ts";

/** Name of the keeper's row in `chain_cursors`. */
export const KEEPER_CURSOR = "keeper";

/** Longest pause after failing rounds (ms). */
const MAX_BACKOFF_MS = 5 * 60_000;

/** What {@link createKeeper} needs. */
export interface KeeperContext {
  db: Database;
  chain: ChainContext;
  /** Blocks a block needs on top before its events count and work due at it is acted on. */
  confirmations: number;
  intervalMs: number;
  log?: WorkerLog;
  /** First block to follow when there is no cursor yet (default 0; a deployment block saves work on public chains). */
  startBlock?: bigint;
  /** Largest block range per `eth_getLogs` (default 2,000). */
  maxBlocksPerQuery?: number;
  /** Investors per `refundMany` (default 50, at most 200). */
  refundBatchSize?: number;
  /** Days before a debt's due date its artist is reminded (default 3; see notifications/chainNotices.ts). */
  dueReminderDays?: number;
}

/** What one keeper round did. */
export interface KeeperRound {
  /** False when another instance held the keeper lock (Postgres) and this round did nothing. */
  ran: boolean;
  /** Blocks indexed this round (inclusive) and events stored. */
  indexed?: FollowResult["indexed"];
  /** A reorganisation was detected and rolled back to `forkBlock`. */
  reorg?: FollowResult["reorg"];
  /** The block due work was evaluated at (the cursor, once caught up with `head − confirmations`). */
  evaluatedAt?: bigint;
  /** Tasks enqueued this round (finalize, settle, enforce, release). */
  tasks: EnqueuedTask[];
  /** Refund batches enqueued this round. */
  refunds: EnqueuedRefund[];
}

/** The running keeper. */
export type Keeper = WorkerLoop<KeeperRound>;

/**
 * Creates the keeper. `start()` runs a round every `intervalMs` until `stop()` (which lets the current round
 * finish); `runOnce()` runs one round now and says what it did.
 *
 * @throws When `refundBatchSize` is outside 1 … 200.
 */
export function createKeeper(context: KeeperContext): Keeper {
  const refundBatchSize = context.refundBatchSize ?? 50;
  if (!Number.isInteger(refundBatchSize) || refundBatchSize < 1 || refundBatchSize > MAX_REFUND_BATCH) {
    throw new Error(`keeper: refundBatchSize ${refundBatchSize} is not between 1 and ${MAX_REFUND_BATCH}`);
  }
  const log = context.log ?? (() => undefined);
  const { db, chain } = context;
  const round = async (): Promise<KeeperRound> => {
    const follow = await followChain({
      db,
      client: chain.publicClient,
      cursorName: KEEPER_CURSOR,
      addresses: [chain.deployment.EncoreHub, chain.deployment.RevenueOracle],
      confirmations: context.confirmations,
      startBlock: context.startBlock ?? 0n,
      maxBlocksPerQuery: context.maxBlocksPerQuery ?? 2_000,
      maxQueriesPerCall: 25,
    });
    if (follow.reorg !== undefined) log("keeper: reorganisation, indexed rows rolled back", follow.reorg);
    const result: KeeperRound = { ran: true, indexed: follow.indexed, reorg: follow.reorg, tasks: [], refunds: [] };
    if (!follow.caughtUp || follow.cursor === undefined) return result;
    result.evaluatedAt = follow.cursor;
    result.tasks = await enqueueDueTasks(db, chain, await findDueTasks(db, chain, follow.cursor));
    result.refunds = await enqueueRefundBatches(db, chain, refundBatchSize);
    // Notifications of what was indexed; a failure never holds up the keeper's work (retried next round).
    await enqueueChainNotices(db, chain, { upTo: follow.cursor, dueReminderDays: context.dueReminderDays ?? 3 }).catch(
      (error: unknown) => log("keeper: notifications not enqueued, retried next round", { error: String(error) }),
    );
    if (result.tasks.length > 0 || result.refunds.length > 0) {
      log("keeper: enqueued due work", {
        block: follow.cursor,
        tasks: result.tasks.map((task) => task.key),
        refundBatches: result.refunds.map((refund) => refund.outboxKey),
      });
    }
    return result;
  };
  return createWorkerLoop({
    name: "keeper",
    intervalMs: context.intervalMs,
    maxBackoffMs: MAX_BACKOFF_MS,
    log,
    step: async () => {
      const locked = await withStepLock(db, STEP_LOCKS.keeper, round);
      return locked.ran ? locked.result : { ran: false, tasks: [], refunds: [] };
    },
  });
}
