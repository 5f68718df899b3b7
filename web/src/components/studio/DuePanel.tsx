/**
 * The artist's due reports and debts: reports of their campaigns inside the challenge window or awaiting settlement
 * (settled from the reserve), then every open debt or enforced report with its due date counting down, the fine
 * (charged, or that enforcement would charge) and a "pay" button (`payDue`: the free reserve pays first, the wallet
 * the rest, approved first when needed).
 */
import { useTranslation } from "react-i18next";
import type { Address } from "viem";
import { useConfig } from "wagmi";

import { payDue } from "../../actions/studio.ts";
import type { StudioCampaign, StudioObligation, StudioReserve } from "../../data/chainStudio.ts";
import { useDataContext, useToken } from "../../data/hooks.ts";
import { formatBps, formatCountdown } from "../../lib/format.ts";
import { payDueSplit, payDueTotal } from "../../lib/reserve.ts";
import type { useAction } from "../useAction.ts";
import { useFormat } from "../useFormat.ts";

function PendingReports({ entry, now }: { entry: StudioCampaign; now: number }) {
  const { t } = useTranslation();
  const format = useFormat(useToken(entry.campaign.token).data);
  return (
    <>
      {entry.reports
        .filter((report) => report.status === "challenge" || report.status === "awaitingSettlement")
        .map((report) => (
          <li key={String(report.reportId)} data-testid={`due-report-${report.reportId}`}>
            {t(report.status === "challenge" ? "desk.due.inWindow" : "desk.due.awaiting", {
              id: String(report.reportId),
              title: entry.campaign.title,
              amount: format.amount(report.amountDue),
              from: format.date(report.periodStart),
              to: format.date(report.periodEnd),
              countdown: formatCountdown(report.challengeEnd, now, format.locale),
            })}
          </li>
        ))}
    </>
  );
}

function ObligationItem({
  obligation,
  title,
  reserve,
  account,
  now,
  action,
}: {
  obligation: StudioObligation;
  title: string;
  reserve: StudioReserve | undefined;
  account: Address;
  now: number;
  action: ReturnType<typeof useAction>;
}) {
  const { t } = useTranslation();
  const config = useConfig();
  const { runtime } = useDataContext();
  const format = useFormat(useToken(obligation.token).data);
  const split = payDueSplit(obligation, reserve ?? { balance: 0n, committed: 0n }, obligation.owed);
  const values = {
    id: String(obligation.reportId),
    title,
    amount: format.amount(payDueTotal(obligation)),
    fine: format.amount(obligation.fine),
    rate: formatBps(obligation.penaltyBps, format.locale),
    bond: format.amount(obligation.toBond),
    due: format.date(obligation.dueDate),
    countdown: formatCountdown(obligation.dueDate, now, format.locale),
  };
  const overdue = obligation.status === "inDebt" && obligation.dueDate <= now;
  return (
    <li data-testid={`obligation-${obligation.reportId}`} className={overdue ? "bad" : undefined}>
      {obligation.status === "enforced"
        ? t("desk.due.enforced", values)
        : t(overdue ? "desk.due.overdue" : "desk.due.debt", values)}{" "}
      {t("desk.due.split", { reserve: format.amount(split.fromReserve), wallet: format.amount(split.fromWallet) })}{" "}
      <button
        type="button"
        data-testid={`pay-due-${obligation.reportId}`}
        disabled={action.busy}
        onClick={() =>
          void action.run(
            (onPhase) =>
              payDue(config, {
                oracle: runtime.contracts.RevenueOracle,
                token: obligation.token,
                reportId: obligation.reportId,
                fromWallet: split.fromWallet,
                account,
                onPhase,
              }),
            () => t("desk.due.paid", { id: values.id, amount: values.amount }),
          )
        }
      >
        {t("desk.due.pay")}
      </button>
    </li>
  );
}

/** Props of {@link DuePanel}. */
export interface DuePanelProps {
  campaigns: readonly StudioCampaign[];
  obligations: readonly StudioObligation[];
  reserves: readonly StudioReserve[];
  account: Address;
  now: number;
  action: ReturnType<typeof useAction>;
}

/** Pending reports, then debts and enforced reports. */
export function DuePanel({ campaigns, obligations, reserves, account, now, action }: DuePanelProps) {
  const { t } = useTranslation();
  const pending = campaigns.some((entry) =>
    entry.reports.some((report) => report.status === "challenge" || report.status === "awaitingSettlement"),
  );
  const titles = new Map(campaigns.map((entry) => [entry.campaign.id, entry.campaign.title] as const));
  return (
    <>
      <h4>{t("desk.due.pendingTitle")}</h4>
      {pending ? (
        <ul data-testid="due-reports">
          {campaigns.map((entry) => (
            <PendingReports key={String(entry.campaign.id)} entry={entry} now={now} />
          ))}
        </ul>
      ) : (
        <p>{t("desk.due.noPending")}</p>
      )}
      <h4>{t("desk.due.debtsTitle")}</h4>
      {obligations.length === 0 ? (
        <p data-testid="no-debts">{t("desk.due.noDebts")}</p>
      ) : (
        <ul data-testid="obligations">
          {obligations.map((obligation) => (
            <ObligationItem
              key={String(obligation.reportId)}
              obligation={obligation}
              title={titles.get(obligation.campaignId) ?? `#${obligation.campaignId}`}
              reserve={reserves.find((reserve) => reserve.token === obligation.token)}
              account={account}
              now={now}
              action={action}
            />
          ))}
        </ul>
      )}
    </>
  );
}
