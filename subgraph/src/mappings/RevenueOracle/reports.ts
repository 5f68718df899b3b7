// RevenueOracle: report submission, dispute and settlement.
import { BigInt } from "@graphprotocol/graph-ts";

import { ReportDisputed, ReportSettled, ReportSubmitted } from "../../../generated/RevenueOracle/RevenueOracle";
import { Report } from "../../../generated/schema";
import { requireCampaign, requireReport } from "../../utils/campaigns";
import { one } from "../../utils/constants";
import { getProtocol } from "../../utils/protocol";

/** `ReportSubmitted`: a `Pending` report, challengeable until `challengeEnd`; it becomes the campaign's pending one. */
export function handleReportSubmitted(event: ReportSubmitted): void {
  const p = event.params;
  const campaign = requireCampaign(p.campaignId);
  const report = new Report(p.reportId.toString());
  report.reportId = p.reportId;
  report.campaign = campaign.id;
  report.sequence = p.sequence;
  report.periodStart = p.periodStart;
  report.periodEnd = p.periodEnd;
  report.grossRevenue = p.grossRevenue;
  report.amountDue = p.amountDue;
  report.statementRoot = p.statementRoot;
  report.challengeEnd = p.challengeEnd;
  report.status = "Pending";
  report.submitter = event.transaction.from;
  report.submittedAt = event.block.timestamp;
  report.transactionHash = event.transaction.hash;
  report.disputed = false;
  report.settled = false;
  report.save();

  campaign.reportCount = campaign.reportCount + 1;
  campaign.pendingReport = report.id;
  campaign.save();

  const protocol = getProtocol();
  protocol.reportCount = protocol.reportCount.plus(one());
  protocol.save();
}

/** `ReportDisputed`: voided inside its window; the campaign has no pending report any more. */
export function handleReportDisputed(event: ReportDisputed): void {
  const report = requireReport(event.params.reportId);
  report.status = "Disputed";
  report.disputed = true;
  report.disputedBy = event.params.by;
  report.disputedAt = event.block.timestamp;
  report.save();

  const campaign = requireCampaign(event.params.campaignId);
  campaign.pendingReport = null;
  campaign.save();
}

/** `ReportSettled`: `paid` went into revenue (its RevenueDeposited is indexed by the hub); a debt follows if short. */
export function handleReportSettled(event: ReportSettled): void {
  const report = requireReport(event.params.reportId);
  const debt = event.params.debt;
  report.status = debt.equals(BigInt.zero()) ? "Settled" : "Debt";
  report.settled = true;
  report.settledAt = event.block.timestamp;
  report.paidAtSettlement = event.params.paid;
  report.debtAtSettlement = debt;
  report.save();

  const campaign = requireCampaign(event.params.campaignId);
  campaign.pendingReport = null;
  campaign.save();
}
