/**
 * Following a report onto the chain: finds its on-chain id (the campaign's pending report whose digest tag matches,
 * else a `ReportSubmitted` event since the report was built whose fields hash to the same digest) and mirrors the
 * oracle's status.
 */
import type { ServiceContext } from "../api/context.ts";
import { appendAudit } from "../audit/auditLog.ts";
import { abis } from "../chain/contracts.ts";
import { readOracleCampaign } from "./chainReads.ts";
import { reportDigest } from "./reportTypedData.ts";
import { getReport, updateReportStatus, type StoredReport } from "./reportStore.ts";

/** `IRevenueOracle.ReportStatus` names, by enum value. */
export const ONCHAIN_STATUSES = ["None", "Pending", "Disputed", "Settled", "Debt", "Enforced", "Paid"] as const;

const TAG_MASK = (1n << 40n) - 1n;

/**
 * Looks for report `reportId` on chain and updates its status: `submitted` (or `disputed`) with the oracle's
 * report id and status once found; unchanged otherwise.
 */
export async function syncReportStatus(context: ServiceContext, reportId: bigint): Promise<StoredReport> {
  const report = await getReport(context.db, reportId);
  const onchainId = report.onchainReportId ?? (await findOnchainId(context, report));
  if (onchainId === undefined) return report;
  const record = await context.chain.publicClient.readContract({
    address: context.chain.deployment.RevenueOracle,
    abi: abis.RevenueOracle,
    functionName: "getReport",
    args: [onchainId],
  });
  const onchainStatus = ONCHAIN_STATUSES[record.status] ?? String(record.status);
  const status = onchainStatus === "Disputed" ? "disputed" : "submitted";
  if (report.status === status && report.onchainReportId === onchainId && report.onchainStatus === onchainStatus) {
    return report;
  }
  return context.db.transaction(async (tx) => {
    const updated = await updateReportStatus(tx, report.id, { status, onchainReportId: onchainId, onchainStatus });
    await appendAudit(tx, {
      actor: "system:oracle",
      action: report.status === status ? "report.onchain_status_changed" : `report.${status}`,
      subject: `campaign:${report.campaignId}`,
      data: { report: report.id.toString(), onchainReportId: onchainId.toString(), onchainStatus },
    });
    return updated;
  });
}

async function findOnchainId(context: ServiceContext, report: StoredReport): Promise<bigint | undefined> {
  const { chain } = context;
  const campaign = await readOracleCampaign(context, report.campaignId);
  if (campaign.pendingReport !== 0n && campaign.pendingTag === (BigInt(report.digest) & TAG_MASK)) {
    return campaign.pendingReport;
  }
  const events = await chain.publicClient.getContractEvents({
    address: chain.deployment.RevenueOracle,
    abi: abis.RevenueOracle,
    eventName: "ReportSubmitted",
    args: { campaignId: report.campaignId },
    fromBlock: report.builtBlock,
    toBlock: "latest",
  });
  for (const event of events.reverse()) {
    const args = event.args;
    if (args.reportId === undefined || args.statementRoot === undefined) continue;
    const digest = reportDigest(chain.chain.id, chain.deployment.RevenueOracle, {
      campaignId: args.campaignId ?? 0n,
      periodStart: args.periodStart ?? 0n,
      periodEnd: args.periodEnd ?? 0n,
      grossRevenue: args.grossRevenue ?? 0n,
      statementRoot: args.statementRoot,
      sequence: args.sequence ?? 0n,
    });
    if (digest === report.digest) return args.reportId;
  }
  return undefined;
}
