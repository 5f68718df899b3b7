/**
 * The outbox's state transitions, each one conditional on the status it leaves (so a transition that lost a race
 * changes nothing): queued → signed → mined → confirmed | failed, mined → signed (reorged out), signed → queued
 * (another transaction took the nonce), queued → failed (the call can never succeed).
 */
import type { Hex } from "viem";

import type { Queryable } from "../db/database.ts";
import type { OutboxStatus } from "./outboxStore.ts";

/** Longest wait between two tries of an entry that keeps failing (ms). */
export const MAX_BACKOFF_MS = 5 * 60_000;

/** Marks an entry failed for good, with the decoded error name and a message. */
export async function markFailed(
  db: Queryable,
  entryId: bigint,
  from: OutboxStatus,
  errorName: string,
  message: string,
): Promise<boolean> {
  const rows = await db.query(
    `UPDATE outbox_transactions SET status = 'failed', error_name = $3, last_error = $4, finished_at = now(),
       updated_at = now() WHERE id = $1 AND status = $2 RETURNING id`,
    [entryId, from, errorName, message],
  );
  return rows.length === 1;
}

/**
 * Records a failed try (an RPC error, or anything unexpected) and schedules the next one after an exponential
 * backoff: `intervalMs × 2^(failures − 1)`, at most {@link MAX_BACKOFF_MS}.
 */
export async function recordFailure(
  db: Queryable,
  entryId: bigint,
  intervalMs: number,
  message: string,
): Promise<void> {
  await db.query(
    `UPDATE outbox_transactions SET failures = failures + 1, last_error = $3, updated_at = now(),
       next_attempt_at = now() + least($2::float8 * power(2, failures), $4::float8) * interval '1 millisecond'
     WHERE id = $1`,
    [entryId, intervalMs, message.slice(0, 2_000), MAX_BACKOFF_MS],
  );
}

/** Clears the failure count after a successful try. */
export async function clearFailures(db: Queryable, entryId: bigint): Promise<void> {
  await db.query("UPDATE outbox_transactions SET failures = 0, updated_at = now() WHERE id = $1 AND failures > 0", [
    entryId,
  ]);
}

/** Records that attempt `txHash` was mined in `blockNumber` (`blockHash`), successfully or not. */
export async function markMined(
  db: Queryable,
  entryId: bigint,
  receipt: { txHash: Hex; blockNumber: bigint; blockHash: Hex; success: boolean },
): Promise<boolean> {
  const rows = await db.query(
    `UPDATE outbox_transactions SET status = 'mined', tx_hash = $2, block_number = $3, block_hash = $4,
       receipt_success = $5, updated_at = now() WHERE id = $1 AND status = 'signed' RETURNING id`,
    [entryId, receipt.txHash, receipt.blockNumber, receipt.blockHash, receipt.success],
  );
  return rows.length === 1;
}

/** The mined attempt's block left the chain (a reorganisation): track the entry's attempts again. */
export async function markUnmined(db: Queryable, entryId: bigint): Promise<void> {
  await db.query(
    `UPDATE outbox_transactions SET status = 'signed', tx_hash = NULL, block_number = NULL, block_hash = NULL,
       receipt_success = NULL, unmined_checks = 0, updated_at = now() WHERE id = $1 AND status = 'mined'`,
    [entryId],
  );
}

/** The mined attempt has enough confirmations and succeeded. */
export async function markConfirmed(db: Queryable, entryId: bigint): Promise<boolean> {
  const rows = await db.query(
    `UPDATE outbox_transactions SET status = 'confirmed', finished_at = now(), updated_at = now()
     WHERE id = $1 AND status = 'mined' RETURNING id`,
    [entryId],
  );
  return rows.length === 1;
}

/**
 * Another transaction took the entry's nonce and none of its attempts was mined: it goes back to the queue, to be
 * simulated and signed again with a fresh nonce. Its old attempts stay recorded.
 */
export async function requeue(db: Queryable, entryId: bigint, nonce: bigint): Promise<boolean> {
  const rows = await db.query(
    `UPDATE outbox_transactions SET status = 'queued', sender = NULL, nonce = NULL, gas_limit = NULL,
       unmined_checks = 0, last_error = $3, updated_at = now()
     WHERE id = $1 AND status = 'signed' AND nonce = $2 RETURNING id`,
    [entryId, nonce, `nonce ${nonce} was used by another transaction; signing again`],
  );
  return rows.length === 1;
}

/** One more worker step found the entry's latest attempt unmined. */
export async function countUnminedCheck(db: Queryable, entryId: bigint): Promise<void> {
  await db.query("UPDATE outbox_transactions SET unmined_checks = unmined_checks + 1 WHERE id = $1", [entryId]);
}
