/**
 * A campaign's revenue: a bar chart of each oracle report's gross revenue and what reached holders, the reports
 * with their status and challenge window, and the "verify a statement line" tool (a line's Merkle proof from an
 * operator's service, checked here against the root the chain recorded).
 */
import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { Hex } from "viem";

import type { Campaign, OracleReport, TokenInfo } from "../data/CampaignData.ts";
import { useDataContext, useReports } from "../data/hooks.ts";
import { verifyStatementLine } from "../lib/merkleProof.ts";
import { useChainTime } from "./useChainTime.ts";
import { useFormat } from "./useFormat.ts";

const CHART = { width: 640, height: 180, pad: 28 };

/** Bars per report: gross (light) and paid to holders (dark); an SVG with a text alternative. */
function RevenueChart({ reports, token }: { reports: OracleReport[]; token: TokenInfo | undefined }) {
  const { t } = useTranslation();
  const format = useFormat(token);
  const max = reports.reduce((top, report) => (report.grossRevenue > top ? report.grossRevenue : top), 1n);
  const slot = (CHART.width - CHART.pad) / Math.max(reports.length, 1);
  const bar = (value: bigint) => Number((value * BigInt(CHART.height - CHART.pad)) / max);
  const summary = reports
    .map((report) =>
      t("revenue.chartItem", {
        period: format.date(report.periodEnd),
        gross: format.amount(report.grossRevenue),
        paid: format.amount(report.paid),
      }),
    )
    .join("; ");
  return (
    <figure>
      <svg
        role="img"
        aria-label={`${t("revenue.chartTitle")}: ${summary}`}
        viewBox={`0 0 ${CHART.width} ${CHART.height}`}
        width="100%"
        style={{ maxWidth: CHART.width }}
      >
        <line
          x1={CHART.pad}
          y1={CHART.height - CHART.pad}
          x2={CHART.width}
          y2={CHART.height - CHART.pad}
          stroke="#888"
        />
        {reports.map((report, index) => {
          const x = CHART.pad + index * slot + slot * 0.15;
          const width = slot * 0.35;
          const base = CHART.height - CHART.pad;
          return (
            <g key={String(report.reportId)}>
              <rect
                x={x}
                y={base - bar(report.grossRevenue)}
                width={width}
                height={bar(report.grossRevenue)}
                fill="#9bb7e0"
              />
              <rect x={x + width} y={base - bar(report.paid)} width={width} height={bar(report.paid)} fill="#1f4e96" />
              <text x={x + width} y={CHART.height - 8} fontSize="11" textAnchor="middle">
                {new Date(report.periodEnd * 1000).toISOString().slice(0, 7)}
              </text>
            </g>
          );
        })}
      </svg>
      <figcaption>{t("revenue.legend")}</figcaption>
    </figure>
  );
}

/** The proof answer of the service (the fields the check needs). */
interface ProofAnswer {
  onchainReportId: string | null;
  leafEncoding: string[];
  values: string[];
  proof: Hex[];
  leaf: { isrc: string; amountUnits: string; campaignAmount: string; lineNo: string };
}

type VerifyState =
  | { status: "idle" }
  | { status: "pending" }
  | { status: "done"; ok: boolean; answer: ProofAnswer; root: Hex }
  | { status: "error"; message: string };

/** Fetches a line's proof from the service and checks it against the chain's root for that report. */
function VerifyLine({
  campaignId,
  reports,
  token,
}: {
  campaignId: bigint;
  reports: OracleReport[];
  token: TokenInfo | undefined;
}) {
  const { t } = useTranslation();
  const { runtime } = useDataContext();
  const format = useFormat(token);
  const [reportId, setReportId] = useState(reports[reports.length - 1]?.reportId.toString() ?? "");
  const [line, setLine] = useState("0");
  const [state, setState] = useState<VerifyState>({ status: "idle" });
  if (runtime.serviceUrl === undefined) return <p>{t("revenue.noService")}</p>;
  const serviceUrl = runtime.serviceUrl;
  const verify = async () => {
    const report = reports.find((entry) => entry.reportId.toString() === reportId);
    if (report === undefined || !/^\d{1,9}$/.test(line)) {
      setState({ status: "error", message: t("revenue.badLine") });
      return;
    }
    setState({ status: "pending" });
    try {
      // The service knows reports by its own id; find the one it submitted as this on-chain report.
      const listed = await fetch(`${serviceUrl}/campaigns/${campaignId}/reports`);
      if (!listed.ok) throw new Error(`${listed.status} ${await listed.text()}`);
      const { reports: served } = (await listed.json()) as {
        reports: { id: string; onchainReportId: string | null }[];
      };
      const id = served.find((entry) => entry.onchainReportId === report.reportId.toString())?.id;
      if (id === undefined) throw new Error(t("revenue.unknownToService", { id: report.reportId.toString() }));
      const response = await fetch(`${serviceUrl}/reports/${id}/lines/${line}/proof`);
      if (!response.ok) throw new Error(`${response.status} ${await response.text()}`);
      const answer = (await response.json()) as ProofAnswer;
      const ok =
        answer.onchainReportId === report.reportId.toString() &&
        verifyStatementLine(report.statementRoot, answer.leafEncoding, answer.values, answer.proof);
      setState({ status: "done", ok, answer, root: report.statementRoot });
    } catch (error) {
      setState({ status: "error", message: error instanceof Error ? error.message : String(error) });
    }
  };
  return (
    <form
      aria-labelledby="verify-title"
      onSubmit={(event) => {
        event.preventDefault();
        void verify();
      }}
    >
      <h4 id="verify-title">{t("revenue.verifyTitle")}</h4>
      <label>
        {t("revenue.report")}{" "}
        <select data-testid="verify-report" value={reportId} onChange={(event) => setReportId(event.target.value)}>
          {reports.map((report) => (
            <option key={String(report.reportId)} value={report.reportId.toString()}>
              #{report.reportId.toString()}
            </option>
          ))}
        </select>
      </label>{" "}
      <label>
        {t("revenue.line")}{" "}
        <input
          data-testid="verify-line"
          inputMode="numeric"
          value={line}
          onChange={(event) => setLine(event.target.value)}
        />
      </label>{" "}
      <button type="submit" data-testid="verify-submit" disabled={state.status === "pending"}>
        {t("revenue.verify")}
      </button>
      {state.status === "pending" && <p role="status">{t("app.loading")}</p>}
      {state.status === "error" && <p role="alert">{t("revenue.verifyError", { message: state.message })}</p>}
      {state.status === "done" && (
        <p role="status" data-testid="verify-result" className={state.ok ? "ok" : "bad"}>
          {t(state.ok ? "revenue.verified" : "revenue.notVerified", {
            isrc: state.answer.leaf.isrc,
            amount: format.amount(BigInt(state.answer.leaf.campaignAmount)),
            root: state.root,
          })}
        </p>
      )}
    </form>
  );
}

/** The revenue section of the Campaign page. */
export function RevenuePanel({ campaign, token }: { campaign: Campaign; token: TokenInfo | undefined }) {
  const { t } = useTranslation();
  const now = useChainTime();
  const format = useFormat(token);
  const reports = useReports(campaign.id, now);
  return (
    <section aria-labelledby="revenue-title" data-testid="revenue">
      <h3 id="revenue-title">{t("revenue.title")}</h3>
      {reports.isPending && <p role="status">{t("app.loading")}</p>}
      {reports.isError && <p role="alert">{t("app.loadError", { message: reports.error.message })}</p>}
      {reports.data?.length === 0 && <p>{t("revenue.none")}</p>}
      {reports.data !== undefined && reports.data.length > 0 && (
        <>
          <RevenueChart reports={reports.data} token={token} />
          <table data-testid="reports">
            <thead>
              <tr>
                <th scope="col">{t("revenue.report")}</th>
                <th scope="col">{t("revenue.period")}</th>
                <th scope="col">{t("revenue.gross")}</th>
                <th scope="col">{t("revenue.due")}</th>
                <th scope="col">{t("revenue.status")}</th>
              </tr>
            </thead>
            <tbody>
              {reports.data.map((report) => (
                <tr key={String(report.reportId)} data-testid={`report-${report.reportId}`}>
                  <th scope="row">#{report.reportId.toString()}</th>
                  <td>
                    {format.date(report.periodStart)} – {format.date(report.periodEnd)}
                  </td>
                  <td>{format.amount(report.grossRevenue)}</td>
                  <td>{format.amount(report.amountDue)}</td>
                  <td>
                    {t(`revenue.statuses.${report.status}`, {
                      until: format.date(report.challengeEnd),
                      paid: format.amount(report.paid),
                      debt: format.amount(report.debt),
                      due: report.dueDate === undefined ? "" : format.date(report.dueDate),
                    })}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <VerifyLine campaignId={campaign.id} reports={reports.data} token={token} />
        </>
      )}
    </section>
  );
}
