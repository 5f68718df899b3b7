/**
 * Fiat payouts, recorded against the on-chain accounting so nothing is paid twice:
 *
 * - Revenue of a wallet-less fan: the treasury claims the revenue of its custodial positions on-chain
 *   (`custodial_claims`); each fan is attributed `floor(claimed × their position ÷ all custodial positions)` per
 *   campaign; payable = attributed − payouts not failed. Computed and recorded under a per-account lock. A position
 *   whose payment was charged back (disputes.ts) stays in the pool (the treasury still holds its shares) but is
 *   attributed to nobody: its revenue stays with the platform, and revenue already paid on it is offset against the
 *   fan's future revenue (payable stays ≤ 0 until then).
 * - Artist cash-out: the artist sends settlement tokens (released funds, revenue) to the treasury on-chain; the
 *   transfer (`tx:<hash>:<log index>`, unique) is paid once to their Connect account.
 *
 * A payout row is committed (`pending`) before the provider is called with its idempotency key; a crash in between
 * is retried by the reconciler with the same key. A refusal is recorded (`failed` + error) for the alert rules.
 */
import { randomBytes } from "node:crypto";
import Stripe from "stripe";

import { appendAudit } from "../audit/auditLog.ts";
import type { Queryable } from "../db/database.ts";
import { enqueueNotification } from "../notifications/queue.ts";
import { minorToTokenUnits, tokenUnitsToMinor } from "./amounts.ts";
import type { PaymentsContext } from "./paymentsContext.ts";
import type { Provider, RailEvent } from "./rail.ts";

/** A stored payout. */
export interface Payout {
  id: bigint;
  idempotencyKey: string;
  accountId: bigint;
  provider: Provider;
  kind: "revenue" | "cashout";
  tokenAmount: bigint;
  amountMinor: bigint;
  currency: string;
  status: "pending" | "sent" | "paid" | "failed";
  providerPayoutId?: string;
  error?: string;
}

/** A payout request was refused; `status` is the HTTP answer. */
export class PaymentsRequestError extends Error {
  readonly status: number;
  constructor(status: number, message: string) {
    super(message);
    this.name = "PaymentsRequestError";
    this.status = status;
  }
}

/** Revenue attributed to an account's custodial positions, what was paid out, and what is payable (token units). */
export async function revenueBalance(
  db: Queryable,
  accountId: bigint,
): Promise<{ attributed: bigint; paid: bigint; payable: bigint }> {
  const rows = await db.query<{ claimed: string; position: string; pool: string }>(
    `WITH pool AS (
       SELECT campaign_id, sum(token_amount) AS pool,
         sum(token_amount) FILTER (WHERE account_id = $1 AND state = 'invested') AS position
       FROM payments WHERE custodial AND state IN ('invested', 'charged_back') GROUP BY campaign_id),
     claimed AS (
       SELECT campaign_id, sum(amount) AS claimed FROM custodial_claims WHERE status = 'confirmed' GROUP BY campaign_id)
     SELECT claimed.claimed::text AS claimed, pool.position::text AS position, pool.pool::text AS pool
     FROM pool JOIN claimed USING (campaign_id) WHERE pool.position IS NOT NULL`,
    [accountId.toString()],
  );
  const attributed = rows.reduce(
    (sum, row) => sum + (BigInt(row.claimed) * BigInt(row.position)) / BigInt(row.pool),
    0n,
  );
  const [paidRow] = await db.query<{ paid: string | null }>(
    "SELECT sum(token_amount)::text AS paid FROM payouts WHERE account_id = $1 AND kind = 'revenue' AND status <> 'failed'",
    [accountId.toString()],
  );
  const paid = BigInt(paidRow?.paid ?? "0");
  return { attributed, paid, payable: attributed - paid };
}

/**
 * Records a payout of everything payable to a wallet-less fan (whole cents), then sends it.
 *
 * @throws {PaymentsRequestError} 422 when nothing (or less than a cent) is payable, 503 when the rail is off.
 */
export async function payRevenue(
  context: PaymentsContext,
  request: { accountId: bigint; accountKey: string; provider: "stripe" | "paypal"; destination: string },
): Promise<Payout> {
  if (context.rails[request.provider] === undefined) {
    throw new PaymentsRequestError(503, `the ${request.provider} rail is not configured`);
  }
  const payout = await context.db.transaction(async (tx) => {
    await tx.query("SELECT pg_advisory_xact_lock(hashtext('payouts'), hashtext($1))", [request.accountId.toString()]);
    const { payable } = await revenueBalance(tx, request.accountId);
    const amountMinor = tokenUnitsToMinor(payable, context.tokenDecimals);
    if (amountMinor <= 0n) throw new PaymentsRequestError(422, "nothing is payable to this account (less than a cent)");
    return insertPayout(tx, context, {
      accountId: request.accountId,
      accountKey: request.accountKey,
      provider: request.provider,
      destination: request.destination,
      kind: "revenue",
      source: null,
      amountMinor,
    });
  });
  return sendPayout(context, payout.id);
}

/**
 * Pays an artist's token transfer to the treasury out to their Connect account, once per transfer.
 *
 * @throws {PaymentsRequestError} 409 when that transfer was already paid, 422 when it is below a cent.
 */
export async function payCashout(
  context: PaymentsContext,
  request: { accountId: bigint; accountKey: string; destination: string; source: string; tokenAmount: bigint },
): Promise<Payout> {
  const amountMinor = tokenUnitsToMinor(request.tokenAmount, context.tokenDecimals);
  if (amountMinor <= 0n) throw new PaymentsRequestError(422, "the transfer is worth less than a cent");
  const payout = await context.db.transaction(async (tx) => {
    const [existing] = await tx.query("SELECT id FROM payouts WHERE source = $1", [request.source]);
    if (existing !== undefined) throw new PaymentsRequestError(409, `${request.source} was already paid out`);
    return insertPayout(tx, context, {
      ...request,
      provider: "stripe",
      kind: "cashout",
      amountMinor,
    });
  });
  return sendPayout(context, payout.id);
}

async function insertPayout(
  tx: Queryable,
  context: PaymentsContext,
  fields: {
    accountId: bigint;
    accountKey: string;
    provider: "stripe" | "paypal";
    destination: string;
    kind: "revenue" | "cashout";
    source: string | null;
    amountMinor: bigint;
  },
): Promise<Payout> {
  const key = `payout_${randomBytes(10).toString("hex")}`;
  const tokenAmount = minorToTokenUnits(fields.amountMinor, context.tokenDecimals);
  const [row] = await tx.query<PayoutRow>(
    `INSERT INTO payouts (idempotency_key, account_id, provider, destination, kind, source, token_amount, amount_minor,
       currency) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING *`,
    [
      key,
      fields.accountId.toString(),
      fields.provider,
      fields.destination,
      fields.kind,
      fields.source,
      tokenAmount.toString(),
      fields.amountMinor.toString(),
      context.payments.currency,
    ],
  );
  await appendAudit(tx, {
    actor: "system:payments",
    action: `payout.${fields.kind}_recorded`,
    subject: `account:${fields.accountKey}`,
    data: { payout: key, provider: fields.provider, amountMinor: fields.amountMinor.toString(), source: fields.source },
  });
  return toPayout(row);
}

/**
 * Sends a `pending` payout with its idempotency key; safe to call again (retries get the provider's first answer).
 * A provider refusal (4xx) marks it `failed` with the error; a network or 5xx failure leaves it pending.
 */
export async function sendPayout(context: PaymentsContext, id: bigint): Promise<Payout> {
  const [row] = await context.db.query<PayoutRow>("SELECT * FROM payouts WHERE id = $1", [id.toString()]);
  const payout = toPayout(row);
  const rail = context.rails[payout.provider];
  if (payout.status !== "pending" || rail === undefined) return payout;
  let status: Payout["status"];
  let providerId: string | null = null;
  let error: string | null = null;
  try {
    const result = await rail.payout({
      destination: row.destination ?? "",
      amountMinor: payout.amountMinor,
      currency: payout.currency,
      idempotencyKey: payout.idempotencyKey,
      note: payout.kind === "revenue" ? "Encore revenue payout" : "Encore artist cash-out",
    });
    status = result.status === "succeeded" ? "paid" : "sent";
    providerId = result.id;
  } catch (caught) {
    if (!isRefusal(caught)) throw caught;
    status = "failed";
    error = (caught as Error).message.slice(0, 500);
  }
  return context.db.transaction(async (tx) => {
    const [updated] = await tx.query<PayoutRow>(
      `UPDATE payouts SET status = $2, provider_payout_id = $3, error = $4, updated_at = now()
       WHERE id = $1 AND status = 'pending' RETURNING *`,
      [id.toString(), status, providerId, error],
    );
    if (updated === undefined) return payout;
    await appendAudit(tx, {
      actor: `rail:${payout.provider}`,
      action: status === "failed" ? "payout.failed" : "payout.sent",
      subject: `payout:${payout.idempotencyKey}`,
      data: { providerPayoutId: providerId, error, amountMinor: payout.amountMinor.toString() },
    });
    if (status !== "failed") {
      await enqueueNotification(tx, {
        accountId: payout.accountId,
        kind: "payout_sent",
        data: { amountMinor: payout.amountMinor.toString(), currency: payout.currency, provider: payout.provider },
        dedupeKey: `payout_sent:${payout.idempotencyKey}`,
      });
    }
    return toPayout(updated);
  });
}

/** Applies a payout webhook (PayPal item succeeded / failed) in the caller's transaction. */
export async function settlePayoutEvent(
  tx: Queryable,
  event: Extract<RailEvent, { kind: "payout" }>,
  actor: string,
): Promise<string> {
  const status = event.outcome === "paid" ? "paid" : "failed";
  const rows = await tx.query<{ id: bigint }>(
    `UPDATE payouts SET status = $2, error = COALESCE($3, error), updated_at = now()
     WHERE idempotency_key = $1 AND status IN ('pending', 'sent') RETURNING id`,
    [event.payoutKey, status, event.error ?? null],
  );
  if (rows.length === 0) return `payout ${event.payoutKey} unchanged`;
  await appendAudit(tx, {
    actor,
    action: `payout.${status}`,
    subject: `payout:${event.payoutKey}`,
    data: { eventId: event.eventId, error: event.error ?? null },
  });
  return `payout ${status}`;
}

/** Pending payouts (recorded, provider not yet reached), for the reconciler. */
export async function pendingPayoutIds(db: Queryable): Promise<bigint[]> {
  const rows = await db.query<{ id: bigint }>("SELECT id FROM payouts WHERE status = 'pending' ORDER BY id LIMIT 100");
  return rows.map((row) => row.id);
}

/** A provider said no for good (4xx), as opposed to a network failure or a 5xx worth retrying. */
function isRefusal(error: unknown): boolean {
  if (error instanceof Stripe.errors.StripeError) {
    return (
      error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500 && error.statusCode !== 429
    );
  }
  const status = (error as { statusCode?: number }).statusCode;
  return status !== undefined && status >= 400 && status < 500 && status !== 429;
}

interface PayoutRow {
  id: bigint;
  idempotency_key: string;
  account_id: bigint;
  provider: Provider;
  destination: string | null;
  kind: "revenue" | "cashout";
  token_amount: string;
  amount_minor: bigint;
  currency: string;
  status: Payout["status"];
  provider_payout_id: string | null;
  error: string | null;
}

function toPayout(row: PayoutRow): Payout {
  return {
    id: row.id,
    idempotencyKey: row.idempotency_key,
    accountId: row.account_id,
    provider: row.provider,
    kind: row.kind,
    tokenAmount: BigInt(row.token_amount),
    amountMinor: BigInt(row.amount_minor),
    currency: row.currency,
    status: row.status,
    providerPayoutId: row.provider_payout_id ?? undefined,
    error: row.error ?? undefined,
  };
}
