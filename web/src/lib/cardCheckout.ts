/**
 * The card-payment client of an operator's service (oracle-service/docs/payments.md): which ways to pay it offers,
 * starting a Stripe Checkout for a wallet's investment, and reading a payment's state when the fan comes back.
 * Plain `fetch`; the checkout POST is one of the service's cross-origin writes (JSON body, no credential).
 */

/** What `GET /v1/payments/options` answers. */
export interface PaymentOptions {
  /** Enabled checkout providers (`stripe` = card). */
  providers: string[];
  /** Fiat currency of card payments (lower-case ISO 4217, 2 decimals), pegged 1:1 to the settlement token. */
  currency: string;
}

/** A payment as the service shows it (`POST /v1/payments/checkout`, `GET /v1/payments/:paymentId`). */
export interface CardPayment {
  paymentId: string;
  campaignId: string;
  amountMinor: string;
  currency: string;
  tokenAmount: string;
  /** created → investing → invested (→ charged_back after a lost dispute), or refund_pending → refunded / refund_manual, or expired. */
  state: string;
  reason?: string;
  /** Where to pay (checkout answers only). */
  url?: string;
}

/** States after which a payment no longer changes. */
export const FINAL_PAYMENT_STATES: readonly string[] = [
  "invested",
  "refunded",
  "refund_manual",
  "expired",
  "charged_back",
];

/** The service refused or failed a request; `status` is its HTTP status (0: it could not be reached). */
export class CheckoutError extends Error {
  readonly status: number;
  constructor(status: number, message: string) {
    super(message);
    this.name = "CheckoutError";
    this.status = status;
  }
}

async function call<T>(url: string, init?: RequestInit): Promise<T> {
  let response: Response;
  try {
    response = await fetch(url, init);
  } catch (error) {
    throw new CheckoutError(0, error instanceof Error ? error.message : String(error));
  }
  const text = await response.text();
  if (!response.ok) {
    let message = text;
    try {
      message = (JSON.parse(text) as { message?: string }).message ?? text;
    } catch {
      // Not JSON: keep the text.
    }
    throw new CheckoutError(response.status, message);
  }
  return JSON.parse(text) as T;
}

/** The service's enabled ways to pay. */
export function fetchPaymentOptions(serviceUrl: string): Promise<PaymentOptions> {
  return call<PaymentOptions>(`${serviceUrl}/v1/payments/options`);
}

/**
 * Starts a Stripe Checkout for `wallet`'s investment of `amountMinor` (cents) in campaign `campaignId`.
 *
 * @returns The created payment, with the Checkout `url` to send the fan to.
 * @throws {CheckoutError} 503 card payments off, 404 unknown campaign, 409 not funding, 422 the investment would be
 *   refused (the message says why), 0 the service is unreachable.
 */
export function startCardCheckout(
  serviceUrl: string,
  request: { campaignId: bigint; amountMinor: bigint; wallet: string },
): Promise<CardPayment> {
  return call<CardPayment>(`${serviceUrl}/v1/payments/checkout`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      provider: "stripe",
      campaignId: request.campaignId.toString(),
      amountMinor: request.amountMinor.toString(),
      wallet: request.wallet,
    }),
  });
}

/** A payment's current state. */
export function fetchPayment(serviceUrl: string, paymentId: string): Promise<CardPayment> {
  return call<CardPayment>(`${serviceUrl}/v1/payments/${encodeURIComponent(paymentId)}`);
}

/**
 * The payment a Checkout return URL names (`?payment=pay_…`, `&cancelled=1` when the fan cancelled), if any.
 *
 * @param search - `location.search`.
 */
export function paymentReturn(search: string): { paymentId: string; cancelled: boolean } | undefined {
  const params = new URLSearchParams(search);
  const paymentId = params.get("payment");
  if (paymentId === null || !/^pay_[0-9a-f]{20}$/.test(paymentId)) return undefined;
  return { paymentId, cancelled: params.get("cancelled") === "1" };
}
