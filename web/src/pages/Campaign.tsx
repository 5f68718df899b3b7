/**
 * Campaign: details, the share an amount would buy, invest with permit or by card, a returning card payment's state,
 * and the connected fan's position.
 */
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { parseUnits, zeroAddress } from "viem";
import { useAccount, useConfig } from "wagmi";

import { investWithPermit } from "../actions/transactions.ts";
import { ActionStatus } from "../components/ActionStatus.tsx";
import { CardInvest, CardPaymentStatus } from "../components/CardCheckout.tsx";
import { CampaignSummary } from "../components/CampaignSummary.tsx";
import { RevenuePanel } from "../components/RevenuePanel.tsx";
import { TermsPanel } from "../components/TermsPanel.tsx";
import { useAction } from "../components/useAction.ts";
import { useChainTime } from "../components/useChainTime.ts";
import { useFormat } from "../components/useFormat.ts";
import type { Campaign as CampaignModel, TokenInfo } from "../data/CampaignData.ts";
import { useCampaign, useDataContext, usePortfolio, useToken } from "../data/hooks.ts";
import { paymentReturn } from "../lib/cardCheckout.ts";
import { formatRatio, ratio, shareOfInvestment } from "../lib/format.ts";
import { routeHash } from "../lib/route.ts";

/** `text` as base units, or undefined when it is not a positive decimal with at most `decimals` places. */
function parseAmount(text: string, decimals: number): bigint | undefined {
  if (!/^\d+(\.\d+)?$/.test(text.trim())) return undefined;
  const [, fraction = ""] = text.trim().split(".");
  if (fraction.length > decimals) return undefined;
  const units = parseUnits(text.trim(), decimals);
  return units > 0n ? units : undefined;
}

function InvestForm({ campaign, token, held }: { campaign: CampaignModel; token: TokenInfo; held: bigint }) {
  const { t } = useTranslation();
  const config = useConfig();
  const { runtime } = useDataContext();
  const { address } = useAccount();
  const format = useFormat(token);
  const action = useAction();
  const [text, setText] = useState("");
  const amount = parseAmount(text, token.decimals);
  const valid = amount !== undefined && amount >= campaign.minInvestment;
  const share = amount === undefined ? undefined : shareOfInvestment(amount, campaign.raised, campaign.hardCap, held);
  if (address === undefined) return <p>{t("campaign.connect")}</p>;
  return (
    <form
      aria-labelledby="invest-title"
      onSubmit={(event) => {
        event.preventDefault();
        if (!valid) return;
        void action.run(
          (onPhase) =>
            investWithPermit(config, {
              hub: runtime.contracts.EncoreHub,
              token: campaign.token,
              campaignId: campaign.id,
              amount,
              account: address,
              onPhase,
            }),
          () => t("campaign.invested", { amount: format.amount(amount) }),
        );
      }}
    >
      <h3 id="invest-title">{t("campaign.investTitle")}</h3>
      <label>
        {t("campaign.amount", { symbol: token.symbol })}{" "}
        <input
          data-testid="invest-amount"
          inputMode="decimal"
          value={text}
          onChange={(event) => setText(event.target.value)}
        />
      </label>
      {share !== undefined && amount !== undefined && (
        <p data-testid="share-preview">
          {t("campaign.buys", {
            amount: format.amount(amount),
            now: formatRatio(share.now, format.locale),
            atCap: formatRatio(share.atHardCap, format.locale),
          })}
        </p>
      )}
      {text !== "" && !valid && <p>{t("campaign.invalidAmount", { min: format.amount(campaign.minInvestment) })}</p>}
      <button type="submit" data-testid="invest-submit" disabled={!valid || action.busy}>
        {t("campaign.invest")}
      </button>
      <ActionStatus state={action.state} format={format} />
    </form>
  );
}

/** Props of the Campaign page. */
export interface CampaignPageProps {
  id: bigint;
}

/** The Campaign page. */
export default function Campaign({ id }: CampaignPageProps) {
  const { t } = useTranslation();
  const campaign = useCampaign(id);
  const token = useToken(campaign.data?.token);
  const { address } = useAccount();
  const portfolio = usePortfolio(address);
  const now = useChainTime();
  const format = useFormat(token.data);
  const position = portfolio.data?.find((entry) => entry.campaign.id === id);
  // Back from Stripe Checkout: the return URL names the payment (`?payment=pay_…#/campaign/<id>`).
  const [returned] = useState(() => paymentReturn(window.location.search));
  return (
    <section aria-labelledby="campaign-title">
      <p>
        <a href={routeHash({ page: "discover" })}>{t("campaign.back")}</a>
      </p>
      {campaign.isPending && <p role="status">{t("app.loading")}</p>}
      {campaign.isError && <p role="alert">{t("app.loadError", { message: campaign.error.message })}</p>}
      {campaign.data === null && <p role="alert">{t("campaign.notFound", { id: String(id) })}</p>}
      {campaign.data && (
        <>
          <h2 id="campaign-title">{campaign.data.title}</h2>
          <p className={`badge ${campaign.data.state}`}>{t(`state.${campaign.data.state}`)}</p>
          <p>{campaign.data.description}</p>
          <dl>
            <dt>{t("campaign.artist")}</dt>
            <dd className="mono">{campaign.data.artist}</dd>
          </dl>
          <CampaignSummary campaign={campaign.data} token={token.data} now={now} />
          <p>{t("campaign.minInvestment", { amount: format.amount(campaign.data.minInvestment) })}</p>
          {campaign.data.compliance !== zeroAddress && <p>{t("campaign.compliance")}</p>}
          {position && (
            <p data-testid="position">
              {t("campaign.position", {
                amount: format.amount(position.shares),
                share: formatRatio(ratio(position.shares, position.totalSupply), format.locale),
              })}
            </p>
          )}
          {returned !== undefined && (
            <CardPaymentStatus
              paymentId={returned.paymentId}
              campaignId={id}
              cancelled={returned.cancelled}
              token={token.data}
            />
          )}
          {campaign.data.state !== "Funding" || campaign.data.fundingDeadline <= now ? (
            <p>{t("campaign.notFunding")}</p>
          ) : (
            token.data && (
              <>
                <InvestForm campaign={campaign.data} token={token.data} held={position?.shares ?? 0n} />
                {address !== undefined && <CardInvest campaign={campaign.data} token={token.data} wallet={address} />}
              </>
            )
          )}
          <RevenuePanel campaign={campaign.data} token={token.data} />
          <TermsPanel campaign={campaign.data} token={token.data} />
        </>
      )}
    </section>
  );
}
