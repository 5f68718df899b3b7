/**
 * The outbox's rows: enqueuing (idempotent by key), reading an entry's status, and the row shapes the worker uses.
 * All SQL of `outbox_transactions` outside the worker's state transitions lives here.
 */
import { getAddress, isAddress, isHex, type Address, type Hex } from "viem";

import { appendAudit } from "../audit/auditLog.ts";
import type { Queryable } from "../db/database.ts";

/** Where an outbox entry stands (see docs/outbox-and-keeper.md). */
export type OutboxStatus = "queued" | "signed" | "mined" | "confirmed" | "failed";

/** A transaction request for {@link enqueueTransaction}. */
export interface TransactionRequest {
  /** Idempotency key: the same key always means the same transaction, enqueued once. */
  key: string;
  to: Address;
  data: Hex;
  /** Wei sent with the call (default 0). */
  value?: bigint;
  /** Human-readable description for logs and dashboards. */
  label: string;
  /** Who asks, for the audit log (default: "system:keeper" for `keeper:` keys, else "system:oracle"). */
  actor?: string;
}

/** An outbox entry as callers see it. */
export interface OutboxEntry {
  id: bigint;
  key: string;
  label: string;
  to: Address;
  data: Hex;
  value: bigint;
  status: OutboxStatus;
  /** Sending account and nonce, once signed. */
  sender?: Address;
  nonce?: bigint;
  /** Hashes of every signed attempt (the first and each replacement), oldest first. */
  attemptHashes: Hex[];
  /** The attempt that was mined, and where. */
  txHash?: Hex;
  blockNumber?: bigint;
  /** Decoded custom error name of a failed entry (e.g. `EncoreHub_NotFunding`). */
  errorName?: string;
  /** Last error met (a revert reason, or the RPC failure being retried). */
  lastError?: string;
  /** Consecutive failed attempts (RPC errors), and when the worker tries again. */
  failures: number;
  nextAttemptAt: Date;
  createdAt: Date;
  finishedAt?: Date;
}

/** The same key was enqueued again with a different transaction: a caller bug, refused loudly. */
export class OutboxKeyConflictError extends Error {
  readonly key: string;
  constructor(key: string) {
    super(`outbox key "${key}" is already used by a different transaction`);
    this.name = "OutboxKeyConflictError";
    this.key = key;
  }
}

/** An `outbox_transactions` row as the database returns it. */
export interface OutboxRow {
  id: bigint;
  key: string;
  label: string;
  to_address: string;
  data: string;
  value: string;
  status: OutboxStatus;
  sender: string | null;
  nonce: bigint | null;
  gas_limit: string | null;
  unmined_checks: number;
  failures: number;
  next_attempt_at: Date;
  last_error: string | null;
  error_name: string | null;
  tx_hash: string | null;
  block_number: bigint | null;
  block_hash: string | null;
  receipt_success: boolean | null;
  created_at: Date;
  finished_at: Date | null;
}

/**
 * Enqueues a transaction in the caller's DB transaction (pass the `tx` of `db.transaction` so the request commits
 * together with the state that caused it). Idempotent by key: the same key gives the same row, never a duplicate.
 * A new entry appends an `outbox.enqueued` audit entry (every money movement — settle, enforce, refund, finalize,
 * release, report submission — goes through here) in the same transaction.
 *
 * @returns The entry's id and whether this call created it.
 * @throws {OutboxKeyConflictError} When the key exists with a different target, calldata or value.
 * @throws When `to` is not an address, `data` not hex, `value` negative or `key`/`label` empty.
 */
export async function enqueueTransaction(
  db: Queryable,
  request: TransactionRequest,
): Promise<{ id: bigint; created: boolean }> {
  if (request.key.trim() === "") throw new Error("outbox: the key is empty");
  if (request.label.trim() === "") throw new Error("outbox: the label is empty");
  if (!isAddress(request.to)) throw new Error(`outbox: "${String(request.to)}" is not an address`);
  if (!isHex(request.data)) throw new Error("outbox: data is not 0x-prefixed hex");
  const value = request.value ?? 0n;
  if (value < 0n) throw new Error("outbox: value is negative");
  const to = request.to.toLowerCase();
  const data = request.data.toLowerCase();
  const inserted = await db.query<{ id: bigint }>(
    `INSERT INTO outbox_transactions (key, label, to_address, data, value) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (key) DO NOTHING RETURNING id`,
    [request.key, request.label, to, data, value.toString()],
  );
  if (inserted.length === 1) {
    await appendAudit(db, {
      actor: request.actor ?? (request.key.startsWith("keeper:") ? "system:keeper" : "system:oracle"),
      action: "outbox.enqueued",
      subject: `outbox:${request.key}`,
      data: { label: request.label, to, value: value.toString(), selector: data.slice(0, 10) },
    });
    return { id: inserted[0].id, created: true };
  }
  const [existing] = await db.query<{ id: bigint; to_address: string; data: string; value: string }>(
    "SELECT id, to_address, data, value FROM outbox_transactions WHERE key = $1",
    [request.key],
  );
  if (existing.to_address !== to || existing.data !== data || BigInt(existing.value) !== value) {
    throw new OutboxKeyConflictError(request.key);
  }
  return { id: existing.id, created: false };
}

/** The entry enqueued under `key`, with every attempt hash; undefined when there is none. */
export async function outboxEntry(db: Queryable, key: string): Promise<OutboxEntry | undefined> {
  const [row] = await db.query<OutboxRow>("SELECT * FROM outbox_transactions WHERE key = $1", [key]);
  if (row === undefined) return undefined;
  const attempts = await db.query<{ tx_hash: string }>(
    "SELECT tx_hash FROM outbox_attempts WHERE entry_id = $1 ORDER BY signed_at, tx_hash",
    [row.id],
  );
  return toEntry(
    row,
    attempts.map((attempt) => attempt.tx_hash as Hex),
  );
}

/** Counts of entries per status (for dashboards and tests). */
export async function outboxCounts(db: Queryable): Promise<Record<OutboxStatus, number>> {
  const rows = await db.query<{ status: OutboxStatus; count: bigint }>(
    "SELECT status, count(*)::int8 AS count FROM outbox_transactions GROUP BY status",
  );
  const counts: Record<OutboxStatus, number> = { queued: 0, signed: 0, mined: 0, confirmed: 0, failed: 0 };
  for (const row of rows) counts[row.status] = Number(row.count);
  return counts;
}

function toEntry(row: OutboxRow, attemptHashes: Hex[]): OutboxEntry {
  return {
    id: row.id,
    key: row.key,
    label: row.label,
    to: getAddress(row.to_address),
    data: row.data as Hex,
    value: BigInt(row.value),
    status: row.status,
    sender: row.sender === null ? undefined : getAddress(row.sender),
    nonce: row.nonce ?? undefined,
    attemptHashes,
    txHash: (row.tx_hash ?? undefined) as Hex | undefined,
    blockNumber: row.block_number ?? undefined,
    errorName: row.error_name ?? undefined,
    lastError: row.last_error ?? undefined,
    failures: row.failures,
    nextAttemptAt: row.next_attempt_at,
    createdAt: row.created_at,
    finishedAt: row.finished_at ?? undefined,
  };
}
