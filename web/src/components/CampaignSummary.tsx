/** Progress and terms of a campaign in plain words, shared by Discover cards and the Campaign page. */
import { useTranslation } from "react-i18next";

import type { Campaign, TokenInfo } from "../data/CampaignData.ts";
import { formatBps, formatCountdown, formatDuration, ratio } from "../lib/format.ts";
import { useFormat } from "./useFormat.ts";

/** Props of {@link CampaignSummary}. */
export interface CampaignSummaryProps {
  campaign: Campaign;
  token: TokenInfo | undefined;
  /** Chain time (Unix seconds) the countdown counts from. */
  now: number;
}

/** Raised/goal/cap bar, deadline countdown, revenue share, duration and payout cap. */
export function CampaignSummary({ campaign, token, now }: CampaignSummaryProps) {
  const { t } = useTranslation();
  const format = useFormat(token);
  const when = formatCountdown(campaign.fundingDeadline, now, format.locale);
  const open = campaign.state === "Funding" && campaign.fundingDeadline > now;
  return (
    <div className="summary">
      <progress max={1} value={Math.min(1, ratio(campaign.raised, campaign.goal))} aria-hidden="true" />
      <p data-testid="progress">
        {t("discover.progress", {
          raised: format.amount(campaign.raised),
          goal: format.amount(campaign.goal),
          hardCap: format.amount(campaign.hardCap),
        })}
      </p>
      <p>{t(open ? "discover.closes" : "discover.closed", { when })}</p>
      <p>
        {t("discover.share", {
          share: formatBps(campaign.revenueShareBps, format.locale),
          duration: formatDuration(campaign.shareDuration, format.locale),
        })}{" "}
        {campaign.payoutCap === 0n
          ? t("discover.noPayoutCap")
          : t("discover.payoutCap", { cap: format.amount(campaign.payoutCap) })}
      </p>
    </div>
  );
}
