/**
 * Processing one verified webhook event, exactly once: in ONE database transaction the event id is recorded
 * (a repeated delivery stops there), the payment moves through its state machine, the investment is enqueued in the
 * on-chain outbox (key per payment, not per event), and the audit entry and notification are written. Events may
 * arrive in any order: a refund or expiry seen before the payment was seen paid settles the payment for good, and a
 * late "paid" event then changes nothing.
 *
 * Chain reads (simulation, allowance) happen before the transaction; the transaction itself only writes.
 */
import type { Address } from "viem";

import { appendAudit } from "../audit/auditLog.ts";
import { enqueueNotification } from "../notifications/queue.ts";
import { enqueueTransaction } from "../outbox/outboxStore.ts";
import { applyDispute } from "./disputes.ts";
import type { PaymentsContext } from "./paymentsContext.ts";
import { findPaymentForUpdate, getPayment, linkEvent, recordEvent, transition, type Payment } from "./paymentStore.ts";
import { settlePayoutEvent } from "./payouts.ts";
import type { RailEvent } from "./rail.ts";
import { executeRefund } from "./refunds.ts";
import { ensureAllowance, investForData, readCampaign, simulateInvestment } from "./treasury.ts";

/**
 * The treasury's approval of the hub is queued but not mined yet: the event is not recorded and the route answers
 * 503, so the provider delivers it again later (Stripe retries for days with backoff).
 */
export class TreasuryNotReadyError extends Error {
  constructor(reason: string) {
    super(`treasury approval of the hub is not mined yet (${reason}); deliver again later`);
    this.name = "TreasuryNotReadyError";
  }
}

/** What processing did. */
export interface ProcessResult {
  /** The event was already processed: nothing changed. */
  duplicate: boolean;
  /** A short description for the log and the answer. */
  outcome: string;
}

/** The outbox key of a payment's investment. */
export function investKey(payment: Pick<Payment, "provider" | "providerRef" | "publicId">): string {
  return payment.provider === "stripe"
    ? `card:invest:${payment.providerRef ?? payment.publicId}`
    : `${payment.provider}:invest:${payment.providerRef ?? payment.publicId}`;
}

/**
 * Processes a verified event.
 *
 * @throws When the database or the chain fails (the route answers 500 and the provider delivers again later).
 */
export async function processEvent(context: PaymentsContext, event: RailEvent): Promise<ProcessResult> {
  const actor = `webhook:${event.provider}`;
  if (event.kind === "ignored") {
    const created = await context.db.transaction((tx) => recordEvent(tx, event.provider, event.eventId, event.type));
    return { duplicate: !created, outcome: `ignored ${event.type}` };
  }
  if (event.kind === "payout") {
    return context.db.transaction(async (tx) => {
      if (!(await recordEvent(tx, event.provider, event.eventId, `payout_${event.outcome}`))) {
        return { duplicate: true, outcome: "duplicate" };
      }
      const outcome = await settlePayoutEvent(tx, event, actor);
      return { duplicate: false, outcome };
    });
  }

  if (event.kind === "dispute") return context.db.transaction((tx) => applyDispute(tx, event, actor));

  // Chain reads first (only useful while the payment still waits to be invested).
  const known = event.paymentId === undefined ? undefined : await getPayment(context.db, event.paymentId);
  const plan =
    event.outcome === "succeeded" && known?.state === "created" ? await planInvestment(context, known) : undefined;
  if (plan !== undefined && !plan.ok && plan.allowance === true) {
    await context.db.transaction((tx) => ensureAllowance(tx, context.chain, plan.token, known?.tokenAmount ?? 0n));
    throw new TreasuryNotReadyError(plan.reason);
  }

  const result = await context.db.transaction(async (tx): Promise<ProcessResult & { refund?: bigint }> => {
    if (!(await recordEvent(tx, event.provider, event.eventId, `payment_${event.outcome}`))) {
      return { duplicate: true, outcome: "duplicate" };
    }
    const payment = await findPaymentForUpdate(tx, event.provider, event);
    if (payment === undefined) {
      await appendAudit(tx, {
        actor,
        action: "payment.unknown_event",
        data: { eventId: event.eventId, outcome: event.outcome, providerRef: event.providerRef ?? null },
      });
      return { duplicate: false, outcome: "unknown payment" };
    }
    await linkEvent(tx, event.provider, event.eventId, payment.id);
    const subject = `payment:${payment.publicId}`;
    const fields = { providerPaymentId: event.providerPaymentId, providerRef: event.providerRef };

    if (event.outcome === "expired") {
      const moved = await transition(tx, payment.id, ["created"], "expired", { ...fields, reason: "never paid" });
      if (moved) await appendAudit(tx, { actor, action: "payment.expired", subject });
      return { duplicate: false, outcome: moved ? "expired" : `expired event ignored (${payment.state})` };
    }
    if (event.outcome === "refunded") {
      if (await transition(tx, payment.id, ["created", "refund_pending", "refund_manual"], "refunded", fields)) {
        await appendAudit(tx, {
          actor,
          action: "payment.refunded",
          subject,
          data: { amountMinor: payment.amountMinor.toString(), currency: payment.currency },
        });
        if (payment.state !== "created") {
          // Our refund, confirmed by the provider before our own call returned: the fan is told once either way.
          await enqueueNotification(tx, {
            accountId: payment.accountId,
            kind: "refund_available",
            data: {
              campaignId: payment.campaignId.toString(),
              amountMinor: payment.amountMinor.toString(),
              currency: payment.currency,
              channel: "card",
            },
            dedupeKey: `refund_available:${payment.publicId}`,
          });
        }
        return { duplicate: false, outcome: "refunded" };
      }
      if (payment.state === "investing" || payment.state === "invested") {
        // Refunded at the provider (dashboard, dispute) while its shares exist: an operator must look at it.
        await appendAudit(tx, {
          actor,
          action: "payment.refunded_externally",
          subject,
          data: { state: payment.state },
        });
      }
      return { duplicate: false, outcome: `refund event noted (${payment.state})` };
    }

    // outcome "succeeded": money captured.
    if (payment.state !== "created") return { duplicate: false, outcome: `paid event ignored (${payment.state})` };
    const mismatch =
      (event.amountMinor !== undefined && event.amountMinor !== payment.amountMinor) ||
      (event.currency !== undefined && event.currency !== payment.currency);
    const check = plan ?? (await planInvestment(context, payment));
    if (!check.ok && check.allowance === true) throw new TreasuryNotReadyError(check.reason);
    if (mismatch || !check.ok) {
      const reason = mismatch
        ? `paid ${event.amountMinor ?? "?"} ${event.currency ?? "?"}, expected ${payment.amountMinor} ${payment.currency}`
        : check.ok
          ? ""
          : check.reason;
      await transition(tx, payment.id, ["created"], "refund_pending", { ...fields, reason });
      await appendAudit(tx, { actor, action: "payment.investment_refused", subject, data: { reason } });
      return { duplicate: false, outcome: `refused: ${reason}`, refund: payment.id };
    }
    const key = investKey({ ...payment, providerRef: event.providerRef ?? payment.providerRef });
    await enqueueTransaction(tx, {
      key,
      to: context.chain.deployment.EncoreHub,
      data: investForData(payment.campaignId, payment.beneficiary, payment.tokenAmount),
      label: `investFor campaign ${payment.campaignId} (${payment.publicId})`,
    });
    await transition(tx, payment.id, ["created"], "investing", { ...fields, outboxKey: key });
    await appendAudit(tx, {
      actor,
      action: "payment.investment_queued",
      subject,
      data: {
        campaignId: payment.campaignId.toString(),
        beneficiary: payment.beneficiary,
        custodial: payment.custodial,
        tokenAmount: payment.tokenAmount.toString(),
        outboxKey: key,
      },
    });
    return { duplicate: false, outcome: "investment queued" };
  });

  if (result.refund !== undefined) {
    // Refund at once; if this fails or the process dies, the reconciler retries with the same idempotency key.
    await executeRefund(context, result.refund).catch((error: unknown) =>
      context.log("payments: refund deferred to the reconciler", { error: (error as Error).message }),
    );
  }
  return { duplicate: result.duplicate, outcome: result.outcome };
}

type Plan = { ok: true } | { ok: false; reason: string; allowance?: true; token: Address };

async function planInvestment(context: PaymentsContext, payment: Payment): Promise<Plan> {
  const campaign = await readCampaign(context.chain, payment.campaignId);
  if (campaign === undefined) {
    return { ok: false, reason: `campaign ${payment.campaignId} does not exist`, token: context.chain.account.address };
  }
  const check = await simulateInvestment(context.chain, payment.campaignId, payment.beneficiary, payment.tokenAmount);
  return check.ok ? check : { ...check, token: campaign.token };
}
