/**
 * What in the payment rails needs a person, in one read for dashboards and alert rules: recent webhook failures per
 * provider, payments an operator must refund by hand (`refund_manual`), refunds still pending after a while, payments
 * refunded at the provider while their shares exist, card disputes open or recently lost, and failed payouts.
 * `GET /v1/payments/attention` (operator).
 */
import Type, { type Static } from "typebox";

import { requireApiKey } from "../api/auth.ts";
import type { App, ServiceContext } from "../api/context.ts";
import { ErrorBody } from "../api/schemas.ts";
import type { Queryable } from "../db/database.ts";
import { disputesNeedingAttention } from "./disputes.ts";
import { webhookErrorCounts } from "./paymentStore.ts";

/** The attention report. */
export const AttentionView = Type.Object({
  since: Type.String({ format: "date-time" }),
  webhookErrors: Type.Record(Type.String(), Type.Integer(), {
    description: "refused or failed deliveries per provider",
  }),
  refundManual: Type.Array(Type.Object({ paymentId: Type.String(), reason: Type.String() })),
  refundsPending: Type.Array(Type.Object({ paymentId: Type.String(), reason: Type.String() })),
  refundedExternally: Type.Array(Type.String({ description: "payment ids" })),
  disputes: Type.Array(
    Type.Object({
      paymentId: Type.String(),
      provider: Type.String(),
      disputeId: Type.String(),
      status: Type.Union([Type.Literal("open"), Type.Literal("lost")]),
      amountMinor: Type.String({ pattern: "^[0-9]+$" }),
      currency: Type.String(),
      reason: Type.String(),
    }),
    { description: "card disputes still open (evidence due at the provider) or lost since `since`" },
  ),
  failedPayouts: Type.Array(Type.Object({ payoutId: Type.String(), provider: Type.String(), error: Type.String() })),
});

/**
 * Builds the report.
 *
 * @param since - Webhook failures and failed payouts from this instant on; pending refunds older than it.
 */
export async function attentionReport(db: Queryable, since: Date): Promise<Static<typeof AttentionView>> {
  const manual = await db.query<{ public_id: string; state_reason: string | null }>(
    "SELECT public_id, state_reason FROM payments WHERE state = 'refund_manual' ORDER BY id",
  );
  const pending = await db.query<{ public_id: string; state_reason: string | null }>(
    "SELECT public_id, state_reason FROM payments WHERE state = 'refund_pending' AND updated_at < $1 ORDER BY id",
    [since],
  );
  const external = await db.query<{ subject: string }>(
    "SELECT DISTINCT subject FROM audit_log WHERE action = 'payment.refunded_externally' ORDER BY subject",
  );
  const failed = await db.query<{ idempotency_key: string; provider: string; error: string | null }>(
    "SELECT idempotency_key, provider, error FROM payouts WHERE status = 'failed' AND updated_at >= $1 ORDER BY id",
    [since],
  );
  const reason = (value: string | null) => value ?? "";
  return {
    since: since.toISOString(),
    webhookErrors: await webhookErrorCounts(db, since),
    refundManual: manual.map((row) => ({ paymentId: row.public_id, reason: reason(row.state_reason) })),
    refundsPending: pending.map((row) => ({ paymentId: row.public_id, reason: reason(row.state_reason) })),
    refundedExternally: external.map((row) => row.subject.replace(/^payment:/, "")),
    disputes: (await disputesNeedingAttention(db, since)).map((dispute) => ({
      paymentId: dispute.paymentId,
      provider: dispute.provider,
      disputeId: dispute.disputeId,
      status: dispute.status === "lost" ? ("lost" as const) : ("open" as const),
      amountMinor: dispute.amountMinor.toString(),
      currency: dispute.currency,
      reason: dispute.reason,
    })),
    failedPayouts: failed.map((row) => ({
      payoutId: row.idempotency_key,
      provider: row.provider,
      error: reason(row.error),
    })),
  };
}

/** Registers `GET /v1/payments/attention`. */
export function attentionRoute(app: App, context: ServiceContext): void {
  app.get(
    "/v1/payments/attention",
    {
      preHandler: requireApiKey(context.db),
      schema: {
        tags: ["payments"],
        summary: "Webhook failures, manual and stuck refunds, external refunds, disputes and failed payouts (operator)",
        security: [{ apiKey: [] }],
        querystring: Type.Object({
          sinceMinutes: Type.Optional(Type.Integer({ minimum: 1, maximum: 43_200, default: 60 })),
        }),
        response: { 200: AttentionView, 400: ErrorBody, 401: ErrorBody },
      },
    },
    async (request) => attentionReport(context.db, new Date(Date.now() - (request.query.sinceMinutes ?? 60) * 60_000)),
  );
}
