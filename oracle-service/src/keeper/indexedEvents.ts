/**
 * The contract events the keeper follows and how each lands in its tables: campaigns, finalizations, releases,
 * investments and refunds (EncoreHub) and report status changes (RevenueOracle). Every row keeps its block number,
 * so {@link rollBackAbove} can undo exactly what a reorganisation replaced.
 */
import { getAbiItem, type AbiEvent, type Log } from "viem";

import { abis } from "../chain/contracts.ts";
import type { Queryable } from "../db/database.ts";

/** Hub events the keeper stores. */
const HUB_EVENTS = ["CampaignCreated", "Invested", "Finalized", "Refunded", "FundsReleased"] as const;
/** Oracle events the keeper stores. */
const ORACLE_EVENTS = [
  "ReportSubmitted",
  "ReportDisputed",
  "ReportSettled",
  "DebtRecorded",
  "DebtPaid",
  "Enforced",
] as const;

/** ABI items of every followed event (for `eth_getLogs` and decoding). */
export const FOLLOWED_EVENTS: AbiEvent[] = [
  ...HUB_EVENTS.map((name) => getAbiItem({ abi: abis.EncoreHub, name }) as AbiEvent),
  ...ORACLE_EVENTS.map((name) => getAbiItem({ abi: abis.RevenueOracle, name }) as AbiEvent),
];

/** Tables whose rows a reorganisation can undo (each has `block_number`). */
const INDEX_TABLES = [
  "keeper_campaigns",
  "keeper_finalizations",
  "keeper_releases",
  "keeper_investments",
  "keeper_refunds",
  "keeper_report_events",
] as const;

/** A decoded log as `getLogs({ events })` returns it. */
export type FollowedLog = Log<bigint, number, false> & { eventName: string; args: Record<string, unknown> };

/**
 * Stores the logs of one block range (in the caller's transaction, together with the cursor).
 *
 * @returns How many logs were stored.
 */
export async function storeLogs(tx: Queryable, logs: readonly FollowedLog[]): Promise<number> {
  let stored = 0;
  for (const log of logs) {
    if (await storeLog(tx, log)) stored += 1;
  }
  return stored;
}

async function storeLog(tx: Queryable, log: FollowedLog): Promise<boolean> {
  const at = [log.blockNumber, log.logIndex] as const;
  const a = log.args;
  const text = (value: unknown) => String(value);
  const address = (value: unknown) => (value as string).toLowerCase();
  const report = (status: string) =>
    tx.query(
      `INSERT INTO keeper_report_events (block_number, log_index, report_id, campaign_id, status)
       VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING`,
      [...at, text(a.reportId), text(a.campaignId), status],
    );
  switch (log.eventName) {
    case "CampaignCreated": {
      const config = a.config as { fundingDeadline: bigint };
      await tx.query(
        `INSERT INTO keeper_campaigns (campaign_id, artist, funding_deadline, block_number) VALUES ($1, $2, $3, $4)
         ON CONFLICT DO NOTHING`,
        [text(a.campaignId), address(a.artist), config.fundingDeadline, log.blockNumber],
      );
      return true;
    }
    case "Finalized":
      await tx.query(
        `INSERT INTO keeper_finalizations (campaign_id, success, raised, fee, block_number) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT DO NOTHING`,
        [text(a.campaignId), a.success as boolean, text(a.raised), text(a.fee), log.blockNumber],
      );
      return true;
    case "FundsReleased":
      await tx.query(
        `INSERT INTO keeper_releases (block_number, log_index, campaign_id, total_released) VALUES ($1, $2, $3, $4)
         ON CONFLICT DO NOTHING`,
        [...at, text(a.campaignId), text(a.totalReleased)],
      );
      return true;
    case "Invested":
    case "Refunded":
      await tx.query(
        `INSERT INTO ${log.eventName === "Invested" ? "keeper_investments" : "keeper_refunds"}
           (block_number, log_index, campaign_id, investor, amount) VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING`,
        [...at, text(a.campaignId), address(a.investor), text(a.amount)],
      );
      return true;
    case "ReportSubmitted":
      await report("pending");
      return true;
    case "ReportDisputed":
      await report("disputed");
      return true;
    case "ReportSettled":
      await report((a.debt as bigint) === 0n ? "settled" : "debt");
      return true;
    case "DebtRecorded":
      await report("debt");
      return true;
    case "DebtPaid":
      await report("paid");
      return true;
    case "Enforced":
      await report("enforced");
      return true;
    default:
      return false;
  }
}

/** Deletes every indexed row from blocks above `blockNumber` (a reorganisation replaced them). */
export async function rollBackAbove(tx: Queryable, blockNumber: bigint): Promise<void> {
  for (const table of INDEX_TABLES) await tx.query(`DELETE FROM ${table} WHERE block_number > $1`, [blockNumber]);
}
