/**
 * Operator dashboard: the live overview an oracle operator's service streams (Server-Sent Events) — chain and
 * database health, keeper lag, outbox, reports in their challenge window, artists' debts and due dates, recent
 * failures (the alert-worthy events) and the audit log. Needs the service URL (runtime config) and an operator API
 * key, kept for this browser tab only.
 */
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";

import { useDataContext } from "../data/hooks.ts";
import { readEventStream } from "../lib/sse.ts";

/** The parts of the service's overview the page shows (see oracle-service/docs/monitoring.md). */
interface Overview {
  generatedAt: string;
  database: { ok: boolean };
  chain: { ok: boolean; headBlock: string | null };
  reports: {
    pending: { reportId: string; campaignId: string; amount: string | null; challengeEnd: string | null }[];
    debts: { reportId: string; campaignId: string; amount: string | null; dueDate: string | null; overdue: boolean }[];
    awaitingSubmission: { id: string; campaignId: string; status: string }[];
  };
  outbox: {
    counts: Record<string, number>;
    open: number;
    oldestOpenAgeSeconds: number;
    recentFailures: { key: string; label: string; errorName: string | null; finishedAt: string | null }[];
  };
  keeper: { cursorBlock: string | null; lagBlocks: string | null };
  treasury: { balance: string } | null;
  audit: { entries: string; recent: { seq: string; at: string; actor: string; action: string; subject: string }[] };
}

const KEY_STORAGE = "encore.operatorKey";

type StreamState =
  | { status: "idle" }
  | { status: "connecting" }
  | { status: "live" }
  | { status: "error"; message: string };

/** The operator dashboard page. */
export default function Operator() {
  const { t, i18n } = useTranslation();
  const { runtime } = useDataContext();
  const [key, setKey] = useState(() => sessionStorage.getItem(KEY_STORAGE) ?? "");
  const [connected, setConnected] = useState(false);
  const [state, setState] = useState<StreamState>({ status: "idle" });
  const [overview, setOverview] = useState<Overview | undefined>();
  const serviceUrl = runtime.serviceUrl;
  const time = (iso: string | null) =>
    iso === null
      ? "—"
      : new Intl.DateTimeFormat(i18n.language, { dateStyle: "medium", timeStyle: "short" }).format(new Date(iso));

  useEffect(() => {
    if (!connected || serviceUrl === undefined) return;
    const abort = new AbortController();
    setState({ status: "connecting" });
    readEventStream(
      `${serviceUrl}/v1/operator/stream`,
      { "x-api-key": key },
      (event) => {
        if (event.event === "overview") {
          setOverview(JSON.parse(event.data) as Overview);
          setState({ status: "live" });
        }
      },
      abort.signal,
    ).then(
      () => setState({ status: "error", message: t("operator.ended") }),
      (error: unknown) => {
        if (!abort.signal.aborted)
          setState({ status: "error", message: error instanceof Error ? error.message : String(error) });
      },
    );
    return () => abort.abort();
  }, [connected, serviceUrl, key, t]);

  if (serviceUrl === undefined) {
    return (
      <section aria-labelledby="operator-title">
        <h2 id="operator-title">{t("operator.title")}</h2>
        <p>{t("operator.noService")}</p>
      </section>
    );
  }
  return (
    <section aria-labelledby="operator-title">
      <h2 id="operator-title">{t("operator.title")}</h2>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          sessionStorage.setItem(KEY_STORAGE, key);
          setConnected(true);
        }}
      >
        <label>
          {t("operator.apiKey")}{" "}
          <input
            type="password"
            autoComplete="off"
            data-testid="operator-key"
            value={key}
            onChange={(event) => {
              setKey(event.target.value);
              setConnected(false);
            }}
          />
        </label>{" "}
        <button type="submit" data-testid="operator-connect" disabled={key === ""}>
          {t("operator.connect")}
        </button>
      </form>
      <p role="status" data-testid="operator-state">
        {state.status === "error"
          ? t("operator.error", { message: state.message })
          : t(`operator.states.${state.status}`)}
      </p>
      {overview && (
        <div data-testid="operator-overview">
          <h3>{t("operator.health")}</h3>
          <ul>
            <li>
              {t(overview.chain.ok ? "operator.chainOk" : "operator.chainDown", {
                block: overview.chain.headBlock ?? "—",
              })}
            </li>
            <li>{t(overview.database.ok ? "operator.databaseOk" : "operator.databaseDown")}</li>
            <li>
              {t("operator.keeper", {
                lag: overview.keeper.lagBlocks ?? "—",
                block: overview.keeper.cursorBlock ?? "—",
              })}
            </li>
            <li>
              {t("operator.outbox", {
                open: overview.outbox.open,
                age: overview.outbox.oldestOpenAgeSeconds,
                confirmed: overview.outbox.counts.confirmed ?? 0,
                failed: overview.outbox.counts.failed ?? 0,
              })}
            </li>
            {overview.treasury && <li>{t("operator.treasury", { balance: overview.treasury.balance })}</li>}
            <li>{t("operator.updated", { when: time(overview.generatedAt) })}</li>
          </ul>
          <h3>{t("operator.pending")}</h3>
          {overview.reports.pending.length === 0 ? (
            <p>{t("operator.none")}</p>
          ) : (
            <ul data-testid="operator-pending">
              {overview.reports.pending.map((report) => (
                <li key={report.reportId}>
                  {t("operator.pendingItem", {
                    id: report.reportId,
                    campaign: report.campaignId,
                    amount: report.amount ?? "—",
                    until: time(report.challengeEnd),
                  })}
                </li>
              ))}
            </ul>
          )}
          <h3>{t("operator.debts")}</h3>
          {overview.reports.debts.length === 0 ? (
            <p>{t("operator.none")}</p>
          ) : (
            <ul>
              {overview.reports.debts.map((debt) => (
                <li key={debt.reportId} className={debt.overdue ? "bad" : undefined}>
                  {t(debt.overdue ? "operator.overdueItem" : "operator.debtItem", {
                    id: debt.reportId,
                    campaign: debt.campaignId,
                    amount: debt.amount ?? "—",
                    due: time(debt.dueDate),
                  })}
                </li>
              ))}
            </ul>
          )}
          <h3>{t("operator.alerts")}</h3>
          {overview.outbox.recentFailures.length === 0 ? (
            <p>{t("operator.none")}</p>
          ) : (
            <ul>
              {overview.outbox.recentFailures.map((failure) => (
                <li key={failure.key} className="bad">
                  {failure.label}: {failure.errorName ?? "unknown"} ({time(failure.finishedAt)})
                </li>
              ))}
            </ul>
          )}
          <h3>{t("operator.audit", { count: Number(overview.audit.entries) })}</h3>
          <table data-testid="operator-audit">
            <thead>
              <tr>
                <th scope="col">#</th>
                <th scope="col">{t("portfolio.date")}</th>
                <th scope="col">{t("operator.actor")}</th>
                <th scope="col">{t("operator.action")}</th>
                <th scope="col">{t("operator.subject")}</th>
              </tr>
            </thead>
            <tbody>
              {overview.audit.recent.map((entry) => (
                <tr key={entry.seq}>
                  <td>{entry.seq}</td>
                  <td>{time(entry.at)}</td>
                  <td className="mono">{entry.actor}</td>
                  <td>{entry.action}</td>
                  <td className="mono">{entry.subject}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
