/**
 * Coinbase Commerce, the crypto-payment alternative to cards: charges (hosted payment page) and webhooks signed
 * with HMAC-SHA256 over the raw body (`X-CC-Webhook-Signature`), both through the official `coinbase-commerce-node`
 * SDK. Commerce has no refund or payout API: a charge that cannot become an investment is marked for an operator
 * to return by hand ({@link RailUnsupportedError}, state `refund_manual`).
 *
 * Commerce signs no timestamp, so no staleness check is possible: a replayed event is harmless because events are
 * deduplicated by id and payments move through their state machine once.
 */
import coinbase from "coinbase-commerce-node";

import { decimalToMinor, minorToDecimal } from "./amounts.ts";
import type { CoinbaseSettings } from "./config.ts";
import {
  header,
  RailUnsupportedError,
  WebhookVerificationError,
  type CreatedPayment,
  type PaymentRail,
  type PaymentRequest,
  type RailEvent,
  type RailResult,
} from "./rail.ts";

/** The Coinbase Commerce rail. */
export class CoinbaseRail implements PaymentRail {
  readonly provider = "coinbase" as const;
  readonly #settings: CoinbaseSettings;

  /** @param settings - API key, webhook secret and, in tests, the API base of a local fake. */
  constructor(settings: CoinbaseSettings) {
    this.#settings = settings;
  }

  /** Creates a fixed-price charge carrying our payment id in its metadata. */
  async createPayment(request: PaymentRequest): Promise<CreatedPayment> {
    // The SDK keeps one process-wide client: set this rail's key and base before each call.
    const base = this.#settings.apiBase === undefined ? undefined : this.#settings.apiBase.replace(/\/*$/, "/");
    coinbase.Client.init(this.#settings.apiKey, base, undefined, 10_000);
    const charge = await coinbase.resources.Charge.create({
      name: request.description.slice(0, 100),
      description: request.description,
      pricing_type: "fixed_price",
      local_price: { amount: minorToDecimal(request.amountMinor), currency: request.currency.toUpperCase() },
      metadata: { payment_id: request.paymentId },
      redirect_url: request.successUrl,
      cancel_url: request.cancelUrl,
    });
    return { providerRef: charge.code, url: charge.hosted_url };
  }

  /** Commerce has no refund API. @throws {RailUnsupportedError} Always. */
  refund(): Promise<RailResult> {
    return Promise.reject(new RailUnsupportedError("coinbase: Commerce has no refund API; return the crypto by hand"));
  }

  /** Commerce has no payout API. @throws {RailUnsupportedError} Always. */
  payout(): Promise<RailResult> {
    return Promise.reject(new RailUnsupportedError("coinbase: Commerce has no payout API"));
  }

  /** Verifies `X-CC-Webhook-Signature` (HMAC-SHA256 of the raw body) with the SDK and parses the event. */
  verifyWebhook(rawBody: Buffer, headers: Record<string, string | string[] | undefined>): Promise<RailEvent> {
    const signature = header(headers, "x-cc-webhook-signature");
    if (signature === undefined) {
      return Promise.reject(new WebhookVerificationError("coinbase: the x-cc-webhook-signature header is missing"));
    }
    let event: { id: string; type: string; data: Record<string, unknown> };
    try {
      event = coinbase.Webhook.verifyEventBody(rawBody.toString("utf8"), signature, this.#settings.webhookSecret);
    } catch (error) {
      const reason =
        error instanceof coinbase.errors.SignatureVerificationError ? "signature mismatch" : "not an event";
      return Promise.reject(new WebhookVerificationError(`coinbase: ${reason}`));
    }
    return Promise.resolve(normalizeCoinbaseEvent(event));
  }
}

const OUTCOMES: Record<string, "succeeded" | "expired"> = {
  "charge:confirmed": "succeeded",
  "charge:resolved": "succeeded",
  "charge:failed": "expired",
};

function normalizeCoinbaseEvent(event: { id: string; type: string; data: Record<string, unknown> }): RailEvent {
  const outcome = OUTCOMES[event.type];
  if (outcome === undefined) return { kind: "ignored", provider: "coinbase", eventId: event.id, type: event.type };
  const metadata = (event.data.metadata ?? {}) as Record<string, unknown>;
  const local = ((event.data.pricing ?? {}) as Record<string, { amount?: string; currency?: string }>).local;
  return {
    kind: "payment",
    provider: "coinbase",
    eventId: event.id,
    outcome,
    paymentId: typeof metadata.payment_id === "string" ? metadata.payment_id : undefined,
    providerRef: typeof event.data.code === "string" ? event.data.code : undefined,
    providerPaymentId: typeof event.data.code === "string" ? event.data.code : undefined,
    amountMinor: local?.amount === undefined ? undefined : decimalToMinor(local.amount),
    currency: local?.currency?.toLowerCase(),
  };
}
