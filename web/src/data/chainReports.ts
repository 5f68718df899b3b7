/**
 * A campaign's oracle reports read from the `RevenueOracle` logs: `ReportSubmitted` gives each report, then
 * `ReportDisputed`, `ReportSettled`, `DebtRecorded`, `DebtPaid` and `Enforced` decide where it stands (a report
 * repaid with `payDue` is settled again, even after an enforcement).
 */
import type { Address, PublicClient } from "viem";

import { abis } from "../generated/contracts.ts";
import type { OracleReport, ReportStatus } from "./CampaignData.ts";

/**
 * Reads a campaign's reports.
 *
 * @param oracle - `RevenueOracle` address.
 * @param now - Chain time (unix seconds): a report inside its window is `challenge`, after it `awaitingSettlement`.
 */
export async function readReports(
  client: PublicClient,
  oracle: Address,
  campaignId: bigint,
  now: number,
): Promise<OracleReport[]> {
  const base = { address: oracle, abi: abis.RevenueOracle, fromBlock: 0n, strict: true, args: { campaignId } } as const;
  const [submitted, disputed, settled, debts, paid, enforced] = await Promise.all([
    client.getContractEvents({ ...base, eventName: "ReportSubmitted" }),
    client.getContractEvents({ ...base, eventName: "ReportDisputed" }),
    client.getContractEvents({ ...base, eventName: "ReportSettled" }),
    client.getContractEvents({ ...base, eventName: "DebtRecorded" }),
    client.getContractEvents({ ...base, eventName: "DebtPaid" }),
    client.getContractEvents({ ...base, eventName: "Enforced" }),
  ]);
  const disputedIds = new Set(disputed.map((log) => log.args.reportId));
  const settlement = new Map(settled.map((log) => [log.args.reportId, log.args] as const));
  const dueDates = new Map(debts.map((log) => [log.args.reportId, Number(log.args.dueDate)] as const));
  const repaid = new Map<bigint, bigint>();
  for (const log of paid) repaid.set(log.args.reportId, (repaid.get(log.args.reportId) ?? 0n) + log.args.toHolders);
  const enforcedIds = new Set(enforced.map((log) => log.args.reportId));
  // `payDue` always pays a report in full (status Paid), whether it was in debt or enforced.
  const paidIds = new Set(paid.map((log) => log.args.reportId));
  return submitted
    .map(({ args }) => {
      const settledArgs = settlement.get(args.reportId);
      const debt =
        settledArgs === undefined || paidIds.has(args.reportId)
          ? 0n
          : settledArgs.debt - (repaid.get(args.reportId) ?? 0n);
      let status: ReportStatus;
      if (disputedIds.has(args.reportId)) status = "disputed";
      else if (paidIds.has(args.reportId)) status = "settled";
      else if (enforcedIds.has(args.reportId)) status = "enforced";
      else if (settledArgs !== undefined) status = debt > 0n ? "inDebt" : "settled";
      else status = Number(args.challengeEnd) > now ? "challenge" : "awaitingSettlement";
      return {
        reportId: args.reportId,
        sequence: BigInt(args.sequence),
        periodStart: Number(args.periodStart),
        periodEnd: Number(args.periodEnd),
        grossRevenue: args.grossRevenue,
        amountDue: args.amountDue,
        statementRoot: args.statementRoot,
        challengeEnd: Number(args.challengeEnd),
        status,
        paid: (settledArgs?.paid ?? 0n) + (repaid.get(args.reportId) ?? 0n),
        debt: debt > 0n ? debt : 0n,
        dueDate: dueDates.get(args.reportId),
      };
    })
    .sort((a, b) => a.periodStart - b.periodStart);
}
