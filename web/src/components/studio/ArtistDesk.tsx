/**
 * The artist's side of the studio, for the connected account: a suspension notice when an enforced report is
 * unpaid, their campaigns with the bond, the revenue reserve per settlement token, due reports and debts, and the
 * ISRC catalog. Chain reads come from {@link useStudioDesk}; the catalog from the oracle service.
 */
import { useTranslation } from "react-i18next";
import type { Address } from "viem";

import { useDataContext, useToken } from "../../data/hooks.ts";
import { ActionStatus } from "../ActionStatus.tsx";
import { useAction } from "../useAction.ts";
import { useChainTime } from "../useChainTime.ts";
import { useFormat } from "../useFormat.ts";
import { CatalogPanel } from "./CatalogPanel.tsx";
import { DuePanel } from "./DuePanel.tsx";
import { ReservePanel } from "./ReservePanel.tsx";
import { StudioCampaigns } from "./StudioCampaigns.tsx";
import { useStudioDesk } from "./useStudioDesk.ts";

/** The desk of artist `account`. */
export function ArtistDesk({ account }: { account: Address }) {
  const { t } = useTranslation();
  const { runtime } = useDataContext();
  const now = useChainTime();
  const desk = useStudioDesk(account, now);
  const action = useAction();
  const format = useFormat(useToken(runtime.contracts.MockStablecoin).data);
  if (desk.isError) return <p role="alert">{t("app.loadError", { message: desk.error.message })}</p>;
  if (desk.data === undefined) return <p role="status">{t("app.loading")}</p>;
  const { campaigns, reserves, obligations, suspended } = desk.data;
  return (
    <div data-testid="artist-desk">
      {suspended && (
        <p className="bad" role="alert" data-testid="suspended">
          {t("desk.suspended")}
        </p>
      )}
      <ActionStatus state={action.state} format={format} />
      <h3>{t("desk.campaigns.title")}</h3>
      <StudioCampaigns campaigns={campaigns} account={account} now={now} action={action} />
      <h3>{t("desk.reserve.title")}</h3>
      <p>{t("desk.reserve.intro")}</p>
      {reserves.map((reserve) => (
        <ReservePanel key={reserve.token} reserve={reserve} account={account} action={action} />
      ))}
      <h3>{t("desk.due.title")}</h3>
      <DuePanel
        campaigns={campaigns}
        obligations={obligations}
        reserves={reserves}
        account={account}
        now={now}
        action={action}
      />
      <h3>{t("desk.catalog.title")}</h3>
      <p>{t("desk.catalog.intro")}</p>
      <CatalogPanel campaigns={campaigns.map((entry) => entry.campaign)} account={account} />
    </div>
  );
}
