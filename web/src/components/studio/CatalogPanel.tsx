/**
 * ISRC registration: the artist's catalog entries (ISRC → campaign, share of the track's revenue) as the oracle
 * service holds them, and a form that checks the ISRC and share like the service does, has the wallet sign the
 * `CatalogEntry` and posts it. Without a configured service, or when it does not answer, says so in plain words.
 */
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { Address } from "viem";
import { useConfig } from "wagmi";

import { registerIsrc, type CatalogPhase } from "../../actions/catalog.ts";
import type { Campaign } from "../../data/CampaignData.ts";
import { readCampaignCatalogs, ServiceRefusal, ServiceUnreachable } from "../../data/catalogService.ts";
import { useDataContext } from "../../data/hooks.ts";
import { decodeError } from "../../lib/errors.ts";
import { formatBps, formatDateTime } from "../../lib/format.ts";
import { canonicalIsrc, catalogShareBps } from "../../lib/isrc.ts";
import { useFormat } from "../useFormat.ts";

type Status =
  | { status: "idle" }
  | { status: "pending"; phase: CatalogPhase }
  | { status: "success"; message: string }
  | { status: "error"; message: string };

/** Props of {@link CatalogPanel}. */
export interface CatalogPanelProps {
  campaigns: readonly Campaign[];
  account: Address;
}

/** The catalog section of the studio. */
export function CatalogPanel({ campaigns, account }: CatalogPanelProps) {
  const { t, i18n } = useTranslation();
  const config = useConfig();
  const queryClient = useQueryClient();
  const { runtime } = useDataContext();
  const format = useFormat(undefined);
  const serviceUrl = runtime.serviceUrl;
  const ids = campaigns.map((campaign) => campaign.id);
  const catalog = useQuery({
    queryKey: ["catalog", serviceUrl, ids.map(String)],
    enabled: serviceUrl !== undefined && ids.length > 0,
    retry: false,
    queryFn: () => readCampaignCatalogs(serviceUrl as string, ids),
  });
  const [campaignId, setCampaignId] = useState(ids[ids.length - 1]?.toString() ?? "");
  const [isrc, setIsrc] = useState("");
  const [share, setShare] = useState("");
  const [shown, setShown] = useState(false);
  const [state, setState] = useState<Status>({ status: "idle" });

  if (serviceUrl === undefined) return <p data-testid="catalog-unavailable">{t("desk.catalog.noService")}</p>;
  if (campaigns.length === 0) return <p>{t("desk.campaigns.none")}</p>;
  const canonical = canonicalIsrc(isrc);
  const bps = catalogShareBps(share);
  const isrcError = canonical === undefined ? t("desk.catalog.badIsrc") : undefined;
  const shareError = bps === undefined ? t("desk.catalog.badShare") : undefined;
  const titles = new Map(campaigns.map((campaign) => [campaign.id.toString(), campaign.title] as const));

  const explain = (error: unknown): string => {
    if (error instanceof ServiceUnreachable) return t("desk.catalog.unreachable", { url: serviceUrl });
    if (error instanceof ServiceRefusal) {
      const key = `desk.catalog.refusals.${error.code}`;
      return i18n.exists(key) ? t(key) : t("desk.catalog.refused", { message: error.message || error.code });
    }
    const decoded = decodeError(error);
    if (decoded.kind === "rejected") return t("errors.rejected");
    return t("errors.unknown", { message: decoded.kind === "unknown" ? decoded.message : String(error) });
  };

  const submit = async () => {
    setShown(true);
    if (canonical === undefined || bps === undefined) return;
    setShown(false);
    try {
      const entry = await registerIsrc(config, {
        serviceUrl,
        chainId: runtime.chainId,
        hub: runtime.contracts.EncoreHub,
        account,
        isrc: canonical,
        campaignId: BigInt(campaignId),
        shareBps: bps,
        onPhase: (phase) => setState({ status: "pending", phase }),
      });
      setIsrc("");
      setShare("");
      setState({
        status: "success",
        message: t("desk.catalog.registered", {
          isrc: entry.isrc,
          title: titles.get(entry.campaignId) ?? `#${entry.campaignId}`,
          share: formatBps(entry.shareBps, format.locale),
        }),
      });
    } catch (error) {
      setState({ status: "error", message: explain(error) });
    }
    await queryClient.invalidateQueries({ queryKey: ["catalog"] });
  };

  const entries = catalog.data === undefined ? [] : [...catalog.data.values()].flat();
  return (
    <>
      {catalog.isPending && <p role="status">{t("app.loading")}</p>}
      {catalog.isError && (
        <p role="alert" className="bad" data-testid="catalog-error">
          {explain(catalog.error)}
        </p>
      )}
      {catalog.data !== undefined &&
        (entries.length === 0 ? (
          <p data-testid="catalog-empty">{t("desk.catalog.empty")}</p>
        ) : (
          <table data-testid="catalog-entries">
            <thead>
              <tr>
                <th scope="col">ISRC</th>
                <th scope="col">{t("portfolio.campaign")}</th>
                <th scope="col">{t("desk.catalog.share")}</th>
                <th scope="col">{t("desk.catalog.registeredAt")}</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((entry) => (
                <tr key={entry.id}>
                  <th scope="row" className="mono">
                    {entry.isrc}
                  </th>
                  <td>{titles.get(entry.campaignId) ?? `#${entry.campaignId}`}</td>
                  <td>{formatBps(entry.shareBps, format.locale)}</td>
                  <td>{formatDateTime(Date.parse(entry.registeredAt) / 1000, format.locale)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ))}
      <form
        onSubmit={(event) => {
          event.preventDefault();
          void submit();
        }}
      >
        <p>
          <label htmlFor="isrc-campaign">{t("portfolio.campaign")}</label>{" "}
          <select
            id="isrc-campaign"
            data-testid="isrc-campaign"
            value={campaignId}
            onChange={(event) => setCampaignId(event.target.value)}
          >
            {campaigns.map((campaign) => (
              <option key={String(campaign.id)} value={campaign.id.toString()}>
                #{campaign.id.toString()} · {campaign.title}
              </option>
            ))}
          </select>
        </p>
        <p>
          <label htmlFor="isrc-code">{t("desk.catalog.isrc")}</label>{" "}
          <input
            id="isrc-code"
            data-testid="isrc-code"
            value={isrc}
            autoComplete="off"
            aria-invalid={shown && isrcError !== undefined}
            aria-describedby={shown && isrcError !== undefined ? "isrc-code-error" : "isrc-code-hint"}
            onChange={(event) => setIsrc(event.target.value)}
          />{" "}
          <span id="isrc-code-hint" className="note">
            {canonical !== undefined ? t("desk.catalog.canonical", { isrc: canonical }) : t("desk.catalog.isrcHint")}
          </span>
          {shown && isrcError !== undefined && (
            <span id="isrc-code-error" role="alert" className="bad">
              {" "}
              {isrcError}
            </span>
          )}
        </p>
        <p>
          <label htmlFor="isrc-share">{t("desk.catalog.sharePercent")}</label>{" "}
          <input
            id="isrc-share"
            data-testid="isrc-share"
            inputMode="decimal"
            value={share}
            aria-invalid={shown && shareError !== undefined}
            aria-describedby={shown && shareError !== undefined ? "isrc-share-error" : undefined}
            onChange={(event) => setShare(event.target.value)}
          />
          {shown && shareError !== undefined && (
            <span id="isrc-share-error" role="alert" className="bad">
              {" "}
              {shareError}
            </span>
          )}
        </p>
        <p>
          <button type="submit" data-testid="isrc-register" disabled={state.status === "pending"}>
            {t("desk.catalog.register")}
          </button>
        </p>
      </form>
      {state.status !== "idle" && (
        <p
          className={`status ${state.status}`}
          role={state.status === "error" ? "alert" : "status"}
          data-testid="catalog-status"
        >
          {state.status === "pending"
            ? t(state.phase === "signing" ? "desk.catalog.signing" : "desk.catalog.sending")
            : state.message}
        </p>
      )}
    </>
  );
}
