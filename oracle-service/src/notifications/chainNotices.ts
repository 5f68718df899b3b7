/**
 * Notifications learnt from the chain, enqueued by the keeper after each round for holders and artists that have
 * an account (an account whose wallet or custodial address is the on-chain address):
 *
 * - from the keeper's index, blocks after `notification_chain_cursor` up to the keeper's cursor: a campaign
 *   finalized → `campaign_succeeded` / `campaign_failed` to its investors; a refund → `refund_available`; a report
 *   settled or a debt paid → `revenue_received` with the holder's claimable revenue;
 * - time-driven, for every report in debt: `due_date_reminder` once the due date is at most
 *   `dueReminderDays` away, `overdue_notice` once it has passed (chain time), to the campaign's artist.
 *
 * Dedupe keys come from chain identities (campaign, report, investor), so a replayed range or a second keeper
 * enqueues nothing twice; the notifications and the cursor move in one transaction.
 */
import { erc20Abi, formatUnits, type Address } from "viem";

import type { ChainContext } from "../chain/client.ts";
import { abis } from "../chain/contracts.ts";
import type { Database, Queryable } from "../db/database.ts";
import { enqueueNotification, type NotificationRequest } from "./queue.ts";

/** `IRevenueOracle.ReportStatus.Debt`. */
const REPORT_DEBT = 4;
const DAY = 86_400n;

/** Options of {@link enqueueChainNotices}. */
export interface ChainNoticeOptions {
  /** The keeper's cursor: events up to this block are indexed and confirmed. */
  upTo: bigint;
  dueReminderDays: number;
}

/**
 * Enqueues the notifications of newly indexed events and of debts coming due.
 *
 * @returns How many notifications were newly enqueued.
 */
export async function enqueueChainNotices(
  db: Database,
  chain: ChainContext,
  options: ChainNoticeOptions,
): Promise<number> {
  const [cursor] = await db.query<{ block_number: bigint }>("SELECT block_number FROM notification_chain_cursor");
  const from = cursor?.block_number ?? -1n;
  // One campaign read and one token read per campaign and round, however many holders.
  const tokens = new Map<string, Promise<{ symbol: string; decimals: number }>>();
  const money = async (campaignId: string, value: bigint) => {
    let token = tokens.get(campaignId);
    if (token === undefined) {
      token = readCampaign(chain, campaignId).then((campaign) => tokenInfo(chain, campaign.token));
      tokens.set(campaignId, token);
    }
    const { symbol, decimals } = await token;
    return { amount: formatUnits(value, decimals), token: symbol };
  };
  const requests: NotificationRequest[] = [];
  const range = [from.toString(), options.upTo.toString()];

  const finalizations = await db.query<{ campaign_id: string; success: boolean; raised: string }>(
    "SELECT campaign_id, success, raised FROM keeper_finalizations WHERE block_number > $1 AND block_number <= $2",
    range,
  );
  for (const finalization of finalizations) {
    for (const holder of await investorAccounts(db, finalization.campaign_id)) {
      const kind = finalization.success ? "campaign_succeeded" : "campaign_failed";
      const value = finalization.success ? BigInt(finalization.raised) : BigInt(holder.invested);
      const { amount, token } = await money(finalization.campaign_id, value);
      requests.push({
        accountId: holder.accountId,
        kind,
        data: {
          campaign: `#${finalization.campaign_id}`,
          ...(finalization.success ? { raised: amount } : { amount }),
          token,
        },
        dedupeKey: `${kind}:${finalization.campaign_id}:${holder.accountId}`,
      });
    }
  }

  const refunds = await db.query<{ campaign_id: string; investor: string; amount: string; account_id: bigint }>(
    `SELECT r.campaign_id, r.investor, r.amount, a.id AS account_id FROM keeper_refunds r
     JOIN accounts a ON (a.wallet = r.investor OR a.custodial_address = r.investor) AND a.erased_at IS NULL
     WHERE r.block_number > $1 AND r.block_number <= $2`,
    range,
  );
  for (const refund of refunds) {
    const { amount, token } = await money(refund.campaign_id, BigInt(refund.amount));
    requests.push({
      accountId: refund.account_id,
      kind: "refund_available",
      data: { campaign: `#${refund.campaign_id}`, amount, token },
      dedupeKey: `refund_available:${refund.campaign_id}:${refund.investor}`,
    });
  }

  const paidReports = await db.query<{ report_id: string; campaign_id: string; status: string }>(
    `SELECT DISTINCT report_id, campaign_id, status FROM keeper_report_events
     WHERE status IN ('settled', 'paid') AND block_number > $1 AND block_number <= $2`,
    range,
  );
  for (const report of paidReports) {
    for (const holder of await investorAccounts(db, report.campaign_id)) {
      const claimable = await chain.publicClient.readContract({
        address: chain.deployment.EncoreHub,
        abi: abis.EncoreHub,
        functionName: "claimable",
        args: [BigInt(report.campaign_id), holder.address],
      });
      if (claimable === 0n) continue;
      const { amount, token } = await money(report.campaign_id, claimable);
      requests.push({
        accountId: holder.accountId,
        kind: "revenue_received",
        data: { campaign: `#${report.campaign_id}`, reportId: report.report_id, amount, token },
        dedupeKey: `revenue_received:${report.report_id}:${report.status}:${holder.accountId}`,
      });
    }
  }

  requests.push(...(await debtNotices(db, chain, options.dueReminderDays, money)));

  return db.transaction(async (tx) => {
    let created = 0;
    for (const request of requests) if ((await enqueueNotification(tx, request)).created) created += 1;
    await tx.query(
      `INSERT INTO notification_chain_cursor (singleton, block_number) VALUES (true, $1)
       ON CONFLICT (singleton) DO UPDATE SET block_number = GREATEST(notification_chain_cursor.block_number, $1)`,
      [options.upTo.toString()],
    );
    return created;
  });
}

/** Reminders and overdue notices for the reports whose latest event left them in debt. */
async function debtNotices(
  db: Queryable,
  chain: ChainContext,
  reminderDays: number,
  money: (campaignId: string, value: bigint) => Promise<{ amount: string; token: string }>,
): Promise<NotificationRequest[]> {
  const debts = await db.query<{ report_id: string; campaign_id: string; account_id: bigint }>(
    `SELECT latest.report_id, latest.campaign_id, a.id AS account_id FROM (
       SELECT DISTINCT ON (report_id) report_id, campaign_id, status FROM keeper_report_events
       ORDER BY report_id, block_number DESC, log_index DESC) AS latest
     JOIN keeper_campaigns c ON c.campaign_id = latest.campaign_id
     JOIN accounts a ON a.wallet = c.artist AND a.erased_at IS NULL
     WHERE latest.status = 'debt'
       AND NOT EXISTS (SELECT 1 FROM notifications n WHERE n.dedupe_key = 'overdue_notice:' || latest.report_id)`,
  );
  if (debts.length === 0) return [];
  const head = await chain.publicClient.getBlock({ blockTag: "latest" });
  const requests: NotificationRequest[] = [];
  for (const debt of debts) {
    const report = await chain.publicClient.readContract({
      address: chain.deployment.RevenueOracle,
      abi: abis.RevenueOracle,
      functionName: "getReport",
      args: [BigInt(debt.report_id)],
    });
    if (report.status !== REPORT_DEBT) continue;
    const dueDate = BigInt(report.dueDate);
    const left = dueDate - head.timestamp;
    const overdue = left <= 0n;
    if (!overdue && left > BigInt(reminderDays) * DAY) continue;
    const { amount, token } = await money(debt.campaign_id, report.amount);
    const kind = overdue ? "overdue_notice" : "due_date_reminder";
    requests.push({
      accountId: debt.account_id,
      kind,
      data: {
        campaign: `#${debt.campaign_id}`,
        reportId: debt.report_id,
        amount,
        token,
        dueDate: new Date(Number(dueDate) * 1000).toISOString(),
        ...(overdue ? {} : { days: Number((left + DAY - 1n) / DAY) }),
      },
      dedupeKey: `${kind}:${debt.report_id}`,
    });
  }
  return requests;
}

/** Accounts among a campaign's investors, with what each invested (raw token units). */
async function investorAccounts(
  db: Queryable,
  campaignId: string,
): Promise<{ accountId: bigint; address: Address; invested: string }[]> {
  const rows = await db.query<{ account_id: bigint; investor: string; invested: string }>(
    `SELECT a.id AS account_id, i.investor, sum(i.amount)::text AS invested FROM keeper_investments i
     JOIN accounts a ON (a.wallet = i.investor OR a.custodial_address = i.investor) AND a.erased_at IS NULL
     WHERE i.campaign_id = $1 GROUP BY a.id, i.investor ORDER BY a.id`,
    [campaignId],
  );
  return rows.map((row) => ({
    accountId: row.account_id,
    address: row.investor as Address,
    invested: row.invested,
  }));
}

function readCampaign(chain: ChainContext, campaignId: string) {
  return chain.publicClient.readContract({
    address: chain.deployment.EncoreHub,
    abi: abis.EncoreHub,
    functionName: "campaign",
    args: [BigInt(campaignId)],
  });
}

async function tokenInfo(chain: ChainContext, token: Address): Promise<{ symbol: string; decimals: number }> {
  const [symbol, decimals] = await Promise.all([
    chain.publicClient.readContract({ address: token, abi: erc20Abi, functionName: "symbol" }),
    chain.publicClient.readContract({ address: token, abi: erc20Abi, functionName: "decimals" }),
  ]);
  return { symbol, decimals };
}
