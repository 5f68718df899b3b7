/**
 * Stripe: Checkout Sessions for card investments (captured at once: authorisations expire in about 7 days, so the
 * platform never holds an uncaptured card), refunds, Connect onboarding and transfers to connected accounts, and
 * webhooks verified with the SDK on the raw body (signature + timestamp tolerance).
 */
import Stripe from "stripe";

import type { StripeSettings } from "./config.ts";
import {
  header,
  WebhookVerificationError,
  type CreatedPayment,
  type PaymentRail,
  type PaymentRequest,
  type PayoutRequest,
  type RailEvent,
  type RailResult,
  type RefundRequest,
} from "./rail.ts";

/** A Connect onboarding link. */
export interface ConnectOnboarding {
  /** The connected account ("acct_…"). */
  accountId: string;
  /** Where the artist completes onboarding (single use, expires). */
  url: string;
}

/** The Stripe rail; also onboards Connect accounts ({@link StripeRail.onboardConnect}). */
export class StripeRail implements PaymentRail {
  readonly provider = "stripe" as const;
  readonly #stripe: Stripe;
  readonly #settings: StripeSettings;

  /** @param settings - Keys and, in tests, the API base of a local fake. */
  constructor(settings: StripeSettings) {
    this.#settings = settings;
    const base = settings.apiBase === undefined ? undefined : new URL(settings.apiBase);
    this.#stripe = new Stripe(settings.secretKey, {
      maxNetworkRetries: 2,
      ...(base === undefined
        ? {}
        : {
            host: base.hostname,
            port: Number(base.port || (base.protocol === "https:" ? 443 : 80)),
            protocol: base.protocol === "https:" ? "https" : "http",
          }),
    });
  }

  /** Creates a Checkout Session in payment mode (captured automatically), idempotent by our payment id. */
  async createPayment(request: PaymentRequest): Promise<CreatedPayment> {
    const session = await this.#stripe.checkout.sessions.create(
      {
        mode: "payment",
        client_reference_id: request.paymentId,
        customer_email: request.email,
        line_items: [
          {
            quantity: 1,
            price_data: {
              currency: request.currency,
              unit_amount: Number(request.amountMinor),
              product_data: { name: request.description },
            },
          },
        ],
        metadata: { payment_id: request.paymentId },
        payment_intent_data: { capture_method: "automatic", metadata: { payment_id: request.paymentId } },
        success_url: request.successUrl,
        cancel_url: request.cancelUrl,
      },
      { idempotencyKey: `checkout:${request.paymentId}` },
    );
    if (session.url === null || session.url === undefined) throw new Error(`stripe: session ${session.id} has no URL`);
    return { providerRef: session.id, url: session.url };
  }

  /** Refunds a PaymentIntent in full; the idempotency key makes a retried call return the same refund. */
  async refund(request: RefundRequest): Promise<RailResult> {
    const refund = await this.#stripe.refunds.create(
      {
        payment_intent: request.providerPaymentId,
        amount: Number(request.amountMinor),
        reason: "requested_by_customer",
      },
      { idempotencyKey: request.idempotencyKey },
    );
    if (refund.status === "failed" || refund.status === "canceled") {
      throw new Error(`stripe: refund ${refund.id} ${refund.status}: ${refund.failure_reason ?? "no reason given"}`);
    }
    return { id: refund.id, status: refund.status === "succeeded" ? "succeeded" : "pending" };
  }

  /** Transfers to a connected account ("acct_…") from the platform's balance. */
  async payout(request: PayoutRequest): Promise<RailResult> {
    const transfer = await this.#stripe.transfers.create(
      {
        amount: Number(request.amountMinor),
        currency: request.currency,
        destination: request.destination,
        description: request.note,
        metadata: { payout_key: request.idempotencyKey },
      },
      { idempotencyKey: request.idempotencyKey },
    );
    return { id: transfer.id, status: "succeeded" };
  }

  /**
   * Creates an Express connected account and its onboarding link.
   *
   * @param returnUrl - Where Stripe sends the artist back (and `refreshUrl` when the link expired).
   */
  async onboardConnect(options: {
    accountKey: string;
    email?: string;
    country?: string;
    returnUrl: string;
    refreshUrl: string;
    existingAccountId?: string;
  }): Promise<ConnectOnboarding> {
    const accountId =
      options.existingAccountId ??
      (
        await this.#stripe.accounts.create(
          {
            type: "express",
            email: options.email,
            country: options.country,
            capabilities: { transfers: { requested: true } },
            metadata: { encore_account: options.accountKey },
          },
          { idempotencyKey: `connect:${options.accountKey}` },
        )
      ).id;
    const link = await this.#stripe.accountLinks.create({
      account: accountId,
      type: "account_onboarding",
      return_url: options.returnUrl,
      refresh_url: options.refreshUrl,
    });
    return { accountId, url: link.url };
  }

  /** Verifies the `stripe-signature` header over the raw body (with the configured tolerance) and parses it. */
  async verifyWebhook(rawBody: Buffer, headers: Record<string, string | string[] | undefined>): Promise<RailEvent> {
    const signature = header(headers, "stripe-signature");
    if (signature === undefined) throw new WebhookVerificationError("stripe: the stripe-signature header is missing");
    let event: Stripe.Event;
    try {
      event = await this.#stripe.webhooks.constructEventAsync(
        rawBody,
        signature,
        this.#settings.webhookSecret,
        this.#settings.toleranceSeconds,
      );
    } catch (error) {
      throw new WebhookVerificationError(`stripe: ${(error as Error).message.split("\n")[0]}`);
    }
    return normalizeStripeEvent(event);
  }
}

function normalizeStripeEvent(event: Stripe.Event): RailEvent {
  const base = { provider: "stripe" as const, eventId: event.id };
  switch (event.type) {
    case "checkout.session.completed":
    case "checkout.session.async_payment_succeeded":
    case "checkout.session.expired":
    case "checkout.session.async_payment_failed": {
      const session = event.data.object;
      const paid = session.payment_status === "paid";
      // A completed session with a delayed payment method is not paid yet: async_payment_succeeded follows.
      if (event.type === "checkout.session.completed" && !paid) {
        return { kind: "ignored", ...base, type: `${event.type} (payment ${session.payment_status})` };
      }
      const intent = session.payment_intent;
      return {
        kind: "payment",
        ...base,
        outcome: event.type.endsWith("succeeded") || event.type.endsWith("completed") ? "succeeded" : "expired",
        paymentId: session.metadata?.payment_id ?? session.client_reference_id ?? undefined,
        providerRef: session.id,
        providerPaymentId: typeof intent === "string" ? intent : intent?.id,
        amountMinor: session.amount_total === null ? undefined : BigInt(session.amount_total),
        currency: session.currency ?? undefined,
      };
    }
    case "charge.refunded": {
      const charge = event.data.object;
      const intent = charge.payment_intent;
      return {
        kind: "payment",
        ...base,
        outcome: "refunded",
        paymentId: charge.metadata?.payment_id,
        providerPaymentId: typeof intent === "string" ? intent : intent?.id,
        amountMinor: BigInt(charge.amount_refunded),
        currency: charge.currency,
      };
    }
    case "charge.dispute.created":
    case "charge.dispute.closed": {
      const dispute = event.data.object;
      // Closed: "won", "lost", or "warning_closed" (an inquiry that never became a chargeback: nothing was taken).
      const stage =
        event.type === "charge.dispute.created"
          ? "opened"
          : dispute.status === "lost"
            ? "lost"
            : dispute.status === "won" || dispute.status === "warning_closed"
              ? "won"
              : undefined;
      if (stage === undefined) return { kind: "ignored", ...base, type: `${event.type} (${dispute.status})` };
      const intent = dispute.payment_intent;
      return {
        kind: "dispute",
        ...base,
        stage,
        disputeId: dispute.id,
        providerPaymentId: typeof intent === "string" ? intent : intent?.id,
        amountMinor: BigInt(dispute.amount),
        currency: dispute.currency,
        reason: dispute.reason,
      };
    }
    default:
      return { kind: "ignored", ...base, type: event.type };
  }
}
