/**
 * Refund batches, which `EncoreAutomation` does not do: for every campaign the index shows as failed, the
 * investors who were not refunded yet are split into batches (in order of first investment) and each batch is
 * enqueued as one `EncoreHub.refundMany(campaignId, investors)` under the key `keeper:refund:<campaignId>:<batch>`.
 * A failed campaign's investor list is final (no investment after finalization), so its batches are planned once,
 * all in one transaction. `refundMany` skips holders who refunded themselves meanwhile.
 */
import { encodeFunctionData, getAddress, type Address } from "viem";

import type { ChainContext } from "../chain/client.ts";
import { abis } from "../chain/contracts.ts";
import type { Database } from "../db/database.ts";
import { enqueueTransaction } from "../outbox/outbox.ts";

/** `EncoreHub.MAX_BATCH`: the longest `refundMany` list. */
export const MAX_REFUND_BATCH = 200;

/** One refund batch the keeper enqueued. */
export interface EnqueuedRefund {
  campaignId: bigint;
  batch: number;
  investors: Address[];
  outboxKey: string;
}

/**
 * Plans and enqueues the refund batches of failed campaigns that have none yet.
 *
 * @param batchSize - Investors per `refundMany` (1 … {@link MAX_REFUND_BATCH}).
 * @returns The batches enqueued now.
 */
export async function enqueueRefundBatches(
  db: Database,
  chain: ChainContext,
  batchSize: number,
): Promise<EnqueuedRefund[]> {
  const campaigns = await db.query<{ campaign_id: string }>(
    `SELECT f.campaign_id FROM keeper_finalizations f
     WHERE NOT f.success AND NOT EXISTS (SELECT 1 FROM keeper_tasks t WHERE t.task_key LIKE 'refund:' || f.campaign_id || ':%')
     ORDER BY f.campaign_id`,
  );
  const enqueued: EnqueuedRefund[] = [];
  for (const { campaign_id } of campaigns) {
    const campaignId = BigInt(campaign_id);
    const holders = await db.query<{ investor: string }>(
      `SELECT i.investor FROM keeper_investments i WHERE i.campaign_id = $1 AND NOT EXISTS (
         SELECT 1 FROM keeper_refunds r WHERE r.campaign_id = i.campaign_id AND r.investor = i.investor)
       GROUP BY i.investor ORDER BY min(i.block_number), min(i.log_index), i.investor`,
      [campaign_id],
    );
    const investors = holders.map((row) => getAddress(row.investor));
    const batches: EnqueuedRefund[] = [];
    for (let start = 0; start < investors.length; start += batchSize) {
      const batch = batches.length;
      batches.push({
        campaignId,
        batch,
        investors: investors.slice(start, start + batchSize),
        outboxKey: `keeper:refund:${campaignId}:${batch}`,
      });
    }
    await db.transaction(async (tx) => {
      for (const batch of batches) {
        await enqueueTransaction(tx, {
          key: batch.outboxKey,
          to: chain.deployment.EncoreHub,
          data: encodeFunctionData({
            abi: abis.EncoreHub,
            functionName: "refundMany",
            args: [campaignId, batch.investors],
          }),
          label: `keeper: refund ${batch.investors.length} investors of failed campaign ${campaignId} (batch ${batch.batch})`,
        });
        await tx.query("INSERT INTO keeper_tasks (task_key, outbox_key) VALUES ($1, $2) ON CONFLICT DO NOTHING", [
          `refund:${campaignId}:${batch.batch}`,
          batch.outboxKey,
        ]);
      }
    });
    enqueued.push(...batches);
  }
  return enqueued;
}
