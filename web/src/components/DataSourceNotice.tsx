/** A one-line footer notice: which source served the page's data, and why the chain when the indexer failed. */
import { useTranslation } from "react-i18next";

import { useSourceStatus } from "../data/hooks.ts";

/** Says where the latest read came from; polite live region, so a switch to the chain is announced. */
export function DataSourceNotice() {
  const { t, i18n } = useTranslation();
  const status = useSourceStatus();
  const number = (value: bigint) => new Intl.NumberFormat(i18n.language).format(value);
  let text = "";
  if (status.source === "subgraph") text = t("source.subgraph", { block: number(status.block) });
  else if (status.source === "chain" && status.reason === "lagging") {
    text = t("source.lagging", { blocks: number(status.lagBlocks ?? 0n) });
  } else if (status.source === "chain") text = t(`source.${status.reason}`);
  return (
    <p
      className={status.source === "chain" && status.reason !== "unconfigured" ? "source degraded" : "source"}
      aria-live="polite"
      data-testid="data-source"
      data-source={status.source}
    >
      {text}
    </p>
  );
}
