/** Formatters bound to the current language and a token, for components. */
import { useTranslation } from "react-i18next";

import type { TokenInfo } from "../data/CampaignData.ts";
import { intlLocale } from "../i18n/index.ts";
import { formatAmount, formatDateTime } from "../lib/format.ts";
import type { ErrorFormatters } from "../lib/errorMessage.ts";

/** The Intl locale of the current language and amount/date formatters for `token` (raw units until it loads). */
export function useFormat(token: TokenInfo | undefined): ErrorFormatters & { locale: string } {
  const { i18n } = useTranslation();
  const locale = intlLocale(i18n.language);
  return {
    locale,
    amount: (units) => formatAmount(units, token?.decimals ?? 0, token?.symbol ?? "", locale),
    date: (unixSeconds) => formatDateTime(unixSeconds, locale),
  };
}
