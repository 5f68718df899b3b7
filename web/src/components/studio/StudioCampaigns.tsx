/**
 * The artist's campaigns: state, raise and bond, with when the bond unlocks. The hub lets the bond be withdrawn
 * (never topped up) once the campaign failed, or its payout cap is reached, or 180 days after the share window —
 * and only while the oracle holds no pending report or open debt on it; the button appears exactly then.
 */
import { useTranslation } from "react-i18next";
import { useConfig } from "wagmi";
import type { Address } from "viem";

import { withdrawBond } from "../../actions/studio.ts";
import type { StudioCampaign } from "../../data/chainStudio.ts";
import { useDataContext, useToken } from "../../data/hooks.ts";
import { formatCountdown } from "../../lib/format.ts";
import { routeHash } from "../../lib/route.ts";
import type { useAction } from "../useAction.ts";
import { useFormat } from "../useFormat.ts";

function BondCell({ entry, now }: { entry: StudioCampaign; now: number }) {
  const { t } = useTranslation();
  const format = useFormat(useToken(entry.campaign.token).data);
  if (entry.bond === 0n) return <>{t("desk.campaigns.noBond")}</>;
  const amount = format.amount(entry.bond);
  if (entry.bondUnlockTime === undefined) return <>{t("desk.campaigns.bondFunding", { amount })}</>;
  if (entry.bondUnlockTime > now) {
    return (
      <>
        {t("desk.campaigns.bondLocked", {
          amount,
          when: format.date(entry.bondUnlockTime),
          countdown: formatCountdown(entry.bondUnlockTime, now, format.locale),
        })}
      </>
    );
  }
  if (entry.bondLockedByOracle) return <>{t("desk.campaigns.bondOracle", { amount })}</>;
  return <>{t("desk.campaigns.bondFree", { amount })}</>;
}

/** Props of {@link StudioCampaigns}. */
export interface StudioCampaignsProps {
  campaigns: readonly StudioCampaign[];
  account: Address;
  now: number;
  action: ReturnType<typeof useAction>;
}

/** The "my campaigns" table. */
export function StudioCampaigns({ campaigns, account, now, action }: StudioCampaignsProps) {
  const { t } = useTranslation();
  const config = useConfig();
  const { runtime } = useDataContext();
  const withdrawable = (entry: StudioCampaign) =>
    entry.bond > 0n && entry.bondUnlockTime !== undefined && entry.bondUnlockTime <= now && !entry.bondLockedByOracle;
  if (campaigns.length === 0) return <p>{t("desk.campaigns.none")}</p>;
  return (
    <table data-testid="desk-campaigns">
      <thead>
        <tr>
          <th scope="col">{t("portfolio.campaign")}</th>
          <th scope="col">{t("portfolio.state")}</th>
          <th scope="col">{t("desk.campaigns.bond")}</th>
          <th scope="col">{t("portfolio.actions")}</th>
        </tr>
      </thead>
      <tbody>
        {campaigns.map((entry) => {
          const { campaign } = entry;
          return (
            <tr key={String(campaign.id)} data-testid={`desk-campaign-${campaign.id}`}>
              <th scope="row">
                <a href={routeHash({ page: "campaign", id: campaign.id })}>{campaign.title}</a>
              </th>
              <td>{t(`state.${campaign.state}`)}</td>
              <td data-testid="desk-bond">
                <BondCell entry={entry} now={now} />
              </td>
              <td>
                {withdrawable(entry) && (
                  <button
                    type="button"
                    data-testid={`withdraw-bond-${campaign.id}`}
                    disabled={action.busy}
                    onClick={() =>
                      void action.run(
                        (onPhase) =>
                          withdrawBond(config, {
                            hub: runtime.contracts.EncoreHub,
                            campaignId: campaign.id,
                            account,
                            onPhase,
                          }),
                        () => t("desk.campaigns.bondWithdrawn", { id: String(campaign.id) }),
                      )
                    }
                  >
                    {t("desk.campaigns.withdrawBond")}
                  </button>
                )}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
