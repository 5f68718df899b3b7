/**
 * The append-only, hash-chained audit log. Every privileged action, money movement and configuration change is
 * appended with {@link appendAudit} inside the DB transaction that does it, so the log and the state never disagree.
 * Each entry's hash commits to the previous entry's hash; `audit_head` keeps the last one, so {@link verifyAudit}
 * detects an edited row, a deleted row (a gap or a broken link) and a deleted tail.
 *
 * Entries hold pseudonymous ids only ("account:acct_…", addresses), never personal data: erasing an account never
 * has to touch the log, and the chain still verifies afterwards.
 */
import { createHash } from "node:crypto";

import type { Database, Queryable } from "../db/database.ts";

/** Hash "before" the first entry. */
export const AUDIT_GENESIS_HASH = "0".repeat(64);

/** Key of the transaction-scoped advisory lock that serialises appends. */
const AUDIT_LOCK = 7_206_195_818;

/** JSON values an entry's data may hold (amounts as decimal strings: JSON numbers lose precision). */
export type AuditValue = string | number | boolean | null | AuditValue[] | { [key: string]: AuditValue };

/** What the caller records. */
export interface AuditInput {
  /** Who: "operator:0x…", "account:acct_…", "system:keeper", "webhook:stripe", "cli:apikey". */
  actor: string;
  /** What, dotted: "payment.investment_queued", "config.api_key_created", … */
  action: string;
  /** What it applies to, e.g. "campaign:3"; empty when nothing in particular. */
  subject?: string;
  /** Details; never personal data. */
  data?: { [key: string]: AuditValue };
}

/** A stored entry. */
export interface AuditEntry {
  seq: bigint;
  at: Date;
  actor: string;
  action: string;
  subject: string;
  data: { [key: string]: AuditValue };
  prevHash: string;
  hash: string;
}

/** Result of {@link verifyAudit}. */
export type AuditVerification =
  | { ok: true; entries: bigint; headHash: string }
  | { ok: false; entries: bigint; seq: bigint; problem: string };

/**
 * Appends one entry. Call it with the `tx` of `db.transaction(…)`: the entry commits with the change it records,
 * and a transaction-scoped advisory lock orders concurrent appends. Append after the transaction's other writes:
 * holding the audit lock while waiting for a row another transaction holds (which may be waiting for the audit
 * lock) would deadlock.
 *
 * @returns The stored entry.
 * @throws When `actor` or `action` is empty.
 */
export async function appendAudit(tx: Queryable, input: AuditInput): Promise<AuditEntry> {
  if (input.actor.trim() === "") throw new Error("audit: the actor is empty");
  if (input.action.trim() === "") throw new Error("audit: the action is empty");
  await tx.query("SELECT pg_advisory_xact_lock($1)", [AUDIT_LOCK]);
  const [head] = await tx.query<{ seq: bigint; hash: string }>("SELECT seq, hash FROM audit_head");
  const seq = (head?.seq ?? 0n) + 1n;
  const prevHash = head?.hash ?? AUDIT_GENESIS_HASH;
  const entry = {
    seq,
    at: new Date(),
    actor: input.actor,
    action: input.action,
    subject: input.subject ?? "",
    data: input.data ?? {},
    prevHash,
  };
  const hash = auditHash(entry);
  await tx.query(
    `INSERT INTO audit_log (seq, at, actor, action, subject, data, prev_hash, hash)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [seq.toString(), entry.at, entry.actor, entry.action, entry.subject, JSON.stringify(entry.data), prevHash, hash],
  );
  await tx.query(
    `INSERT INTO audit_head (singleton, seq, hash) VALUES (true, $1, $2)
     ON CONFLICT (singleton) DO UPDATE SET seq = EXCLUDED.seq, hash = EXCLUDED.hash`,
    [seq.toString(), hash],
  );
  return { ...entry, hash };
}

/** Appends one entry in its own transaction (for actions that change nothing else in the database). */
export function recordAudit(db: Database, input: AuditInput): Promise<AuditEntry> {
  return db.transaction((tx) => appendAudit(tx, input));
}

/**
 * Checks the whole chain, in pages of `pageSize` rows: seqs run 1, 2, 3… without gaps, each row's `prev_hash` is
 * the previous row's hash, each hash matches the row's content, and the head matches the last row.
 *
 * @returns `ok`, or the first seq where the chain breaks and why.
 */
export async function verifyAudit(db: Queryable, pageSize = 5_000): Promise<AuditVerification> {
  let expectedSeq = 1n;
  let prevHash = AUDIT_GENESIS_HASH;
  for (;;) {
    const rows = await db.query<AuditRow>("SELECT * FROM audit_log WHERE seq >= $1 ORDER BY seq LIMIT $2", [
      expectedSeq.toString(),
      pageSize,
    ]);
    for (const row of rows) {
      const entries = expectedSeq - 1n;
      if (row.seq !== expectedSeq) {
        return { ok: false, entries, seq: expectedSeq, problem: `entry ${expectedSeq} is missing (deleted)` };
      }
      if (row.prev_hash !== prevHash) {
        return { ok: false, entries, seq: row.seq, problem: `entry ${row.seq} does not link to entry ${row.seq - 1n}` };
      }
      const entry = fromRow(row);
      if (auditHash(entry) !== row.hash) {
        return { ok: false, entries, seq: row.seq, problem: `entry ${row.seq} was edited (its hash does not match)` };
      }
      prevHash = row.hash;
      expectedSeq += 1n;
    }
    if (rows.length < pageSize) break;
  }
  const entries = expectedSeq - 1n;
  const [head] = await db.query<{ seq: bigint; hash: string }>("SELECT seq, hash FROM audit_head");
  const headSeq = head?.seq ?? 0n;
  if (headSeq !== entries || (head?.hash ?? AUDIT_GENESIS_HASH) !== prevHash) {
    return {
      ok: false,
      entries,
      seq: entries + 1n,
      problem: `the log ends at entry ${entries} but its head says ${headSeq} (entries after ${entries} were deleted)`,
    };
  }
  return { ok: true, entries, headHash: prevHash };
}

/**
 * The newest entries first, optionally only those at or before `beforeSeq` (paging) or of one action prefix.
 *
 * @param limit - At most this many (1–500).
 */
export async function listAudit(
  db: Queryable,
  options: { limit?: number; beforeSeq?: bigint; actionPrefix?: string } = {},
): Promise<AuditEntry[]> {
  const limit = Math.min(500, Math.max(1, options.limit ?? 50));
  const rows = await db.query<AuditRow>(
    `SELECT * FROM audit_log WHERE ($1::int8 IS NULL OR seq < $1::int8) AND ($2::text IS NULL OR action LIKE $2 || '%')
     ORDER BY seq DESC LIMIT $3`,
    [options.beforeSeq?.toString() ?? null, options.actionPrefix ?? null, limit],
  );
  return rows.map((row) => ({ ...fromRow(row), hash: row.hash }));
}

/** sha256 over the previous hash and the entry's canonical JSON (keys sorted at every level). */
export function auditHash(entry: Omit<AuditEntry, "hash">): string {
  const canonical = canonicalJson({
    seq: entry.seq.toString(),
    at: entry.at.toISOString(),
    actor: entry.actor,
    action: entry.action,
    subject: entry.subject,
    data: entry.data,
  });
  return createHash("sha256").update(entry.prevHash).update(canonical).digest("hex");
}

/** JSON with object keys sorted at every level, so the same value always gives the same text (jsonb reorders keys). */
export function canonicalJson(value: AuditValue): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const keys = Object.keys(value).sort();
    return `{${keys.map((key) => `${JSON.stringify(key)}:${canonicalJson(value[key])}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

interface AuditRow {
  seq: bigint;
  at: Date;
  actor: string;
  action: string;
  subject: string;
  data: { [key: string]: AuditValue };
  prev_hash: string;
  hash: string;
}

function fromRow(row: AuditRow): Omit<AuditEntry, "hash"> {
  return {
    seq: row.seq,
    at: row.at,
    actor: row.actor,
    action: row.action,
    subject: row.subject,
    data: row.data,
    prevHash: row.prev_hash,
  };
}
