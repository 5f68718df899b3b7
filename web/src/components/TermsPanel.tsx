/**
 * The investment contract of a campaign: renders its text from the creation parameters on request and shows
 * whether that text hashes to the campaign's on-chain `termsHash` (the proof that what the fan reads is what the
 * artist committed to).
 */
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";

import type { Campaign, TokenInfo } from "../data/CampaignData.ts";
import { useDataContext } from "../data/hooks.ts";
import { checkCampaignTerms } from "../legal/terms.ts";

/** Props of {@link TermsPanel}. */
export interface TermsPanelProps {
  campaign: Campaign;
  token: TokenInfo | undefined;
}

/** The terms section of the Campaign page. */
export function TermsPanel({ campaign, token }: TermsPanelProps) {
  const { t } = useTranslation();
  const { runtime } = useDataContext();
  const [open, setOpen] = useState(false);
  const source = campaign.termsSource;
  const check = useQuery({
    queryKey: ["terms", String(campaign.id)],
    queryFn: () =>
      checkCampaignTerms(
        source!,
        token!,
        { chainId: runtime.chainId, hub: runtime.contracts.EncoreHub },
        campaign.termsHash,
      ),
    enabled: open && source !== undefined && token !== undefined,
    staleTime: Infinity,
    retry: false,
  });
  return (
    <section aria-labelledby="terms-title" data-testid="terms">
      <h3 id="terms-title">{t("terms.title")}</h3>
      <p>
        {t("terms.onchain")} <span className="mono">{campaign.termsHash}</span>
      </p>
      {source === undefined ? (
        <p>{t("terms.unknownTemplate")}</p>
      ) : (
        <>
          <p>{t("terms.template", { ...source.document })}</p>
          {!open && (
            <button type="button" data-testid="terms-open" onClick={() => setOpen(true)}>
              {t("terms.show")}
            </button>
          )}
        </>
      )}
      {open && check.isPending && <p role="status">{t("app.loading")}</p>}
      {check.isError && <p role="alert">{t("terms.renderError", { message: check.error.message })}</p>}
      {check.data && (
        <>
          <p role="status" data-testid="terms-proof" className={check.data.matches ? "ok" : "bad"}>
            {check.data.matches
              ? t("terms.matches", { hash: check.data.computedHash })
              : t("terms.mismatch", { computed: check.data.computedHash, onchain: check.data.onchainHash })}
          </p>
          <pre className="terms-text" tabIndex={0} aria-label={t("terms.textLabel")}>
            {check.data.text}
          </pre>
        </>
      )}
    </section>
  );
}
