/**
 * Refunding a payment through its rail, exactly once: the provider call carries the idempotency key
 * `refund:<payment id>`, so a crash between the call and the DB commit, or two workers racing, gets the same refund
 * back from the provider instead of a second one; the commit then moves `refund_pending → refunded` once.
 */
import { appendAudit } from "../audit/auditLog.ts";
import { enqueueNotification } from "../notifications/queue.ts";
import type { PaymentsContext } from "./paymentsContext.ts";
import { transition, type Payment } from "./paymentStore.ts";
import { RailUnsupportedError } from "./rail.ts";

/** The provider idempotency key of a payment's refund. */
export function refundKey(payment: Pick<Payment, "publicId">): string {
  return `refund:${payment.publicId}`;
}

/**
 * Refunds payment `id` if it is `refund_pending`.
 *
 * @returns What happened: `refunded`, `manual` (the rail has no refunds), `skipped` (not pending, or its rail is off).
 * @throws When the provider call fails (the payment stays pending; the reconciler retries with the same key).
 */
export async function executeRefund(context: PaymentsContext, id: bigint): Promise<"refunded" | "manual" | "skipped"> {
  const [row] = await context.db.query<{
    public_id: string;
    provider: Payment["provider"];
    provider_payment_id: string | null;
    amount_minor: bigint;
    currency: string;
    account_id: bigint;
    campaign_id: string;
    state: string;
  }>(
    `SELECT public_id, provider, provider_payment_id, amount_minor, currency, account_id, campaign_id, state
     FROM payments WHERE id = $1`,
    [id.toString()],
  );
  if (row === undefined || row.state !== "refund_pending") return "skipped";
  const rail = context.rails[row.provider];
  if (rail === undefined) return "skipped";
  const subject = `payment:${row.public_id}`;
  if (row.provider_payment_id === null) {
    return manual(context, id, subject, "no captured payment id is known: refund it at the provider");
  }
  let refund;
  try {
    refund = await rail.refund({
      providerPaymentId: row.provider_payment_id,
      amountMinor: BigInt(row.amount_minor),
      idempotencyKey: refundKey({ publicId: row.public_id }),
    });
  } catch (error) {
    if (error instanceof RailUnsupportedError) return manual(context, id, subject, error.message);
    throw error;
  }
  await context.db.transaction(async (tx) => {
    if (!(await transition(tx, id, ["refund_pending"], "refunded", { refundId: refund.id }))) return;
    await appendAudit(tx, {
      actor: `rail:${row.provider}`,
      action: "payment.refunded",
      subject,
      data: { refundId: refund.id, amountMinor: BigInt(row.amount_minor).toString(), currency: row.currency },
    });
    await enqueueNotification(tx, {
      accountId: BigInt(row.account_id),
      kind: "refund_available",
      data: {
        campaignId: String(row.campaign_id),
        amountMinor: BigInt(row.amount_minor).toString(),
        currency: row.currency,
        channel: "card",
      },
      dedupeKey: `refund_available:${row.public_id}`,
    });
  });
  return "refunded";
}

async function manual(context: PaymentsContext, id: bigint, subject: string, reason: string): Promise<"manual"> {
  await context.db.transaction(async (tx) => {
    if (await transition(tx, id, ["refund_pending"], "refund_manual", { reason })) {
      await appendAudit(tx, { actor: "system:payments", action: "payment.refund_manual", subject, data: { reason } });
    }
  });
  return "manual";
}
