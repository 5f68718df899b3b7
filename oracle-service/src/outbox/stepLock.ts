/**
 * Single-writer guard for background steps (outbox worker, keeper) when several service instances share one
 * Postgres server: a step runs only while its instance holds a transaction-scoped advisory lock, so two instances
 * take turns instead of working at once. PGlite is in-process and opened by one process only, so it needs none.
 */
import type { Database } from "../db/database.ts";

/** Advisory lock keys of the background steps (arbitrary constants, distinct from the migration lock). */
export const STEP_LOCKS = { outbox: 7_206_195_820, keeper: 7_206_195_821 } as const;

/**
 * Runs `work` while holding advisory lock `lockKey` (Postgres), or directly (PGlite).
 *
 * The lock belongs to a transaction that stays open (and writes nothing) for the duration; `work` uses the
 * database normally, through other connections, and commits its own short transactions.
 *
 * @returns `{ ran: true, result }`, or `{ ran: false }` when another instance holds the lock.
 */
export async function withStepLock<T>(
  db: Database,
  lockKey: number,
  work: () => Promise<T>,
): Promise<{ ran: true; result: T } | { ran: false }> {
  if (db.engine !== "postgres") return { ran: true, result: await work() };
  return db.transaction(async (tx) => {
    const [row] = await tx.query<{ locked: boolean }>("SELECT pg_try_advisory_xact_lock($1) AS locked", [lockKey]);
    if (!row.locked) return { ran: false } as const;
    return { ran: true, result: await work() } as const;
  });
}
