/** Prometheus gauges of the payment rails (a {@link MetricsSource}, listed in src/monitoring/sources.ts). */
import type { MetricsSource } from "../monitoring/metrics.ts";

/** Payouts failed, webhook errors of the last hour, and how long paid money has waited for its investment. */
export const paymentsMetrics: MetricsSource = {
  name: "payments",
  gauges: [
    {
      name: "encore_payouts_failed",
      help: "Payouts whose last attempt the provider refused (payable again)",
      read: async (context) => {
        const [row] = await context.db.query<{ count: bigint }>(
          "SELECT count(*)::int8 AS count FROM payouts WHERE status = 'failed'",
        );
        return [{ value: Number(row.count) }];
      },
    },
    {
      name: "encore_webhook_errors_last_hour",
      help: "Webhook deliveries refused or failed in the last hour, per provider and stage",
      labelNames: ["provider", "stage"],
      read: async (context) => {
        const rows = await context.db.query<{ provider: string; stage: string; count: bigint }>(
          `SELECT provider, stage, count(*)::int8 AS count FROM webhook_errors
           WHERE at > now() - interval '1 hour' GROUP BY provider, stage`,
        );
        return rows.map((row) => ({ labels: { provider: row.provider, stage: row.stage }, value: Number(row.count) }));
      },
    },
    {
      name: "encore_webhook_lag_seconds",
      help: "Age of the oldest paid payment whose on-chain investment or refund is not final yet (0 when none)",
      read: async (context) => {
        const [row] = await context.db.query<{ age: string | null }>(
          `SELECT extract(epoch FROM now() - min(updated_at))::text AS age FROM payments
           WHERE state IN ('investing', 'refund_pending')`,
        );
        return [{ value: row.age === null ? 0 : Math.max(0, Math.round(Number(row.age))) }];
      },
    },
  ],
};
