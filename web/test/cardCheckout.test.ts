/**
 * The card checkout client against a local HTTP server that answers like the service's payment routes: the request
 * it sends, the answers it parses, refusals with their status and message, an unreachable service, and the payment a
 * Checkout return URL names.
 */
import assert from "node:assert/strict";
import { createServer, type Server } from "node:http";
import { after, before, describe, it } from "node:test";

import {
  CheckoutError,
  fetchPayment,
  fetchPaymentOptions,
  FINAL_PAYMENT_STATES,
  paymentReturn,
  startCardCheckout,
} from "../src/lib/cardCheckout.ts";

const PAYMENT = "pay_0123456789abcdef0123";

describe("card checkout client", () => {
  let server: Server;
  let url: string;
  const received: { method: string; path: string; type: string; body: string }[] = [];

  before(async () => {
    server = createServer((request, response) => {
      let body = "";
      request.on("data", (chunk: Buffer) => (body += chunk.toString()));
      request.on("end", () => {
        const path = request.url ?? "/";
        received.push({ method: request.method ?? "", path, type: request.headers["content-type"] ?? "", body });
        const send = (status: number, answer: unknown) =>
          response.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(answer));
        if (path === "/v1/payments/options") return send(200, { providers: ["stripe"], currency: "eur" });
        if (path === "/v1/payments/checkout") {
          const { campaignId } = JSON.parse(body) as { campaignId: string };
          if (campaignId === "9") {
            return send(422, {
              error: "Unprocessable Entity",
              message: "amountMinor: this investment would be refused",
            });
          }
          if (campaignId === "8") return send(503, { error: "Service Unavailable", message: "rail off" });
          return send(201, {
            paymentId: PAYMENT,
            campaignId,
            amountMinor: "2500",
            currency: "eur",
            tokenAmount: "25000000",
            custodial: false,
            state: "created",
            url: "https://checkout.example/cs_test_1",
          });
        }
        if (path === `/v1/payments/${PAYMENT}`) {
          return send(200, {
            paymentId: PAYMENT,
            campaignId: "3",
            amountMinor: "2500",
            currency: "eur",
            tokenAmount: "25000000",
            custodial: false,
            state: "invested",
          });
        }
        return send(404, { error: "Not Found", message: `no ${path}` });
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const address = server.address();
    url = `http://127.0.0.1:${typeof address === "object" && address !== null ? address.port : 0}`;
  });
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it("reads the enabled ways to pay", async () => {
    assert.deepEqual(await fetchPaymentOptions(url), { providers: ["stripe"], currency: "eur" });
  });

  it("starts a Stripe checkout for the wallet with a JSON body and returns where to pay", async () => {
    const wallet = "0x90F79bf6EB2c4f870365E785982E1f101E93b906";
    const payment = await startCardCheckout(url, { campaignId: 3n, amountMinor: 2_500n, wallet });
    assert.equal(payment.url, "https://checkout.example/cs_test_1");
    assert.equal(payment.state, "created");
    const sent = received.find((request) => request.path === "/v1/payments/checkout");
    assert.equal(sent?.method, "POST");
    assert.equal(sent?.type, "application/json");
    assert.deepEqual(JSON.parse(sent?.body ?? ""), {
      provider: "stripe",
      campaignId: "3",
      amountMinor: "2500",
      wallet,
    });
  });

  it("turns refusals into errors with the service's status and message", async () => {
    const refused = await startCardCheckout(url, { campaignId: 9n, amountMinor: 100n, wallet: "0x1" }).catch(
      (error: unknown) => error,
    );
    assert.ok(refused instanceof CheckoutError);
    assert.equal(refused.status, 422);
    assert.equal(refused.message, "amountMinor: this investment would be refused");
    const off = await startCardCheckout(url, { campaignId: 8n, amountMinor: 100n, wallet: "0x1" }).catch(
      (error: unknown) => error,
    );
    assert.ok(off instanceof CheckoutError && off.status === 503);
    const unknown = await fetchPayment(url, "pay_ffffffffffffffffffff").catch((error: unknown) => error);
    assert.ok(unknown instanceof CheckoutError && unknown.status === 404);
  });

  it("reads a payment's state", async () => {
    const payment = await fetchPayment(url, PAYMENT);
    assert.equal(payment.state, "invested");
    assert.equal(payment.tokenAmount, "25000000");
  });

  it("reports an unreachable service as status 0", async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const address = closed.address();
    const port = typeof address === "object" && address !== null ? address.port : 0;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const down = await fetchPaymentOptions(`http://127.0.0.1:${port}`).catch((error: unknown) => error);
    assert.ok(down instanceof CheckoutError);
    assert.equal(down.status, 0);
  });

  it("stops following a payment in every state the service never leaves", () => {
    // The service's terminal states (oracle-service/src/payments/paymentStore.ts PaymentState).
    for (const state of ["invested", "refunded", "refund_manual", "expired", "charged_back"]) {
      assert.ok(FINAL_PAYMENT_STATES.includes(state), state);
    }
    for (const state of ["created", "investing", "refund_pending"]) assert.ok(!FINAL_PAYMENT_STATES.includes(state));
  });

  it("finds the payment in a Checkout return URL", () => {
    assert.deepEqual(paymentReturn(`?payment=${PAYMENT}`), { paymentId: PAYMENT, cancelled: false });
    assert.deepEqual(paymentReturn(`?payment=${PAYMENT}&cancelled=1`), { paymentId: PAYMENT, cancelled: true });
    assert.equal(paymentReturn("?payment=pay_nothex"), undefined);
    assert.equal(paymentReturn(""), undefined);
  });
});
