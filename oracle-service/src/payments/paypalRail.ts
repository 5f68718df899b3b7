/**
 * PayPal Payouts for fans without a wallet, through PayPal's official `@paypal/payouts-sdk` (the newer
 * `@paypal/paypal-server-sdk` covers orders, payments, vault and subscriptions but not Payouts nor webhook
 * verification). One payout = one batch of one item whose `sender_batch_id` and `sender_item_id` are our idempotency
 * key; the request also carries it as `PayPal-Request-Id`, so a retried call returns the original batch.
 *
 * Webhooks are verified by PayPal's verify-webhook-signature API (through the SDK's authenticated HTTP client)
 * after a local check that the transmission time is within the tolerance.
 */
import paypal from "@paypal/payouts-sdk";

import { minorToDecimal } from "./amounts.ts";
import type { PayPalSettings } from "./config.ts";
import {
  header,
  RailUnsupportedError,
  WebhookVerificationError,
  type CreatedPayment,
  type PaymentRail,
  type PayoutRequest,
  type RailEvent,
  type RailResult,
} from "./rail.ts";

/** Oldest accepted transmission time (seconds), as for Stripe. */
export const PAYPAL_TOLERANCE_SECONDS = 300;

const HEADERS = ["auth-algo", "cert-url", "transmission-id", "transmission-sig", "transmission-time"] as const;

const FAILED_ITEM_EVENTS = new Set([
  "PAYMENT.PAYOUTS-ITEM.FAILED",
  "PAYMENT.PAYOUTS-ITEM.BLOCKED",
  "PAYMENT.PAYOUTS-ITEM.CANCELED",
  "PAYMENT.PAYOUTS-ITEM.DENIED",
  "PAYMENT.PAYOUTS-ITEM.RETURNED",
  "PAYMENT.PAYOUTS-ITEM.REFUNDED",
]);

/** The PayPal rail (payouts only). */
export class PayPalRail implements PaymentRail {
  readonly provider = "paypal" as const;
  readonly #settings: PayPalSettings;
  readonly #client: InstanceType<typeof paypal.core.PayPalHttpClient>;

  /** @param settings - App credentials, webhook id and API base (sandbox by default; the local fake in tests). */
  constructor(settings: PayPalSettings) {
    this.#settings = settings;
    const environment = new paypal.core.PayPalEnvironment(
      settings.clientId,
      settings.clientSecret,
      settings.apiBase,
      settings.apiBase,
    );
    this.#client = new paypal.core.PayPalHttpClient(environment);
  }

  /** Card investments go through Stripe. @throws {RailUnsupportedError} Always. */
  createPayment(): Promise<CreatedPayment> {
    return Promise.reject(new RailUnsupportedError("paypal: this platform takes investments by card (Stripe) only"));
  }

  /** Nothing is collected through PayPal, so nothing is refunded. @throws {RailUnsupportedError} Always. */
  refund(): Promise<RailResult> {
    return Promise.reject(new RailUnsupportedError("paypal: no PayPal payments are taken, so none are refunded"));
  }

  /** Sends one payout item to a PayPal account (by email). */
  async payout(request: PayoutRequest): Promise<RailResult> {
    const post = new paypal.payouts.PayoutsPostRequest();
    post.payPalRequestId(request.idempotencyKey);
    post.requestBody({
      sender_batch_header: {
        sender_batch_id: request.idempotencyKey,
        email_subject: "Your Encore payout",
        recipient_type: "EMAIL",
      },
      items: [
        {
          recipient_type: "EMAIL",
          receiver: request.destination,
          amount: { value: minorToDecimal(request.amountMinor), currency: request.currency.toUpperCase() },
          sender_item_id: request.idempotencyKey,
          note: request.note,
        },
      ],
    });
    const response = await this.#client.execute<{ batch_header?: { payout_batch_id?: string; batch_status?: string } }>(
      post,
    );
    const batch = response.result.batch_header;
    if (batch?.payout_batch_id === undefined) throw new Error("paypal: the payout answer has no batch id");
    return { id: batch.payout_batch_id, status: batch.batch_status === "SUCCESS" ? "succeeded" : "pending" };
  }

  /** Checks the transmission time, then asks PayPal to verify the signature, then parses the event. */
  async verifyWebhook(rawBody: Buffer, headers: Record<string, string | string[] | undefined>): Promise<RailEvent> {
    const values: Record<string, string> = {};
    for (const name of HEADERS) {
      const value = header(headers, `paypal-${name}`);
      if (value === undefined) throw new WebhookVerificationError(`paypal: the paypal-${name} header is missing`);
      values[name] = value;
    }
    const sentAt = Date.parse(values["transmission-time"]);
    if (Number.isNaN(sentAt)) throw new WebhookVerificationError("paypal: paypal-transmission-time is not a date");
    if (Math.abs(Date.now() - sentAt) > PAYPAL_TOLERANCE_SECONDS * 1000) {
      throw new WebhookVerificationError("paypal: the transmission time is outside the tolerance zone");
    }
    let event: { id?: unknown; event_type?: unknown; resource?: Record<string, unknown> };
    try {
      event = JSON.parse(rawBody.toString("utf8")) as typeof event;
    } catch {
      throw new WebhookVerificationError("paypal: the body is not JSON");
    }
    if (typeof event.id !== "string" || typeof event.event_type !== "string") {
      throw new WebhookVerificationError("paypal: the body is not a webhook event");
    }
    const verification = await this.#client.execute<{ verification_status?: string }>({
      path: "/v1/notifications/verify-webhook-signature",
      verb: "POST",
      headers: { "Content-Type": "application/json" },
      body: {
        auth_algo: values["auth-algo"],
        cert_url: values["cert-url"],
        transmission_id: values["transmission-id"],
        transmission_sig: values["transmission-sig"],
        transmission_time: values["transmission-time"],
        webhook_id: this.#settings.webhookId,
        webhook_event: event,
      },
    });
    if (verification.result.verification_status !== "SUCCESS") {
      throw new WebhookVerificationError("paypal: PayPal did not verify the signature");
    }
    return normalizePayPalEvent(event.id, event.event_type, event.resource ?? {});
  }
}

function normalizePayPalEvent(eventId: string, type: string, resource: Record<string, unknown>): RailEvent {
  const item = (resource.payout_item ?? {}) as { sender_item_id?: unknown };
  const payoutKey = typeof item.sender_item_id === "string" ? item.sender_item_id : undefined;
  if (payoutKey !== undefined && type === "PAYMENT.PAYOUTS-ITEM.SUCCEEDED") {
    return { kind: "payout", provider: "paypal", eventId, outcome: "paid", payoutKey };
  }
  if (payoutKey !== undefined && FAILED_ITEM_EVENTS.has(type)) {
    const errors = resource.errors as { message?: string } | undefined;
    return {
      kind: "payout",
      provider: "paypal",
      eventId,
      outcome: "failed",
      payoutKey,
      error: `${type}${errors?.message ? `: ${errors.message}` : ""}`,
    };
  }
  return { kind: "ignored", provider: "paypal", eventId, type };
}
