/**
 * Artist studio: the create-campaign wizard — basics (title, description, terms jurisdiction, compliance), funding
 * (goal, hard cap, per-investor limits, deadline), revenue (share, payout cap, duration, vesting, bond), then a
 * review showing the investment contract that will be hashed into `termsHash`. Each step is checked with the hub's
 * own rules before moving on; a revert that still happens is decoded like every other action. Below it, the
 * artist's desk: campaigns and bonds, revenue reserve, due reports and debts, ISRC catalog (components/studio/).
 */
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { zeroAddress } from "viem";
import { useAccount, useConfig, useReadContract } from "wagmi";

import { createCampaign } from "../actions/transactions.ts";
import { ActionStatus } from "../components/ActionStatus.tsx";
import { useAction } from "../components/useAction.ts";
import { ArtistDesk } from "../components/studio/ArtistDesk.tsx";
import { useChainTime } from "../components/useChainTime.ts";
import { useFormat } from "../components/useFormat.ts";
import type { TokenInfo } from "../data/CampaignData.ts";
import { useDataContext, useToken } from "../data/hooks.ts";
import { abis } from "../generated/contracts.ts";
import { FAQ_JURISDICTIONS } from "../legal/faqMarkdown.ts";
import { renderCampaignTerms } from "../legal/terms.ts";
import { validateDraft, type CampaignDraft, type DraftValidation } from "../lib/campaignRules.ts";
import { routeHash } from "../lib/route.ts";

/** The fields of each step, in order. */
const STEPS: readonly (readonly (keyof CampaignDraft)[])[] = [
  ["title", "description", "jurisdiction"],
  ["goal", "hardCap", "minInvestment", "maxPerInvestor", "fundingDays"],
  ["revenueSharePercent", "payoutCap", "shareDurationDays", "vestingDays", "bond"],
];
const STEP_NAMES = ["basics", "funding", "revenue", "review"] as const;

const EMPTY: CampaignDraft = {
  title: "",
  description: "",
  jurisdiction: "US",
  goal: "",
  hardCap: "",
  minInvestment: "",
  maxPerInvestor: "",
  fundingDays: "30",
  revenueSharePercent: "",
  payoutCap: "",
  shareDurationDays: "1095",
  vestingDays: "0",
  bond: "0",
};

function Field({
  name,
  draft,
  setDraft,
  validation,
  shown,
  token,
}: {
  name: keyof CampaignDraft;
  draft: CampaignDraft;
  setDraft: (draft: CampaignDraft) => void;
  validation: DraftValidation;
  shown: boolean;
  token: TokenInfo;
}) {
  const { t } = useTranslation();
  const error = shown && !validation.ok ? validation.errors[name] : undefined;
  const id = `studio-${name}`;
  const common = {
    id,
    "data-testid": id,
    value: draft[name],
    "aria-invalid": error !== undefined,
    "aria-describedby": error === undefined ? undefined : `${id}-error`,
  };
  return (
    <p>
      <label htmlFor={id}>{t(`studio.fields.${name}`, { symbol: token.symbol })}</label>{" "}
      {name === "description" ? (
        <textarea {...common} rows={3} onChange={(event) => setDraft({ ...draft, [name]: event.target.value })} />
      ) : name === "jurisdiction" ? (
        <select {...common} onChange={(event) => setDraft({ ...draft, [name]: event.target.value })}>
          {FAQ_JURISDICTIONS.map((code) => (
            <option key={code} value={code}>
              {code}
            </option>
          ))}
        </select>
      ) : (
        <input
          {...common}
          inputMode={name === "title" ? "text" : "decimal"}
          onChange={(event) => setDraft({ ...draft, [name]: event.target.value })}
        />
      )}
      {error !== undefined && (
        <span id={`${id}-error`} role="alert" className="bad">
          {" "}
          {t(`studio.errors.${error.key}`, error.values)}
        </span>
      )}
    </p>
  );
}

/** The studio page. */
export default function Studio() {
  const { t, i18n } = useTranslation();
  const { address } = useAccount();
  const wagmiConfig = useConfig();
  const { runtime } = useDataContext();
  const tokenAddress = runtime.contracts.MockStablecoin;
  const token = useToken(tokenAddress);
  const format = useFormat(token.data);
  const now = useChainTime();
  const fee = useReadContract({ address: runtime.contracts.EncoreHub, abi: abis.EncoreHub, functionName: "feeBps" });
  const action = useAction();
  const [draft, setDraft] = useState<CampaignDraft>(EMPTY);
  const [compliance, setCompliance] = useState(true);
  const [step, setStep] = useState(0);
  const [shown, setShown] = useState(false);
  const [created, setCreated] = useState<bigint | undefined>();
  const termsLanguage = i18n.language === "fr" ? "fr" : "en";
  const validation = token.data
    ? validateDraft(draft, { decimals: token.data.decimals, symbol: token.data.symbol, now, termsLanguage })
    : undefined;
  const stepValid = (index: number) =>
    validation !== undefined &&
    (validation.ok || STEPS[index].every((field) => validation.errors[field] === undefined));
  const terms = useQuery({
    queryKey: ["draft-terms", address, draft, fee.data, termsLanguage, now],
    enabled: step === 3 && validation?.ok === true && address !== undefined && fee.data !== undefined,
    queryFn: () => {
      if (validation?.ok !== true || address === undefined || fee.data === undefined || token.data === undefined) {
        throw new Error("the draft is not complete");
      }
      return renderCampaignTerms(
        {
          document: { jurisdiction: draft.jurisdiction, version: "v1", language: termsLanguage },
          artist: address,
          token: tokenAddress,
          feeBps: fee.data,
          ...validation.config,
        },
        token.data,
        { chainId: runtime.chainId, hub: runtime.contracts.EncoreHub },
      );
    },
  });

  if (address === undefined) {
    return (
      <section aria-labelledby="studio-title">
        <h2 id="studio-title">{t("studio.title")}</h2>
        <p>{t("studio.connect")}</p>
      </section>
    );
  }
  if (token.data === undefined || validation === undefined) return <p role="status">{t("app.loading")}</p>;
  const tokenInfo = token.data;

  const next = () => {
    setShown(true);
    if (stepValid(step)) {
      setShown(false);
      setStep(step + 1);
    }
  };
  const submit = () => {
    if (!validation.ok || terms.data === undefined) return;
    void action.run(
      (onPhase) =>
        createCampaign(wagmiConfig, {
          hub: runtime.contracts.EncoreHub,
          account: address,
          config: {
            token: tokenAddress,
            ...validation.config,
            termsHash: terms.data.hash,
            metadataURI: validation.metadataURI,
            compliance: compliance ? runtime.contracts.ComplianceRegistry : zeroAddress,
          },
          onPhase,
        }),
      (id) => {
        setCreated(id);
        return t("studio.created", { id: String(id) });
      },
    );
  };

  return (
    <section aria-labelledby="studio-title">
      <h2 id="studio-title">{t("studio.title")}</h2>
      <p>{t("studio.intro")}</p>
      <h3 data-testid="studio-step">
        {t("studio.step", { n: step + 1, total: STEP_NAMES.length })} · {t(`studio.steps.${STEP_NAMES[step]}`)}
      </h3>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          if (step < 3) next();
          else submit();
        }}
      >
        {step < 3 &&
          STEPS[step].map((name) => (
            <Field
              key={name}
              name={name}
              draft={draft}
              setDraft={setDraft}
              validation={validation}
              shown={shown}
              token={tokenInfo}
            />
          ))}
        {step === 0 && (
          <p>
            <label>
              <input
                type="checkbox"
                data-testid="studio-compliance"
                checked={compliance}
                onChange={(event) => setCompliance(event.target.checked)}
              />{" "}
              {t("studio.compliance")}
            </label>
          </p>
        )}
        {step === 3 && validation.ok && (
          <>
            <p>{t("studio.reviewIntro")}</p>
            <ul data-testid="studio-review">
              <li>
                {t("studio.review.raiseGoal", {
                  goal: format.amount(validation.config.goal),
                  hardCap: format.amount(validation.config.hardCap),
                })}
              </li>
              <li>{t("studio.review.deadline", { when: format.date(Number(validation.config.fundingDeadline)) })}</li>
              <li>{t("studio.review.share", { percent: draft.revenueSharePercent, days: draft.shareDurationDays })}</li>
              <li>{t("studio.review.bond", { bond: format.amount(validation.config.bond) })}</li>
              {fee.data !== undefined && <li>{t("studio.review.fee", { percent: (fee.data / 100).toString() })}</li>}
            </ul>
            {terms.isPending && <p role="status">{t("app.loading")}</p>}
            {terms.isError && <p role="alert">{t("terms.renderError", { message: terms.error.message })}</p>}
            {terms.data && (
              <>
                <p>
                  {t("studio.termsHash")}{" "}
                  <span className="mono" data-testid="studio-terms-hash">
                    {terms.data.hash}
                  </span>
                </p>
                <pre className="terms-text" tabIndex={0} aria-label={t("terms.textLabel")}>
                  {terms.data.text}
                </pre>
              </>
            )}
          </>
        )}
        <p>
          {step > 0 && created === undefined && (
            <button type="button" data-testid="studio-back" onClick={() => setStep(step - 1)} disabled={action.busy}>
              {t("studio.back")}
            </button>
          )}{" "}
          {step < 3 ? (
            <button type="submit" data-testid="studio-next">
              {t("studio.next")}
            </button>
          ) : (
            created === undefined && (
              <button type="submit" data-testid="studio-create" disabled={terms.data === undefined || action.busy}>
                {t("studio.create")}
              </button>
            )
          )}
        </p>
      </form>
      <ActionStatus state={action.state} format={format} />
      {created !== undefined && (
        <p>
          <a data-testid="studio-open" href={routeHash({ page: "campaign", id: created })}>
            {t("studio.open")}
          </a>
        </p>
      )}
      <ArtistDesk account={address} />
    </section>
  );
}
