/** Portfolio: the connected fan's positions with share, invested and claimable; claim revenue, refund failures. */
import { useTranslation } from "react-i18next";
import { useAccount, useConfig } from "wagmi";

import { claimRevenue, takeRefund } from "../actions/transactions.ts";
import { ActionStatus } from "../components/ActionStatus.tsx";
import { useAction } from "../components/useAction.ts";
import { useFormat } from "../components/useFormat.ts";
import type { Position } from "../data/CampaignData.ts";
import { useDataContext, usePortfolio, useToken, useTokenBalance } from "../data/hooks.ts";
import { formatRatio, ratio } from "../lib/format.ts";
import { routeHash } from "../lib/route.ts";

function PositionRow({ position, action }: { position: Position; action: ReturnType<typeof useAction> }) {
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
              <th scope="col">{t("portfolio.claimable")}</th>
              <th scope="col">{t("portfolio.actions")}</th>
            </tr>
          </thead>
          <tbody>
            {portfolio.data.map((position) => (
              <PositionRow key={String(position.campaign.id)} position={position} action={action} />
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
