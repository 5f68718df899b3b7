/**
 * The holder's revenue statement (per campaign: gross reported → credited to holders → yours → paid) and history
 * (investments, transfers, claims, refunds), each downloadable as CSV.
 */
import { useTranslation } from "react-i18next";
import type { Address } from "viem";

import type { Activity, TokenInfo } from "../data/CampaignData.ts";
import { historyCsv, statementCsv } from "../lib/csv.ts";
import { useFormat } from "./useFormat.ts";

/** Starts the download of `text` as `name` (a Blob URL, revoked right after). */
function download(name: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: "text/csv;charset=utf-8" }));
  const link = document.createElement("a");
  link.href = url;
  link.download = name;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

/** Props of {@link PortfolioActivity}. */
export interface PortfolioActivityProps {
  account: Address;
  activity: Activity;
  token: TokenInfo;
  titles: ReadonlyMap<bigint, string>;
}

/** Statement and history tables of the Portfolio page. */
export function PortfolioActivity({ account, activity, token, titles }: PortfolioActivityProps) {
  const { t } = useTranslation();
  const format = useFormat(token);
  const title = (id: bigint) => titles.get(id) ?? `#${id}`;
  const stem = `encore-${account.slice(0, 10).toLowerCase()}`;
  return (
    <>
      <section aria-labelledby="statement-title">
        <h3 id="statement-title">{t("portfolio.statementTitle")}</h3>
        <p>{t("portfolio.statementIntro")}</p>
        <table data-testid="statement">
          <thead>
            <tr>
              <th scope="col">{t("portfolio.campaign")}</th>
              <th scope="col">{t("portfolio.grossReported")}</th>
              <th scope="col">{t("portfolio.toHolders")}</th>
              <th scope="col">{t("portfolio.accrued")}</th>
              <th scope="col">{t("portfolio.paid")}</th>
            </tr>
          </thead>
          <tbody>
            {activity.statement.map((line) => (
              <tr key={String(line.campaignId)} data-testid={`statement-${line.campaignId}`}>
                <th scope="row">{title(line.campaignId)}</th>
                <td>{format.amount(line.grossReported)}</td>
                <td>{format.amount(line.toHolders)}</td>
                <td>{format.amount(line.accrued)}</td>
                <td>{format.amount(line.paid)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <button
          type="button"
          data-testid="download-statement"
          onClick={() =>
            download(`${stem}-statement.csv`, statementCsv(activity.statement, titles, token.decimals, token.symbol))
          }
        >
          {t("portfolio.downloadStatement")}
        </button>
      </section>
      <section aria-labelledby="history-title">
        <h3 id="history-title">{t("portfolio.historyTitle")}</h3>
        {activity.entries.length === 0 ? (
          <p>{t("portfolio.noHistory")}</p>
        ) : (
          <table data-testid="history">
            <thead>
              <tr>
                <th scope="col">{t("portfolio.date")}</th>
                <th scope="col">{t("portfolio.campaign")}</th>
                <th scope="col">{t("portfolio.event")}</th>
                <th scope="col">{t("portfolio.amount")}</th>
              </tr>
            </thead>
            <tbody>
              {activity.entries.map((entry) => (
                <tr key={`${entry.transactionHash}-${entry.kind}-${entry.campaignId}`}>
                  <td>{format.date(entry.timestamp)}</td>
                  <th scope="row">{title(entry.campaignId)}</th>
                  <td>{t(`portfolio.kind.${entry.kind}`)}</td>
                  <td>{format.amount(entry.amount)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <button
          type="button"
          data-testid="download-history"
          onClick={() => download(`${stem}-history.csv`, historyCsv(activity.entries, token.decimals, token.symbol))}
        >
          {t("portfolio.downloadHistory")}
        </button>
      </section>
    </>
  );
}
