/** FAQ & legal: the per-country investor FAQ, how payouts and sanctions work, and the deployed contract addresses. */
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";

import { useDataContext } from "../data/hooks.ts";
import { loadFaq } from "../legal/faq.ts";
import { FAQ_JURISDICTIONS, faqLanguage, type FaqBlock, type FaqJurisdiction } from "../legal/faqMarkdown.ts";

function Block({ block }: { block: FaqBlock }) {
  switch (block.kind) {
    case "title":
      return <h3>{block.text}</h3>;
    case "heading":
      return <h4>{block.text}</h4>;
    case "note":
      return <p className="note">{block.text}</p>;
    case "paragraph":
      return <p>{block.text}</p>;
    case "list":
      return (
        <ul>
          {block.items.map((item) => (
            <li key={item}>{item}</li>
          ))}
        </ul>
      );
  }
}

/** The name of a jurisdiction in the UI language (`EU` is the European Union). */
function jurisdictionName(code: FaqJurisdiction, language: string, euName: string): string {
  if (code === "EU") return euName;
  return new Intl.DisplayNames([language], { type: "region" }).of(code) ?? code;
}

/** The FAQ & legal page. */
export default function Legal() {
  const { t, i18n } = useTranslation();
  const { runtime } = useDataContext();
  const [jurisdiction, setJurisdiction] = useState<FaqJurisdiction>("US");
  const language = faqLanguage(i18n.language);
  const faq = useQuery({
    queryKey: ["faq", jurisdiction, language],
    queryFn: () => loadFaq(jurisdiction, language),
    staleTime: Infinity,
  });
  return (
    <section aria-labelledby="legal-title">
      <h2 id="legal-title">{t("legal.title")}</h2>
      <p>{t("legal.intro")}</p>

      <h3>{t("legal.howTitle")}</h3>
      <ul>
        <li>{t("legal.escrow")}</li>
        <li>{t("legal.payouts")}</li>
        <li>{t("legal.capDuration")}</li>
        <li>{t("legal.sanctions")}</li>
        <li>{t("legal.transfers")}</li>
        <li>{t("legal.data")}</li>
      </ul>

      <h3 id="faq-title">{t("legal.faqTitle")}</h3>
      <label>
        {t("legal.country")}{" "}
        <select
          data-testid="faq-country"
          value={jurisdiction}
          onChange={(event) => setJurisdiction(event.target.value as FaqJurisdiction)}
        >
          {FAQ_JURISDICTIONS.map((code) => (
            <option key={code} value={code}>
              {jurisdictionName(code, i18n.language, t("legal.eu"))}
            </option>
          ))}
        </select>
      </label>
      {language !== i18n.language && <p className="note">{t("legal.faqLanguages")}</p>}
      {faq.isPending && <p role="status">{t("app.loading")}</p>}
      {faq.isError && <p role="alert">{t("app.loadError", { message: faq.error.message })}</p>}
      {faq.data && (
        <article aria-labelledby="faq-title" data-testid="faq" lang={language}>
          {faq.data.map((block, index) => (
            <Block key={index} block={block} />
          ))}
        </article>
      )}

      <h3>{t("legal.contractsTitle")}</h3>
      <p>{t("legal.contractsIntro", { chainId: runtime.chainId })}</p>
      <dl data-testid="contracts">
        {Object.entries(runtime.contracts).map(([name, address]) => (
          <div key={name}>
            <dt>{name}</dt>
            <dd className="mono">{address}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}
