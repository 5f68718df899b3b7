/**
 * A local HTTP fake of the few provider endpoints the rails call, on a loopback port, for tests only. The real SDKs
 * talk to it: Stripe (`/v1/checkout/sessions`, `/v1/refunds`, `/v1/transfers`, `/v1/accounts`,
 * `/v1/account_links`, honouring `Idempotency-Key` as Stripe does), Coinbase Commerce (`/charges`), PayPal
 * (`/v1/oauth2/token`, `/v1/payments/payouts` honouring `PayPal-Request-Id`, and
 * `/v1/notifications/verify-webhook-signature`, which checks an HMAC made by {@link FakeProviders.signPayPal}).
 * Everything that moves money is logged so tests can count it.
 */
import { createHmac, randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type Server } from "node:http";
import { crc32 } from "node:zlib";

/** A refund the fake made. */
export interface FakeRefund {
  id: string;
  paymentIntent: string;
  amount: number;
  idempotencyKey: string;
}

/** A payout/transfer the fake made. */
export interface FakeTransfer {
  id: string;
  destination: string;
  amount: number;
  idempotencyKey: string;
}

/** A Checkout Session the fake created. */
export interface FakeSession {
  id: string;
  paymentId: string;
  amount: number;
  currency: string;
  paymentIntent: string;
}

/** The running fake. */
export interface FakeProviders {
  url: string;
  sessions: Map<string, FakeSession>;
  refunds: FakeRefund[];
  transfers: FakeTransfer[];
  paypalPayouts: FakeTransfer[];
  charges: { code: string; paymentId: string; amount: string; currency: string }[];
  /** Requests per path (to prove idempotent retries reached the fake). */
  calls: string[];
  /** Headers of a PayPal webhook delivery of `body`, signed the way the fake's verification API checks. */
  signPayPal(body: string, options?: { time?: Date }): Record<string, string>;
  /** The PayPal webhook id the fake accepts. */
  paypalWebhookId: string;
  /** Makes the next `count` requests to `path` answer 500 (a provider outage). */
  failNext(path: string, count: number): void;
  close(): Promise<void>;
}

const PAYPAL_SECRET = "fake-paypal-signing-key";

/** Starts the fake on a free loopback port. */
export async function startFakeProviders(): Promise<FakeProviders> {
  const sessions = new Map<string, FakeSession>();
  const refunds: FakeRefund[] = [];
  const transfers: FakeTransfer[] = [];
  const paypalPayouts: FakeTransfer[] = [];
  const charges: FakeProviders["charges"] = [];
  const calls: string[] = [];
  const idempotent = new Map<string, { status: number; body: unknown }>();
  const failures = new Map<string, number>();
  const paypalWebhookId = "WH-FAKE-1";
  const id = (prefix: string) => `${prefix}_${randomBytes(8).toString("hex")}`;

  const handle = (method: string, path: string, form: URLSearchParams, json: Record<string, unknown>, key: string) => {
    if (method === "POST" && path === "/v1/checkout/sessions") {
      const session: FakeSession = {
        id: id("cs_test"),
        paymentId: form.get("metadata[payment_id]") ?? "",
        amount: Number(form.get("line_items[0][price_data][unit_amount]")),
        currency: form.get("line_items[0][price_data][currency]") ?? "",
        paymentIntent: id("pi"),
      };
      sessions.set(session.id, session);
      return {
        status: 200,
        body: { id: session.id, object: "checkout.session", url: `https://pay.test/${session.id}` },
      };
    }
    if (method === "POST" && path === "/v1/refunds") {
      const intent = form.get("payment_intent") ?? "";
      if (refunds.some((refund) => refund.paymentIntent === intent)) {
        return stripeError(400, "charge_already_refunded", `${intent} was already refunded`);
      }
      const refund = { id: id("re"), paymentIntent: intent, amount: Number(form.get("amount")), idempotencyKey: key };
      refunds.push(refund);
      return { status: 200, body: { id: refund.id, object: "refund", status: "succeeded", amount: refund.amount } };
    }
    if (method === "POST" && path === "/v1/transfers") {
      const destination = form.get("destination") ?? "";
      if (!destination.startsWith("acct_")) return stripeError(400, "resource_missing", `No such destination`);
      const transfer = { id: id("tr"), destination, amount: Number(form.get("amount")), idempotencyKey: key };
      transfers.push(transfer);
      return { status: 200, body: { id: transfer.id, object: "transfer", amount: transfer.amount } };
    }
    if (method === "POST" && path === "/v1/accounts") {
      return { status: 200, body: { id: id("acct"), object: "account", type: "express" } };
    }
    if (method === "POST" && path === "/v1/account_links") {
      return { status: 200, body: { object: "account_link", url: `https://connect.test/${form.get("account")}` } };
    }
    if (method === "POST" && path === "/charges") {
      const code = randomBytes(4).toString("hex").toUpperCase();
      const price = json.local_price as { amount: string; currency: string };
      const metadata = json.metadata as { payment_id: string };
      charges.push({ code, paymentId: metadata.payment_id, amount: price.amount, currency: price.currency });
      return {
        status: 201,
        body: { data: { id: randomBytes(8).toString("hex"), code, hosted_url: `https://commerce.test/${code}` } },
      };
    }
    if (method === "POST" && path === "/v1/oauth2/token") {
      return { status: 200, body: { access_token: "fake-token", token_type: "Bearer", expires_in: 32_400 } };
    }
    if (method === "POST" && path === "/v1/payments/payouts") {
      const item = (json.items as { receiver: string; amount: { value: string }; sender_item_id: string }[])[0];
      const payout = {
        id: id("PAYOUTBATCH"),
        destination: item.receiver,
        amount: Math.round(Number(item.amount.value) * 100),
        idempotencyKey: item.sender_item_id,
      };
      paypalPayouts.push(payout);
      return { status: 201, body: { batch_header: { payout_batch_id: payout.id, batch_status: "PENDING" } } };
    }
    if (method === "POST" && path === "/v1/notifications/verify-webhook-signature") {
      const expected = paypalSignature(
        String(json.transmission_id),
        String(json.transmission_time),
        String(json.webhook_id),
        JSON.stringify(json.webhook_event),
      );
      const ok = json.webhook_id === paypalWebhookId && json.transmission_sig === expected;
      return { status: 200, body: { verification_status: ok ? "SUCCESS" : "FAILURE" } };
    }
    return { status: 404, body: { error: { message: `fake: no route ${method} ${path}` } } };
  };

  const server: Server = createServer((request, response) => {
    void readBody(request).then((raw) => {
      const path = (request.url ?? "/").split("?")[0];
      calls.push(path);
      const send = (status: number, body: unknown) => {
        response.writeHead(status, { "content-type": "application/json" });
        response.end(JSON.stringify(body));
      };
      const failing = failures.get(path) ?? 0;
      if (failing > 0) {
        failures.set(path, failing - 1);
        return send(500, { error: { type: "api_error", message: "fake outage" } });
      }
      const key = String(request.headers["idempotency-key"] ?? request.headers["paypal-request-id"] ?? "");
      const cacheKey = `${path} ${key}`;
      const cached = key === "" ? undefined : idempotent.get(cacheKey);
      if (cached !== undefined) return send(cached.status, cached.body);
      const type = String(request.headers["content-type"] ?? "");
      const form = new URLSearchParams(type.includes("x-www-form-urlencoded") ? raw : "");
      let json: Record<string, unknown> = {};
      if (type.includes("json") && raw !== "") json = JSON.parse(raw) as Record<string, unknown>;
      const answer = handle(request.method ?? "GET", path, form, json, key);
      if (key !== "" && answer.status < 500) idempotent.set(cacheKey, answer);
      send(answer.status, answer.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  const port = typeof address === "object" && address !== null ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    sessions,
    refunds,
    transfers,
    paypalPayouts,
    charges,
    calls,
    paypalWebhookId,
    signPayPal(body, options = {}) {
      const transmissionId = randomBytes(8).toString("hex");
      const time = (options.time ?? new Date()).toISOString();
      const event = JSON.parse(body) as unknown;
      return {
        "paypal-auth-algo": "SHA256withRSA",
        "paypal-cert-url": "https://api.sandbox.paypal.com/v1/notifications/certs/CERT-fake",
        "paypal-transmission-id": transmissionId,
        "paypal-transmission-time": time,
        "paypal-transmission-sig": paypalSignature(transmissionId, time, paypalWebhookId, JSON.stringify(event)),
      };
    },
    failNext(path, count) {
      failures.set(path, count);
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function paypalSignature(transmissionId: string, time: string, webhookId: string, body: string): string {
  return createHmac("sha256", PAYPAL_SECRET)
    .update(`${transmissionId}|${time}|${webhookId}|${crc32(body)}`)
    .digest("base64");
}

function stripeError(status: number, code: string, message: string) {
  return { status, body: { error: { type: "invalid_request_error", code, message } } };
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    request.on("error", reject);
  });
}
