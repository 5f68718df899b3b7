// Loading campaigns, reports and debts that earlier events created.
import { BigInt, log } from "@graphprotocol/graph-ts";

import { Campaign, Debt, Report } from "../../generated/schema";

/**
 * Loads campaign `campaignId`. Every campaign event follows its `CampaignCreated`, so a missing campaign means
 * the subgraph missed events: indexing stops loudly (log.critical) instead of writing wrong totals.
 */
export function requireCampaign(campaignId: BigInt): Campaign {
  const campaign = Campaign.load(campaignId.toString());
  if (campaign == null) log.critical("campaign {} is not indexed", [campaignId.toString()]);
  return campaign!;
}

/** Loads report `reportId` (created by `ReportSubmitted`); a missing one stops indexing loudly. */
export function requireReport(reportId: BigInt): Report {
  const report = Report.load(reportId.toString());
  if (report == null) log.critical("report {} is not indexed", [reportId.toString()]);
  return report!;
}

/** Loads the debt of report `reportId` (created by `DebtRecorded`); a missing one stops indexing loudly. */
export function requireDebt(reportId: BigInt): Debt {
  const debt = Debt.load(reportId.toString());
  if (debt == null) log.critical("debt of report {} is not indexed", [reportId.toString()]);
  return debt!;
}
