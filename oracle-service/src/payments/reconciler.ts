/**
 * The payments reconciler, a background worker started by the service. Each step:
 *
 * 1. investments whose outbox entry is `confirmed` become `invested` (notification `investment_confirmed`); those
 *    whose entry `failed` (a revert the simulation did not foresee) become `refund_pending`;
 * 2. custodial investments in a campaign that `Failed`: the treasury's on-chain refund is queued once per campaign
 *    and each card payment is refunded through its rail (exactly once, see refunds.ts);
 * 3. `refund_pending` payments are refunded (retries use the same provider idempotency key);
 * 4. revenue of custodial positions is claimed on-chain by the treasury (one claim in flight per campaign) and the
 *    claimed amount is recorded from the `Claimed` event, for payouts.ts;
 * 5. payouts recorded but not yet accepted by the provider are sent again with their idempotency key.
 */
import { appendAudit } from "../audit/auditLog.ts";
import { enqueueNotification } from "../notifications/queue.ts";
import { createWorkerLoop, type WorkerLoop } from "../outbox/workerLoop.ts";
import { enqueueTransaction, outboxEntry } from "../outbox/outboxStore.ts";
import type { PaymentsContext } from "./paymentsContext.ts";
import { paymentsIn, transition } from "./paymentStore.ts";
import { pendingPayoutIds, sendPayout } from "./payouts.ts";
import { executeRefund } from "./refunds.ts";
import { claimData, claimedIn, readCampaign, refundData, treasuryClaimable, treasuryShares } from "./treasury.ts";

/** What one step did (for tests and logs). */
export interface ReconcileReport {
  confirmed: number;
  failed: number;
  refunded: number;
  campaignsFailed: number;
  claims: number;
  payouts: number;
}

/** Creates the reconciler loop (not started). */
export function createPaymentsReconciler(context: PaymentsContext, intervalMs: number): WorkerLoop<ReconcileReport> {
  return createWorkerLoop({
    name: "payments",
    intervalMs,
    maxBackoffMs: 60_000,
    log: context.log,
    step: () => reconcileOnce(context),
  });
}

/** Runs one reconciler step. */
export async function reconcileOnce(context: PaymentsContext): Promise<ReconcileReport> {
  const report: ReconcileReport = { confirmed: 0, failed: 0, refunded: 0, campaignsFailed: 0, claims: 0, payouts: 0 };
  await settleInvestments(context, report);
  await refundFailedCampaigns(context, report);
  for (const payment of await paymentsIn(context.db, ["refund_pending"])) {
    try {
      if ((await executeRefund(context, payment.id)) === "refunded") report.refunded += 1;
    } catch (error) {
      context.log("payments: refund failed, retried next step", {
        payment: payment.publicId,
        error: (error as Error).message.split("\n")[0],
      });
    }
  }
  report.claims = await claimCustodialRevenue(context);
  for (const id of await pendingPayoutIds(context.db)) {
    const payout = await sendPayout(context, id).catch(() => undefined);
    if (payout !== undefined && payout.status !== "pending") report.payouts += 1;
  }
  return report;
}

async function settleInvestments(context: PaymentsContext, report: ReconcileReport): Promise<void> {
  for (const payment of await paymentsIn(context.db, ["investing"], 500)) {
    const entry = payment.outboxKey === undefined ? undefined : await outboxEntry(context.db, payment.outboxKey);
    if (entry === undefined || (entry.status !== "confirmed" && entry.status !== "failed")) continue;
    const subject = `payment:${payment.publicId}`;
    await context.db.transaction(async (tx) => {
      if (entry.status === "confirmed") {
        if (!(await transition(tx, payment.id, ["investing"], "invested"))) return;
        report.confirmed += 1;
        await appendAudit(tx, {
          actor: "system:payments",
          action: "payment.investment_confirmed",
          subject,
          data: { txHash: entry.txHash ?? null, tokenAmount: payment.tokenAmount.toString() },
        });
        await enqueueNotification(tx, {
          accountId: payment.accountId,
          kind: "investment_confirmed",
          data: {
            campaignId: payment.campaignId.toString(),
            amountMinor: payment.amountMinor.toString(),
            currency: payment.currency,
            txHash: entry.txHash ?? "",
          },
          dedupeKey: `investment_confirmed:${payment.publicId}`,
        });
      } else {
        const reason = entry.errorName ?? entry.lastError ?? "the investment transaction failed";
        if (!(await transition(tx, payment.id, ["investing"], "refund_pending", { reason }))) return;
        report.failed += 1;
        await appendAudit(tx, {
          actor: "system:payments",
          action: "payment.investment_failed",
          subject,
          data: { reason },
        });
      }
    });
  }
}

async function refundFailedCampaigns(context: PaymentsContext, report: ReconcileReport): Promise<void> {
  const rows = await context.db.query<{ campaign_id: string }>(
    "SELECT DISTINCT campaign_id::text AS campaign_id FROM payments WHERE custodial AND state = 'invested'",
  );
  for (const { campaign_id } of rows) {
    const campaignId = BigInt(campaign_id);
    const campaign = await readCampaign(context.chain, campaignId);
    if (campaign?.state !== "Failed") continue;
    // The keeper's refundMany may already have paid the treasury; then there is nothing to pull.
    const held = await treasuryShares(context.chain, campaignId);
    await context.db.transaction(async (tx) => {
      if (held > 0n) {
        await enqueueTransaction(tx, {
          key: `custodial:refund:${campaignId}`,
          to: context.chain.deployment.EncoreHub,
          data: refundData(campaignId),
          label: `treasury takes the refund of failed campaign ${campaignId} (custodial positions)`,
        });
      }
      const moved = await tx.query<{ public_id: string }>(
        `UPDATE payments SET state = 'refund_pending', state_reason = 'campaign_failed', updated_at = now()
         WHERE custodial AND state = 'invested' AND campaign_id = $1 RETURNING public_id`,
        [campaignId.toString()],
      );
      await appendAudit(tx, {
        actor: "system:payments",
        action: "payment.campaign_failed_refunds",
        subject: `campaign:${campaignId}`,
        data: { payments: moved.map((row) => row.public_id), treasuryShares: held.toString() },
      });
    });
    report.campaignsFailed += 1;
  }
}

async function claimCustodialRevenue(context: PaymentsContext): Promise<number> {
  let changed = 0;
  for (const claim of await context.db.query<{ id: bigint; outbox_key: string }>(
    "SELECT id, outbox_key FROM custodial_claims WHERE status = 'pending'",
  )) {
    const entry = await outboxEntry(context.db, claim.outbox_key);
    if (entry?.status === "confirmed" && entry.txHash !== undefined) {
      const amount = await claimedIn(context.chain, entry.txHash);
      await context.db.query("UPDATE custodial_claims SET status = 'confirmed', amount = $2 WHERE id = $1", [
        claim.id.toString(),
        amount.toString(),
      ]);
      changed += 1;
    } else if (entry?.status === "failed") {
      await context.db.query("UPDATE custodial_claims SET status = 'failed', amount = 0 WHERE id = $1", [
        claim.id.toString(),
      ]);
    }
  }
  const campaigns = await context.db.query<{ campaign_id: string; claims: bigint; pending: bigint }>(
    `SELECT p.campaign_id::text AS campaign_id,
       (SELECT count(*) FROM custodial_claims c WHERE c.campaign_id = p.campaign_id)::int8 AS claims,
       (SELECT count(*) FROM custodial_claims c WHERE c.campaign_id = p.campaign_id AND status = 'pending')::int8 AS pending
     FROM payments p WHERE p.custodial AND p.state IN ('invested', 'charged_back') GROUP BY p.campaign_id`,
  );
  for (const row of campaigns) {
    if (Number(row.pending) > 0) continue;
    const campaignId = BigInt(row.campaign_id);
    if ((await treasuryClaimable(context.chain, campaignId)) === 0n) continue;
    const key = `custodial:claim:${campaignId}:${Number(row.claims) + 1}`;
    await context.db.transaction(async (tx) => {
      await enqueueTransaction(tx, {
        key,
        to: context.chain.deployment.EncoreHub,
        data: claimData(campaignId),
        label: `treasury claims custodial revenue of campaign ${campaignId}`,
      });
      await tx.query("INSERT INTO custodial_claims (campaign_id, outbox_key) VALUES ($1, $2) ON CONFLICT DO NOTHING", [
        campaignId.toString(),
        key,
      ]);
    });
    changed += 1;
  }
  return changed;
}
