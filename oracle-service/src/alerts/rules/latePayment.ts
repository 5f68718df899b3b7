/**
 * `late_payment`: a revenue report whose debt is past its due date and still unpaid. The keeper's index
 * (`keeper_report_events`) names the reports whose latest event left them in debt or enforced; for each the chain
 * says (`RevenueOracle.getReport`, at the latest block) whether it still is and when it was due, compared with the
 * latest block's time (the chain's clock, not the machine's). Key `report:<id>`, critical. Resolves when the debt is
 * paid (`DebtPaid`: status Paid).
 */
import { formatUnits } from "viem";

import { abis } from "../../chain/contracts.ts";
import { formatDecimal } from "../../notifications/format.ts";
import type { AlertFinding, AlertRule } from "../alertRule.ts";

/** `IRevenueOracle.ReportStatus` values of an unpaid debt. */
const DEBT = 4;
const ENFORCED = 5;

/** The rule. */
export function latePaymentRule(): AlertRule {
  return {
    id: "late_payment",
    description: "a revenue report's debt is past its due date and unpaid (RevenueOracle Debt or Enforced)",
    async evaluate({ db, chain, config }) {
      const open = await db.query<{ report_id: string }>(
        `SELECT report_id FROM (SELECT DISTINCT ON (report_id) report_id, status FROM keeper_report_events
           ORDER BY report_id, block_number DESC, log_index DESC) AS latest
         WHERE status IN ('debt', 'enforced') ORDER BY report_id`,
      );
      if (open.length === 0) return [];
      const head = await chain.publicClient.getBlock({ blockTag: "latest" });
      const findings: AlertFinding[] = [];
      for (const { report_id } of open) {
        const report = await chain.publicClient.readContract({
          address: chain.deployment.RevenueOracle,
          abi: abis.RevenueOracle,
          functionName: "getReport",
          args: [BigInt(report_id)],
          blockNumber: head.number,
        });
        if (report.status !== DEBT && report.status !== ENFORCED) continue;
        if (BigInt(report.dueDate) > head.timestamp) continue;
        const due = new Date(Number(report.dueDate) * 1000).toISOString();
        const amount = formatDecimal(formatUnits(report.amount, config.tokenDecimals), "en");
        findings.push({
          key: `report:${report_id}`,
          severity: "critical",
          summary: `Report ${report_id} (campaign ${report.campaignId}): ${amount} overdue since ${due.slice(0, 10)}`,
          details: {
            report: report_id,
            campaign: String(report.campaignId),
            amount,
            dueDate: due,
            status: report.status === DEBT ? "debt" : "enforced",
          },
        });
      }
      return findings;
    },
  };
}
