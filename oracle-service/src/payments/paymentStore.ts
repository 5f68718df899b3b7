/**
 * The `payments`, `payment_events` and `webhook_errors` rows: every SQL statement of the payment state machine lives
 * here. State changes are guarded by the state they leave (`WHERE state = …`), so a transition happens at most once
 * even when two workers race.
 */
import { randomBytes } from "node:crypto";
import { getAddress, type Address } from "viem";

import type { Queryable } from "../db/database.ts";
import type { Provider } from "./rail.ts";

/** Where a payment stands (see the migration 050 and docs/payments.md). */
export type PaymentState =
  | "created"
  | "investing"
  | "invested"
  | "expired"
  | "refund_pending"
  | "refunded"
  | "refund_manual"
  | "charged_back";

/** A stored payment. */
export interface Payment {
  id: bigint;
  publicId: string;
  provider: Provider;
  providerRef?: string;
  providerPaymentId?: string;
  accountId: bigint;
  campaignId: bigint;
  beneficiary: Address;
  custodial: boolean;
  amountMinor: bigint;
  currency: string;
  tokenAmount: bigint;
  state: PaymentState;
  stateReason?: string;
  outboxKey?: string;
  refundId?: string;
  createdAt: Date;
}

/** Fields of a new payment. */
export interface NewPayment {
  provider: Provider;
  accountId: bigint;
  campaignId: bigint;
  beneficiary: Address;
  custodial: boolean;
  amountMinor: bigint;
  currency: string;
  tokenAmount: bigint;
}

/** Inserts a payment in state `created` (its provider ref is set by {@link setProviderRef}). */
export async function insertPayment(db: Queryable, payment: NewPayment): Promise<Payment> {
  const [row] = await db.query<PaymentRow>(
    `INSERT INTO payments (public_id, provider, account_id, campaign_id, beneficiary, custodial, amount_minor, currency,
       token_amount) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING *`,
    [
      `pay_${randomBytes(10).toString("hex")}`,
      payment.provider,
      payment.accountId.toString(),
      payment.campaignId.toString(),
      payment.beneficiary.toLowerCase(),
      payment.custodial,
      payment.amountMinor.toString(),
      payment.currency,
      payment.tokenAmount.toString(),
    ],
  );
  return toPayment(row);
}

/** Records the provider's id of the created checkout session / charge. */
export async function setProviderRef(db: Queryable, id: bigint, providerRef: string): Promise<void> {
  await db.query("UPDATE payments SET provider_ref = $2, updated_at = now() WHERE id = $1", [
    id.toString(),
    providerRef,
  ]);
}

/**
 * The payment an event refers to: by our public id, else the provider's object id, else the captured money's id;
 * locked (`FOR UPDATE`) for the caller's transaction.
 */
export async function findPaymentForUpdate(
  tx: Queryable,
  provider: Provider,
  refs: { paymentId?: string; providerRef?: string; providerPaymentId?: string },
): Promise<Payment | undefined> {
  const [row] = await tx.query<PaymentRow>(
    `SELECT * FROM payments WHERE provider = $1 AND (public_id = $2 OR provider_ref = $3 OR provider_payment_id = $4)
     ORDER BY id LIMIT 1 FOR UPDATE`,
    [provider, refs.paymentId ?? null, refs.providerRef ?? null, refs.providerPaymentId ?? null],
  );
  return row === undefined ? undefined : toPayment(row);
}

/** The payment with this public id, or undefined. */
export async function getPayment(db: Queryable, publicId: string): Promise<Payment | undefined> {
  const [row] = await db.query<PaymentRow>("SELECT * FROM payments WHERE public_id = $1", [publicId]);
  return row === undefined ? undefined : toPayment(row);
}

/** Payments in one of `states`, oldest first. */
export async function paymentsIn(db: Queryable, states: PaymentState[], limit = 200): Promise<Payment[]> {
  const rows = await db.query<PaymentRow>("SELECT * FROM payments WHERE state = ANY($1::text[]) ORDER BY id LIMIT $2", [
    states,
    limit,
  ]);
  return rows.map(toPayment);
}

/** Fields a transition may set besides the state. */
export interface TransitionFields {
  reason?: string;
  outboxKey?: string;
  refundId?: string;
  providerPaymentId?: string;
  providerRef?: string;
}

/**
 * Moves a payment from one of `from` to `to`.
 *
 * @returns True when this call moved it (false: it was no longer in `from`).
 */
export async function transition(
  tx: Queryable,
  id: bigint,
  from: PaymentState[],
  to: PaymentState,
  fields: TransitionFields = {},
): Promise<boolean> {
  const rows = await tx.query<{ id: bigint }>(
    `UPDATE payments SET state = $3, updated_at = now(), state_reason = COALESCE($4, state_reason),
       outbox_key = COALESCE($5, outbox_key), refund_id = COALESCE($6, refund_id),
       provider_payment_id = COALESCE($7, provider_payment_id), provider_ref = COALESCE($8, provider_ref)
     WHERE id = $1 AND state = ANY($2::text[]) RETURNING id`,
    [
      id.toString(),
      from,
      to,
      fields.reason ?? null,
      fields.outboxKey ?? null,
      fields.refundId ?? null,
      fields.providerPaymentId ?? null,
      fields.providerRef ?? null,
    ],
  );
  return rows.length === 1;
}

/**
 * Records a webhook event as processed.
 *
 * @returns False when it was already recorded (a repeated delivery: do nothing else).
 */
export async function recordEvent(tx: Queryable, provider: Provider, eventId: string, type: string): Promise<boolean> {
  const rows = await tx.query(
    `INSERT INTO payment_events (provider, event_id, type) VALUES ($1, $2, $3)
     ON CONFLICT (provider, event_id) DO NOTHING RETURNING event_id`,
    [provider, eventId, type],
  );
  return rows.length === 1;
}

/** Links a recorded event to the payment it applied to. */
export async function linkEvent(tx: Queryable, provider: Provider, eventId: string, paymentId: bigint): Promise<void> {
  await tx.query("UPDATE payment_events SET payment_id = $3 WHERE provider = $1 AND event_id = $2", [
    provider,
    eventId,
    paymentId.toString(),
  ]);
}

/** Counts a refused or failed webhook delivery (the "webhook failures" alert reads these rows). */
export async function recordWebhookError(
  db: Queryable,
  provider: string,
  stage: "verification" | "processing",
  message: string,
): Promise<void> {
  await db.query("INSERT INTO webhook_errors (provider, stage, message) VALUES ($1, $2, $3)", [
    provider,
    stage,
    message.slice(0, 500),
  ]);
}

/** Webhook errors per provider since `since` (for alert rules and dashboards). */
export async function webhookErrorCounts(db: Queryable, since: Date): Promise<Record<string, number>> {
  const rows = await db.query<{ provider: string; count: bigint }>(
    "SELECT provider, count(*)::int8 AS count FROM webhook_errors WHERE at >= $1 GROUP BY provider",
    [since],
  );
  return Object.fromEntries(rows.map((row) => [row.provider, Number(row.count)]));
}

interface PaymentRow {
  id: bigint;
  public_id: string;
  provider: Provider;
  provider_ref: string | null;
  provider_payment_id: string | null;
  account_id: bigint;
  campaign_id: string;
  beneficiary: string;
  custodial: boolean;
  amount_minor: bigint;
  currency: string;
  token_amount: string;
  state: PaymentState;
  state_reason: string | null;
  outbox_key: string | null;
  refund_id: string | null;
  created_at: Date;
}

function toPayment(row: PaymentRow): Payment {
  return {
    id: row.id,
    publicId: row.public_id,
    provider: row.provider,
    providerRef: row.provider_ref ?? undefined,
    providerPaymentId: row.provider_payment_id ?? undefined,
    accountId: row.account_id,
    campaignId: BigInt(row.campaign_id),
    beneficiary: getAddress(row.beneficiary),
    custodial: row.custodial,
    amountMinor: BigInt(row.amount_minor),
    currency: row.currency,
    tokenAmount: BigInt(row.token_amount),
    state: row.state,
    stateReason: row.state_reason ?? undefined,
    outboxKey: row.outbox_key ?? undefined,
    refundId: row.refund_id ?? undefined,
    createdAt: row.created_at,
  };
}
