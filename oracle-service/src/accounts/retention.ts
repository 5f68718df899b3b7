/**
 * Data retention (docs/gdpr.md): each {@link RetentionRule} deletes one kind of data past its period.
 * `encore retention run` applies them all in one transaction with a `retention.run` audit entry counting what each
 * deleted. Other areas append their rules to {@link RETENTION_RULES} (one object each).
 */
import type { Database, Queryable } from "../db/database.ts";
import { appendAudit } from "../audit/auditLog.ts";

const DAY_MS = 86_400_000;

/** One kind of data and how long it is kept. */
export interface RetentionRule {
  /** Short name, e.g. "sessions". */
  name: string;
  /** The period in days. */
  days: number;
  /** What is deleted, for docs and the CLI. */
  description: string;
  /** Deletes what is past the period at `now` (cutoff = now − days); returns how many rows. */
  apply(tx: Queryable, cutoff: Date): Promise<number>;
}

async function deleted(tx: Queryable, sql: string, cutoff: Date): Promise<number> {
  return (await tx.query(`${sql} RETURNING 1`, [cutoff])).length;
}

/** The service's retention rules. */
export const RETENTION_RULES: RetentionRule[] = [
  {
    name: "auth_nonces",
    days: 1,
    description: "sign-in nonces, a day after they expired",
    apply: (tx, cutoff) => deleted(tx, "DELETE FROM auth_nonces WHERE expires_at < $1", cutoff),
  },
  {
    name: "sessions",
    days: 30,
    description: "sessions (wallet address, times), 30 days after they expired or were revoked",
    apply: (tx, cutoff) =>
      deleted(tx, "DELETE FROM sessions WHERE expires_at < $1 OR (revoked_at IS NOT NULL AND revoked_at < $1)", cutoff),
  },
  {
    name: "consents_of_erased_accounts",
    days: 5 * 365,
    description: "consent history of an erased account, 5 years after the erasure (limitation period for claims)",
    apply: (tx, cutoff) =>
      deleted(tx, "DELETE FROM consents WHERE account_id IN (SELECT id FROM accounts WHERE erased_at < $1)", cutoff),
  },
  {
    name: "label_links_revoked",
    days: 2 * 365,
    description: "ended label ↔ artist links, 2 years after they ended",
    apply: (tx, cutoff) =>
      deleted(tx, "DELETE FROM label_artists WHERE status = 'revoked' AND revoked_at < $1", cutoff),
  },
];

/** What a retention run deleted, per rule. */
export type RetentionResult = Record<string, number>;

/**
 * Applies every rule in one transaction and records a `retention.run` audit entry with the counts.
 *
 * @param actor - Audit actor, e.g. "cli:retention".
 */
export async function runRetention(
  db: Database,
  options: { actor: string; now?: Date; rules?: readonly RetentionRule[] },
): Promise<RetentionResult> {
  const now = options.now ?? new Date();
  const rules = options.rules ?? RETENTION_RULES;
  return db.transaction(async (tx) => {
    const result: RetentionResult = {};
    for (const rule of rules) result[rule.name] = await rule.apply(tx, new Date(now.getTime() - rule.days * DAY_MS));
    await appendAudit(tx, { actor: options.actor, action: "retention.run", data: { deleted: result } });
    return result;
  });
}
