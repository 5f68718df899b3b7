/**
 * Portfolio: the connected fan's positions with share, invested, accrued and claimable; claim one or all, refund
 * failures; the revenue statement and history with CSV export.
 */
import { useTranslation } from "react-i18next";
import { useAccount, useConfig } from "wagmi";

import { claimAll, claimRevenue, takeRefund } from "../actions/transactions.ts";
import { ActionStatus } from "../components/ActionStatus.tsx";
import { PortfolioActivity } from "../components/PortfolioActivity.tsx";
import { useAction } from "../components/useAction.ts";
import { useFormat } from "../components/useFormat.ts";
import type { Position } from "../data/CampaignData.ts";
import { useActivity, useCampaigns, useDataContext, usePortfolio, useToken, useTokenBalance } from "../data/hooks.ts";
import { formatRatio, ratio } from "../lib/format.ts";
import { routeHash } from "../lib/route.ts";

function PositionRow({
  position,
  accrued,
  action,
}: {
  position: Position;
  /** Claimed + claimable, once the history is loaded. */
  accrued: bigint | undefined;
  action: ReturnType<typeof useAction>;
}) {
  const { t } = useTranslation();
  const config = useConfig();
  const { runtime } = useDataContext();
  const { address } = useAccount();
  const token = useToken(position.campaign.token);
  const format = useFormat(token.data);
  const { campaign } = position;
  const params = (onPhase: Parameters<typeof claimRevenue>[1]["onPhase"]) => ({
    hub: runtime.contracts.EncoreHub,
    campaignId: campaign.id,
    account: address!,
    onPhase,
  });
  return (
    <tr data-testid={`position-${campaign.id}`}>
      <th scope="row">
        <a href={routeHash({ page: "campaign", id: campaign.id })}>{campaign.title}</a>
      </th>
      <td>{t(`state.${campaign.state}`)}</td>
      <td data-testid="invested">{format.amount(position.shares)}</td>
      <td>{formatRatio(ratio(position.shares, position.totalSupply), format.locale)}</td>
      <td data-testid="accrued">{accrued === undefined ? "…" : format.amount(accrued)}</td>
      <td data-testid="claimable">{format.amount(position.claimable)}</td>
      <td>
        {position.claimable > 0n && (
          <button
            type="button"
            data-testid={`claim-${campaign.id}`}
            disabled={action.busy}
            onClick={() =>
              void action.run(
                (onPhase) => claimRevenue(config, params(onPhase)),
                (amount) => t("portfolio.claimed", { amount: format.amount(amount) }),
              )
            }
          >
            {t("portfolio.claim")}
          </button>
        )}
        {campaign.state === "Failed" && position.shares > 0n && (
          <button
            type="button"
            data-testid={`refund-${campaign.id}`}
            disabled={action.busy}
            onClick={() =>
              void action.run(
                (onPhase) => takeRefund(config, params(onPhase), position.shares),
                (amount) => t("portfolio.refunded", { amount: format.amount(amount) }),
              )
            }
          >
            {t("portfolio.refund")}
          </button>
        )}
      </td>
    </tr>
  );
}

/** The Portfolio page. */
export default function Portfolio() {
  const { t } = useTranslation();
  const { address } = useAccount();
  const portfolio = usePortfolio(address);
  const tokenAddress = portfolio.data?.[0]?.campaign.token;
  const token = useToken(tokenAddress);
  const balance = useTokenBalance(tokenAddress, address);
  const format = useFormat(token.data);
  const activity = useActivity(address);
  const config = useConfig();
  const { runtime } = useDataContext();
  const claimableIds = (portfolio.data ?? []).filter((p) => p.claimable > 0n).map((p) => p.campaign.id);
  const accruedOf = (id: bigint) => activity.data?.statement.find((line) => line.campaignId === id)?.accrued;
  // Titles of every campaign: the history also names campaigns no longer held (refunded, sold).
  const campaigns = useCampaigns();
  const titles = new Map((campaigns.data ?? []).map((campaign) => [campaign.id, campaign.title] as const));
  // One action state for the page: a refunded position leaves the table, its message must stay.
  const action = useAction();
  return (
    <section aria-labelledby="portfolio-title">
      <h2 id="portfolio-title">{t("portfolio.title")}</h2>
      {address === undefined && <p>{t("portfolio.connect")}</p>}
      {portfolio.isLoading && <p role="status">{t("app.loading")}</p>}
      {portfolio.isError && <p role="alert">{t("app.loadError", { message: portfolio.error.message })}</p>}
      {balance.data !== undefined && (
        <p data-testid="wallet-balance">{t("portfolio.balance", { amount: format.amount(balance.data) })}</p>
      )}
      <ActionStatus state={action.state} format={format} />
      {portfolio.data?.length === 0 && <p>{t("portfolio.empty")}</p>}
      {portfolio.data !== undefined && portfolio.data.length > 0 && (
        <table>
          <thead>
            <tr>
              <th scope="col">{t("portfolio.campaign")}</th>
              <th scope="col">{t("portfolio.state")}</th>
              <th scope="col">{t("portfolio.invested")}</th>
              <th scope="col">{t("portfolio.share")}</th>
              <th scope="col">{t("portfolio.accrued")}</th>
              <th scope="col">{t("portfolio.claimable")}</th>
              <th scope="col">{t("portfolio.actions")}</th>
            </tr>
          </thead>
          <tbody>
            {portfolio.data.map((position) => (
              <PositionRow
                key={String(position.campaign.id)}
                position={position}
                accrued={accruedOf(position.campaign.id)}
                action={action}
              />
            ))}
          </tbody>
        </table>
      )}
      {address !== undefined && claimableIds.length > 1 && (
        <button
          type="button"
          data-testid="claim-all"
          disabled={action.busy}
          onClick={() =>
            void action.run(
              (onPhase) =>
                claimAll(config, {
                  hub: runtime.contracts.EncoreHub,
                  campaignIds: claimableIds,
                  account: address,
                  onPhase,
                }),
              (amount) => t("portfolio.claimedAll", { amount: format.amount(amount), count: claimableIds.length }),
            )
          }
        >
          {t("portfolio.claimAll", { count: claimableIds.length })}
        </button>
      )}
      {activity.isError && <p role="alert">{t("app.loadError", { message: activity.error.message })}</p>}
      {address !== undefined && activity.data !== undefined && token.data !== undefined && (
        <PortfolioActivity account={address} activity={activity.data} token={token.data} titles={titles} />
      )}
    </section>
  );
}
