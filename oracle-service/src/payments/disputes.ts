/**
 * Card disputes (chargebacks). A fan's bank can take a card payment back weeks after the investment happened; the
 * shares it bought cannot be taken back on-chain. What the platform does, exactly once per provider event (the event
 * id is recorded in the same transaction):
 *
 * - `opened`: the dispute is stored `open`, audited, and shown to operators (attention report, `payment_dispute`
 *   alert) so they can submit evidence at the provider.
 * - `won`: stored `won`; nothing else changes.
 * - `lost`: stored `lost`; an invested payment moves to `charged_back`. For a wallet-less fan this stops the
 *   custodial position earning revenue for them (its revenue stays with the treasury, which still holds the
 *   shares: see `revenueBalance`) and it is never card-refunded again when the campaign fails. For a fan with a
 *   wallet the shares stay in that wallet: the audit entry says so, for the operators to pursue.
 *
 * Events may arrive in any order: a "closed" event seen before "created" inserts the dispute closed, and the late
 * "created" changes nothing.
 */
import { appendAudit } from "../audit/auditLog.ts";
import type { Queryable } from "../db/database.ts";
import { findPaymentForUpdate, linkEvent, recordEvent, transition } from "./paymentStore.ts";
import type { RailEvent } from "./rail.ts";

/** A verified dispute event. */
export type DisputeEvent = Extract<RailEvent, { kind: "dispute" }>;

/** A stored dispute. */
export interface Dispute {
  provider: string;
  disputeId: string;
  /** Our payment's public id. */
  paymentId: string;
  status: "open" | "won" | "lost";
  amountMinor: bigint;
  currency: string;
  reason: string;
  openedAt: Date;
  closedAt?: Date;
}

/**
 * Applies a dispute event inside the caller's transaction.
 *
 * @returns What happened, for the log and the webhook answer; `duplicate` when the event was already processed.
 */
export async function applyDispute(
  tx: Queryable,
  event: DisputeEvent,
  actor: string,
): Promise<{ duplicate: boolean; outcome: string }> {
  if (!(await recordEvent(tx, event.provider, event.eventId, `dispute_${event.stage}`))) {
    return { duplicate: true, outcome: "duplicate" };
  }
  const payment = await findPaymentForUpdate(tx, event.provider, { providerPaymentId: event.providerPaymentId });
  if (payment === undefined) {
    await appendAudit(tx, {
      actor,
      action: "payment.unknown_event",
      data: { eventId: event.eventId, dispute: event.disputeId, stage: event.stage },
    });
    return { duplicate: false, outcome: "unknown payment" };
  }
  await linkEvent(tx, event.provider, event.eventId, payment.id);
  const status = event.stage === "opened" ? "open" : event.stage;
  const changed = await tx.query(
    `INSERT INTO payment_disputes (provider, dispute_id, payment_id, status, amount_minor, currency, reason, closed_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, CASE WHEN $4 = 'open' THEN NULL ELSE now() END)
     ON CONFLICT (provider, dispute_id) DO UPDATE SET status = EXCLUDED.status, closed_at = now()
       WHERE payment_disputes.status = 'open' AND EXCLUDED.status <> 'open'
     RETURNING dispute_id`,
    [
      event.provider,
      event.disputeId,
      payment.id.toString(),
      status,
      event.amountMinor.toString(),
      event.currency,
      event.reason,
    ],
  );
  if (changed.length === 0) return { duplicate: false, outcome: `dispute ${event.stage} event ignored (closed)` };

  const subject = `payment:${payment.publicId}`;
  let chargedBack = false;
  if (event.stage === "lost") {
    chargedBack = await transition(tx, payment.id, ["investing", "invested"], "charged_back", {
      reason: `chargeback ${event.disputeId} lost (${event.reason})`,
    });
  }
  await appendAudit(tx, {
    actor,
    action: `payment.dispute_${event.stage}`,
    subject,
    data: {
      dispute: event.disputeId,
      amountMinor: event.amountMinor.toString(),
      currency: event.currency,
      reason: event.reason,
      paymentState: chargedBack ? "charged_back" : payment.state,
      // Shares bought by a fan with a wallet stay in that wallet: nothing on-chain can take them back.
      sharesHeldBy: payment.custodial ? "treasury" : payment.beneficiary,
    },
  });
  return { duplicate: false, outcome: `dispute ${event.stage}${chargedBack ? ", payment charged back" : ""}` };
}

/**
 * Disputes still open, and those lost since `since`, oldest first.
 */
export async function disputesNeedingAttention(db: Queryable, since: Date): Promise<Dispute[]> {
  const rows = await db.query<{
    provider: string;
    dispute_id: string;
    public_id: string;
    status: Dispute["status"];
    amount_minor: bigint;
    currency: string;
    reason: string;
    opened_at: Date;
    closed_at: Date | null;
  }>(
    `SELECT d.provider, d.dispute_id, p.public_id, d.status, d.amount_minor, d.currency, d.reason, d.opened_at,
            d.closed_at
     FROM payment_disputes d JOIN payments p ON p.id = d.payment_id
     WHERE d.status = 'open' OR (d.status = 'lost' AND d.closed_at >= $1)
     ORDER BY d.opened_at, d.dispute_id LIMIT 500`,
    [since],
  );
  return rows.map((row) => ({
    provider: row.provider,
    disputeId: row.dispute_id,
    paymentId: row.public_id,
    status: row.status,
    amountMinor: BigInt(row.amount_minor),
    currency: row.currency,
    reason: row.reason,
    openedAt: row.opened_at,
    closedAt: row.closed_at ?? undefined,
  }));
}
