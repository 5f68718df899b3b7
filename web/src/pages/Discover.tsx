/** Discover: every campaign with a state filter, progress, countdown and terms in plain words. */
import { useState } from "react";
import { useTranslation } from "react-i18next";

import { CampaignSummary } from "../components/CampaignSummary.tsx";
import { useChainTime } from "../components/useChainTime.ts";
import { CAMPAIGN_STATES, type Campaign, type CampaignState } from "../data/CampaignData.ts";
import { useCampaigns, useToken } from "../data/hooks.ts";
import { routeHash } from "../lib/route.ts";

function CampaignCard({ campaign, now }: { campaign: Campaign; now: number }) {
  const { t } = useTranslation();
  const token = useToken(campaign.token);
  return (
    <li className="card" data-testid={`campaign-card-${campaign.id}`}>
      <h3>{campaign.title}</h3>
      <p className={`badge ${campaign.state}`}>{t(`state.${campaign.state}`)}</p>
      <CampaignSummary campaign={campaign} token={token.data} now={now} />
      <a href={routeHash({ page: "campaign", id: campaign.id })}>{t("discover.open")}</a>
    </li>
  );
}

/** The Discover page. */
export default function Discover() {
  const { t } = useTranslation();
  const campaigns = useCampaigns();
  const now = useChainTime();
  const [filter, setFilter] = useState<CampaignState | "all">("all");
  const shown = (campaigns.data ?? []).filter((campaign) => filter === "all" || campaign.state === filter);
  return (
    <section aria-labelledby="discover-title">
      <h2 id="discover-title">{t("discover.title")}</h2>
      <div role="group" aria-label={t("discover.filter")} className="filters">
        {(["all", ...CAMPAIGN_STATES] as const).map((state) => (
          <button
            key={state}
            type="button"
            aria-pressed={filter === state}
            data-testid={`filter-${state}`}
            onClick={() => setFilter(state)}
          >
            {t(`state.${state}`)}
          </button>
        ))}
      </div>
      {campaigns.isPending && <p role="status">{t("app.loading")}</p>}
      {campaigns.isError && <p role="alert">{t("app.loadError", { message: campaigns.error.message })}</p>}
      {campaigns.isSuccess && shown.length === 0 && <p>{t("discover.empty")}</p>}
      <ul className="cards">
        {shown.map((campaign) => (
          <CampaignCard key={String(campaign.id)} campaign={campaign} now={now} />
        ))}
      </ul>
    </section>
  );
}
