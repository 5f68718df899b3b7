/**
 * Alert rules over the payments tables (migration 050_payments.sql, built on the payments branch). Both read only
 * this small query contract, and find nothing while the tables do not exist yet:
 *
 * | table            | columns read                                                                      |
 * | ---------------- | --------------------------------------------------------------------------------- |
 * | `payouts`        | `id` (any type), `status` (text; `'failed'` = a payout that failed)               |
 * | `payment_events` | `id` (any type), `error` (text, NULL when processed), `received_at` or `created_at` |
 *
 * - `failed_payout`: one critical alert per failed payout (`payout:<id>`), resolved when its status changes.
 * - `webhook_errors`: one warning (`webhooks`) while payment webhook events failed within the last
 *   {@link WEBHOOK_WINDOW_MINUTES} minutes, resolved when the window has no failure.
 */
import type { Queryable } from "../../db/database.ts";
import type { AlertRule } from "../alertRule.ts";

/** How far back `webhook_errors` looks. */
export const WEBHOOK_WINDOW_MINUTES = 15;

async function tableExists(db: Queryable, table: string): Promise<boolean> {
  const [row] = await db.query<{ present: boolean }>("SELECT to_regclass($1) IS NOT NULL AS present", [table]);
  return row.present;
}

/** `failed_payout`. */
export function failedPayoutRule(): AlertRule {
  return {
    id: "failed_payout",
    description: "a fiat payout failed (payouts.status = 'failed')",
    async evaluate({ db }) {
      if (!(await tableExists(db, "payouts"))) return [];
      const rows = await db.query<{ id: string }>(
        "SELECT id::text AS id FROM payouts WHERE status = 'failed' ORDER BY id LIMIT 500",
      );
      return rows.map((row) => ({
        key: `payout:${row.id}`,
        severity: "critical" as const,
        summary: `Payout ${row.id} failed`,
        details: { payout: row.id },
      }));
    },
  };
}

/** `webhook_errors`. */
export function webhookErrorsRule(): AlertRule {
  return {
    id: "webhook_errors",
    description: `payment webhook events failed (payment_events.error set) in the last ${WEBHOOK_WINDOW_MINUTES} minutes`,
    async evaluate({ db }) {
      if (!(await tableExists(db, "payment_events"))) return [];
      const columns = await db.query<{ column_name: string }>(
        `SELECT column_name FROM information_schema.columns
         WHERE table_name = 'payment_events' AND column_name IN ('received_at', 'created_at')
           AND table_schema = ANY(current_schemas(false))`,
      );
      const names = columns.map((column) => column.column_name);
      const at = names.includes("received_at")
        ? "received_at"
        : names.includes("created_at")
          ? "created_at"
          : undefined;
      if (at === undefined) throw new Error("payment_events has neither received_at nor created_at");
      const [row] = await db.query<{ failures: bigint; last_error: string | null }>(
        `SELECT count(*)::int8 AS failures,
                (SELECT error FROM payment_events WHERE error IS NOT NULL ORDER BY ${at} DESC LIMIT 1) AS last_error
         FROM payment_events WHERE error IS NOT NULL AND ${at} > now() - make_interval(mins => $1)`,
        [WEBHOOK_WINDOW_MINUTES],
      );
      if (row.failures === 0n) return [];
      const lastError = (row.last_error ?? "").split("\n")[0].slice(0, 200);
      return [
        {
          key: "webhooks",
          severity: "warning",
          summary: `${row.failures} payment webhook event(s) failed in the last ${WEBHOOK_WINDOW_MINUTES} minutes`,
          details: { failures: row.failures.toString(), lastError },
        },
      ];
    },
  };
}
