/**
 * The one interface every payment rail implements (Stripe, PayPal, Coinbase Commerce): create a payment, refund it,
 * pay out, and verify + parse a webhook into a {@link RailEvent}. Every call that moves money carries an idempotency
 * key the provider honours, so a crash between the provider call and the DB commit never moves money twice.
 */

/** The rails. */
export const PROVIDERS = ["stripe", "paypal", "coinbase"] as const;
/** One of {@link PROVIDERS}. */
export type Provider = (typeof PROVIDERS)[number];

/** A payment to create (card checkout or crypto charge). */
export interface PaymentRequest {
  /** Our payment's public id ("pay_…"): carried in the provider's metadata and back in its webhooks. */
  paymentId: string;
  /** Minor units of `currency` (cents). */
  amountMinor: bigint;
  /** Lower-case ISO 4217 code. */
  currency: string;
  /** What the payer sees, e.g. "Investment in campaign 3". */
  description: string;
  /** Where the payer returns after paying or cancelling. */
  successUrl: string;
  cancelUrl: string;
  /** Payer's email, when known (prefills Checkout). */
  email?: string;
}

/** A created payment. */
export interface CreatedPayment {
  /** The provider's id of the payment object (Checkout Session id, charge code): the idempotency anchor. */
  providerRef: string;
  /** Where the payer pays. */
  url: string;
}

/** A refund to make. */
export interface RefundRequest {
  /** The provider's id of the money (Stripe PaymentIntent). */
  providerPaymentId: string;
  amountMinor: bigint;
  /** Same key, same refund: `refund:<payment id>`. */
  idempotencyKey: string;
}

/** A payout to make. */
export interface PayoutRequest {
  /** Connect account id ("acct_…") or PayPal receiver email. */
  destination: string;
  amountMinor: bigint;
  currency: string;
  /** Same key, same payout (Stripe idempotency key, PayPal sender_item_id / sender_batch_id). */
  idempotencyKey: string;
  note: string;
}

/** What a rail did. */
export interface RailResult {
  /** The provider's id of the refund / transfer / payout batch. */
  id: string;
  /** `pending`: the provider confirms later (a webhook or a status read). */
  status: "succeeded" | "pending";
}

/** A verified webhook, normalized. */
export type RailEvent =
  | {
      kind: "payment";
      provider: Provider;
      eventId: string;
      /** `succeeded`: money captured; `expired`: the payer never paid; `refunded`: money returned. */
      outcome: "succeeded" | "expired" | "refunded";
      /** Our payment id from the metadata, when the provider echoed it. */
      paymentId?: string;
      /** The provider's id of the payment object (Checkout Session id, charge code). */
      providerRef?: string;
      /** The provider's id of the captured money (PaymentIntent), needed to refund. */
      providerPaymentId?: string;
      amountMinor?: bigint;
      currency?: string;
    }
  | {
      kind: "payout";
      provider: Provider;
      eventId: string;
      outcome: "paid" | "failed";
      /** Our payout's idempotency key (PayPal sender_item_id). */
      payoutKey: string;
      error?: string;
    }
  | {
      kind: "dispute";
      provider: Provider;
      eventId: string;
      /** `opened`: the payer's bank contests the payment; `won`: closed in our favour; `lost`: the money went back. */
      stage: "opened" | "won" | "lost";
      /** The provider's dispute id. */
      disputeId: string;
      /** The disputed money (Stripe PaymentIntent). */
      providerPaymentId?: string;
      amountMinor: bigint;
      currency: string;
      /** The provider's reason code. */
      reason: string;
    }
  | { kind: "ignored"; provider: Provider; eventId: string; type: string };

/** A webhook failed verification: the message says why (answered 400, nothing stored). */
export class WebhookVerificationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "WebhookVerificationError";
  }
}

/** A rail cannot do this (e.g. Coinbase Commerce has no refund API): the payment needs an operator. */
export class RailUnsupportedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "RailUnsupportedError";
  }
}

/** A payment rail. */
export interface PaymentRail {
  readonly provider: Provider;
  /** Creates a checkout session / charge. Idempotent by `paymentId`. */
  createPayment(request: PaymentRequest): Promise<CreatedPayment>;
  /** Refunds a captured payment in full. @throws {RailUnsupportedError} When the rail has no refunds. */
  refund(request: RefundRequest): Promise<RailResult>;
  /** Pays out to a connected account / receiver. @throws {RailUnsupportedError} When the rail has no payouts. */
  payout(request: PayoutRequest): Promise<RailResult>;
  /**
   * Verifies a webhook on its raw body and headers, and parses it.
   *
   * @throws {WebhookVerificationError} When the signature is missing, wrong or stale, or the body is not an event.
   */
  verifyWebhook(rawBody: Buffer, headers: Record<string, string | string[] | undefined>): Promise<RailEvent>;
}

/** The enabled rails (a rail is absent when its keys are not configured). */
export type Rails = Partial<Record<Provider, PaymentRail>>;

/** One header's value as a string (the first when repeated), or undefined. */
export function header(headers: Record<string, string | string[] | undefined>, name: string): string | undefined {
  const value = headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}
