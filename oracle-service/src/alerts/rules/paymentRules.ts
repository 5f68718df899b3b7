/**
 * Alert rules over the payment rails' tables (migration 050_payments.sql):
 *
 * - `failed_payout`: one critical alert per payout the provider refused (`payouts.status = 'failed'`, key
 *   `payout:<id>`), resolved when a retry pays it (its status changes).
 * - `payment_dispute`: one warning per card dispute still open (key `dispute:<provider>:<id>`): evidence must be
 *   submitted at the provider before its deadline; resolved when the dispute closes.
 * - `webhook_errors`: one warning per provider while its webhook deliveries were refused or failed within the last
 *   {@link WEBHOOK_WINDOW_MINUTES} minutes (`webhook_errors`), resolved when the window has none.
 */
import type { AlertRule } from "../alertRule.ts";

/** How far back `webhook_errors` looks. */
export const WEBHOOK_WINDOW_MINUTES = 15;

/** `failed_payout`. */
export function failedPayoutRule(): AlertRule {
  return {
    id: "failed_payout",
    description: "a fiat payout was refused by its provider (payouts.status = 'failed')",
    async evaluate({ db }) {
      const rows = await db.query<{ id: string; provider: string; kind: string; error: string | null }>(
        "SELECT id::text AS id, provider, kind, error FROM payouts WHERE status = 'failed' ORDER BY id LIMIT 500",
      );
      return rows.map((row) => ({
        key: `payout:${row.id}`,
        severity: "critical" as const,
        summary: `Payout ${row.id} (${row.kind}, ${row.provider}) failed`,
        details: { payout: row.id, provider: row.provider, error: (row.error ?? "").split("\n")[0].slice(0, 200) },
      }));
    },
  };
}

/** `webhook_errors`. */
export function webhookErrorsRule(): AlertRule {
  return {
    id: "webhook_errors",
    description: `payment webhook deliveries refused or failed in the last ${WEBHOOK_WINDOW_MINUTES} minutes, per provider`,
    async evaluate({ db }) {
      const rows = await db.query<{ provider: string; failures: bigint; last_error: string }>(
        `SELECT provider, count(*)::int8 AS failures,
                (array_agg(stage || ': ' || message ORDER BY at DESC))[1] AS last_error
         FROM webhook_errors WHERE at > now() - make_interval(mins => $1)
         GROUP BY provider ORDER BY provider`,
        [WEBHOOK_WINDOW_MINUTES],
      );
      return rows.map((row) => ({
        key: `webhooks:${row.provider}`,
        severity: "warning" as const,
        summary: `${row.failures} ${row.provider} webhook delivery(ies) failed in the last ${WEBHOOK_WINDOW_MINUTES} minutes`,
        details: {
          provider: row.provider,
          failures: row.failures.toString(),
          lastError: row.last_error.split("\n")[0].slice(0, 200),
        },
      }));
    },
  };
}

/** `payment_dispute`. */
export function paymentDisputeRule(): AlertRule {
  return {
    id: "payment_dispute",
    description: "a card payment is disputed by the payer's bank (payment_disputes.status = 'open')",
    async evaluate({ db }) {
      const rows = await db.query<{
        provider: string;
        dispute_id: string;
        public_id: string;
        amount_minor: bigint;
        currency: string;
        reason: string;
      }>(
        `SELECT d.provider, d.dispute_id, p.public_id, d.amount_minor, d.currency, d.reason
         FROM payment_disputes d JOIN payments p ON p.id = d.payment_id
         WHERE d.status = 'open' ORDER BY d.opened_at LIMIT 500`,
      );
      return rows.map((row) => ({
        key: `dispute:${row.provider}:${row.dispute_id}`,
        severity: "warning" as const,
        summary: `Payment ${row.public_id} is disputed (${row.reason}): submit evidence at ${row.provider}`,
        details: {
          payment: row.public_id,
          dispute: row.dispute_id,
          amountMinor: row.amount_minor.toString(),
          currency: row.currency,
          reason: row.reason,
        },
      }));
    },
  };
}
