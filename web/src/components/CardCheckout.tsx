/**
 * Investing by card from the Campaign page: an amount in the service's fiat currency → `POST /v1/payments/checkout`
 * → the browser goes to Stripe Checkout; back on the campaign (`?payment=pay_…`), the payment's state is polled until
 * it is invested, refunded or expired. The option explains itself when the service is not configured, cannot be
 * reached, or has card payments off.
 */
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";

import type { Campaign, TokenInfo } from "../data/CampaignData.ts";
import { useDataContext } from "../data/hooks.ts";
import {
  CheckoutError,
  fetchPayment,
  fetchPaymentOptions,
  FINAL_PAYMENT_STATES,
  startCardCheckout,
} from "../lib/cardCheckout.ts";
import { useFormat } from "./useFormat.ts";

/** Fiat minor units (cents) per token base unit exponent: 1 cent = 10^(decimals − 2) token units (payments.md). */
const centsToUnits = (cents: bigint, decimals: number) => cents * 10n ** BigInt(decimals - 2);

/** `text` as cents, or undefined when it is not a positive amount with at most 2 decimals. */
function parseCents(text: string): bigint | undefined {
  const match = /^(\d{1,10})(?:[.,](\d{1,2}))?$/.exec(text.trim());
  if (match === null) return undefined;
  const cents = BigInt(match[1]) * 100n + BigInt((match[2] ?? "").padEnd(2, "0"));
  return cents > 0n ? cents : undefined;
}

function money(cents: bigint, currency: string, locale: string): string {
  return new Intl.NumberFormat(locale, { style: "currency", currency: currency.toUpperCase() }).format(
    Number(cents) / 100,
  );
}

/** The localized sentence for a refused or failed checkout. */
function checkoutErrorText(error: unknown, t: (key: string, values?: Record<string, string>) => string): string {
  if (!(error instanceof CheckoutError)) return t("card.failed", { message: String(error) });
  if (error.status === 0) return t("card.down");
  if (error.status === 503) return t("card.off");
  if (error.status === 409) return t("campaign.notFunding");
  if (error.status === 422) return t("card.refused", { reason: error.message });
  return t("card.failed", { message: error.message });
}

type CheckoutState = { status: "idle" } | { status: "pending" } | { status: "error"; message: string };

/** Props of {@link CardInvest}. */
export interface CardInvestProps {
  campaign: Campaign;
  token: TokenInfo;
  /** The connected wallet: the shares go there. */
  wallet: string;
}

/** The "pay by card" form, or why card payments are not offered. */
export function CardInvest({ campaign, token, wallet }: CardInvestProps) {
  const { t } = useTranslation();
  const { runtime } = useDataContext();
  const format = useFormat(token);
  const serviceUrl = runtime.serviceUrl;
  const options = useQuery({
    queryKey: ["paymentOptions", serviceUrl],
    queryFn: () => fetchPaymentOptions(serviceUrl as string),
    enabled: serviceUrl !== undefined,
    retry: false,
    staleTime: 60_000,
  });
  const [text, setText] = useState("");
  const [state, setState] = useState<CheckoutState>({ status: "idle" });
  const unavailable =
    serviceUrl === undefined
      ? t("card.noService")
      : options.isError
        ? t("card.down")
        : options.data !== undefined && !options.data.providers.includes("stripe")
          ? t("card.off")
          : undefined;
  if (unavailable !== undefined) {
    return <p data-testid="card-unavailable">{unavailable}</p>;
  }
  if (options.data === undefined) return <p role="status">{t("app.loading")}</p>;
  const { currency } = options.data;
  const cents = parseCents(text);
  const valid = cents !== undefined && centsToUnits(cents, token.decimals) >= campaign.minInvestment;
  const minimum = (campaign.minInvestment + 10n ** BigInt(token.decimals - 2) - 1n) / 10n ** BigInt(token.decimals - 2);
  return (
    <form
      aria-labelledby="card-title"
      onSubmit={(event) => {
        event.preventDefault();
        if (!valid || serviceUrl === undefined) return;
        setState({ status: "pending" });
        startCardCheckout(serviceUrl, { campaignId: campaign.id, amountMinor: cents, wallet }).then(
          (payment) => {
            if (payment.url === undefined) throw new CheckoutError(500, "no checkout URL");
            window.location.assign(payment.url);
          },
          (error: unknown) => setState({ status: "error", message: checkoutErrorText(error, t) }),
        );
      }}
    >
      <h3 id="card-title">{t("card.title")}</h3>
      <p>{t("card.intro", { currency: currency.toUpperCase(), symbol: token.symbol })}</p>
      <label>
        {t("card.amount", { currency: currency.toUpperCase() })}{" "}
        <input data-testid="card-amount" inputMode="decimal" value={text} onChange={(e) => setText(e.target.value)} />
      </label>
      {cents !== undefined && valid && (
        <p data-testid="card-preview">
          {t("card.preview", {
            pay: money(cents, currency, format.locale),
            amount: format.amount(centsToUnits(cents, token.decimals)),
          })}
        </p>
      )}
      {text !== "" && !valid && <p>{t("card.invalid", { min: money(minimum, currency, format.locale) })}</p>}
      <button type="submit" data-testid="card-submit" disabled={!valid || state.status === "pending"}>
        {t("card.pay")}
      </button>
      {state.status === "pending" && (
        <p className="status pending" role="status" data-testid="card-status">
          {t("card.redirecting")}
        </p>
      )}
      {state.status === "error" && (
        <p className="status error" role="alert" data-testid="card-status">
          {state.message}
        </p>
      )}
    </form>
  );
}

/** Props of {@link CardPaymentStatus}. */
export interface CardPaymentStatusProps {
  paymentId: string;
  /** The page's campaign: a payment of another campaign (the fan navigated on) is not shown. */
  campaignId: bigint;
  /** The fan came back through Checkout's cancel link. */
  cancelled: boolean;
  token: TokenInfo | undefined;
}

/** A card payment's state after the fan returns from Checkout, polled every 2 s until it is final. */
export function CardPaymentStatus({ paymentId, campaignId, cancelled, token }: CardPaymentStatusProps) {
  const { t } = useTranslation();
  const { runtime } = useDataContext();
  const format = useFormat(token);
  const serviceUrl = runtime.serviceUrl;
  const payment = useQuery({
    queryKey: ["cardPayment", serviceUrl, paymentId],
    queryFn: () => fetchPayment(serviceUrl as string, paymentId),
    enabled: serviceUrl !== undefined,
    refetchInterval: (query) =>
      query.state.data !== undefined && FINAL_PAYMENT_STATES.includes(query.state.data.state) ? false : 2_000,
  });
  if (serviceUrl === undefined) return <p role="alert">{t("card.noService")}</p>;
  const data = payment.data;
  if (data !== undefined && data.campaignId !== campaignId.toString()) return null;
  const final = data !== undefined && FINAL_PAYMENT_STATES.includes(data.state);
  const bad =
    data !== undefined &&
    ["refund_pending", "refunded", "refund_manual", "expired", "charged_back"].includes(data.state);
  return (
    <section aria-labelledby="card-payment-title">
      <h3 id="card-payment-title">{t("card.paymentTitle")}</h3>
      {cancelled && <p>{t("card.cancelled")}</p>}
      {payment.isError && (
        <p role="alert" className="status error">
          {checkoutErrorText(payment.error, t)}
        </p>
      )}
      {data !== undefined && (
        <p
          role="status"
          data-testid="card-payment-status"
          className={`status ${final ? (bad ? "error" : "success") : "pending"}`}
        >
          {t(`card.states.${data.state}`, {
            defaultValue: t("card.states.unknown", { state: data.state }),
            pay: money(BigInt(data.amountMinor), data.currency, format.locale),
            amount: format.amount(BigInt(data.tokenAmount)),
          })}
        </p>
      )}
    </section>
  );
}
