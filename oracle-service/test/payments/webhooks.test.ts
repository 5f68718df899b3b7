import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { after, before, describe, it } from "node:test";

import { buildApp } from "../../src/api/app.ts";
import type { App, ServiceContext } from "../../src/api/context.ts";
import type { ChainContext } from "../../src/chain/client.ts";
import { loadConfig } from "../../src/config.ts";
import type { Database } from "../../src/db/database.ts";
import { webhookRoutes } from "../../src/payments/webhookRoutes.ts";
import { openTestDatabase, TEST_ENGINES } from "../support/databases.ts";
import { startFakeProviders, type FakeProviders } from "./fakeProviders.ts";
import { coinbaseSignature, railsEnv, stripeSignature } from "./paymentsKit.ts";

/** Verification never touches the chain: a context whose chain refuses use. */
const NO_CHAIN = new Proxy({}, { get: () => assert.fail("verification must not touch the chain") }) as ChainContext;

function stripeIgnoredEvent(): string {
  return JSON.stringify({
    id: `evt_${randomBytes(8).toString("hex")}`,
    object: "event",
    type: "customer.created",
    created: Math.floor(Date.now() / 1000),
    data: { object: { id: "cus_1", object: "customer" } },
  });
}

function coinbaseEvent(type = "charge:pending"): string {
  return JSON.stringify({
    id: randomBytes(8).toString("hex"),
    scheduled_for: new Date().toISOString(),
    event: { id: randomBytes(8).toString("hex"), type, data: { code: "ABCD1234", metadata: {} } },
  });
}

function paypalEvent(): string {
  return JSON.stringify({
    id: `WH-${randomBytes(6).toString("hex")}`,
    event_type: "PAYMENT.PAYOUTSBATCH.PROCESSING",
    resource: { batch_header: { payout_batch_id: "B1" } },
  });
}

for (const engine of TEST_ENGINES) {
  describe(`webhook verification on ${engine}`, () => {
    let fake: FakeProviders;
    let db: Database;
    let app: App;
    const post = async (provider: string, body: string, headers: Record<string, string>) => {
      const response = await app.inject({
        method: "POST",
        url: `/v1/webhooks/${provider}`,
        headers: { "content-type": "application/json", ...headers },
        payload: body,
      });
      return { status: response.statusCode, body: response.json<{ message?: string; duplicate?: boolean }>() };
    };
    const counts = async () => {
      const [events] = await db.query<{ n: bigint }>("SELECT count(*)::int8 AS n FROM payment_events");
      const [errors] = await db.query<{ n: bigint }>("SELECT count(*)::int8 AS n FROM webhook_errors");
      return { events: Number(events.n), errors: Number(errors.n) };
    };

    before(async () => {
      fake = await startFakeProviders();
      db = await openTestDatabase(engine);
      const config = loadConfig({
        ENCORE_RPC_URL: "http://127.0.0.1:1",
        ENCORE_OPERATOR_KEY: `0x${"11".repeat(32)}`,
        ...railsEnv(fake),
      });
      const context: ServiceContext = { config, db, chain: NO_CHAIN };
      app = await buildApp(context, { routes: [webhookRoutes], logger: false });
    });
    after(async () => {
      await app?.close();
      await db?.close();
      await fake?.close();
    });

    it("stripe: accepts a good signature once, answers a repeat as a duplicate", async () => {
      const body = stripeIgnoredEvent();
      const first = await post("stripe", body, { "stripe-signature": stripeSignature(body) });
      assert.equal(first.status, 200);
      assert.equal(first.body.duplicate, false);
      const again = await post("stripe", body, { "stripe-signature": stripeSignature(body) });
      assert.equal(again.status, 200);
      assert.equal(again.body.duplicate, true);
    });

    it("stripe: refuses a bad signature, a stale timestamp and a tampered body with 400, storing no event", async () => {
      const before = await counts();
      const body = stripeIgnoredEvent();
      const wrongSecret = await post("stripe", body, {
        "stripe-signature": stripeSignature(body, { secret: "whsec_wrong" }),
      });
      assert.equal(wrongSecret.status, 400);
      assert.match(wrongSecret.body.message ?? "", /^stripe: .*signature/i);
      const stale = await post("stripe", body, {
        "stripe-signature": stripeSignature(body, { timestamp: Math.floor(Date.now() / 1000) - 301 }),
      });
      assert.equal(stale.status, 400);
      assert.match(stale.body.message ?? "", /tolerance/i);
      const tampered = await post("stripe", body.replace("customer.created", "checkout.session.completed"), {
        "stripe-signature": stripeSignature(body),
      });
      assert.equal(tampered.status, 400);
      const missing = await post("stripe", body, {});
      assert.equal(missing.status, 400);
      assert.match(missing.body.message ?? "", /stripe-signature header is missing/);
      const after = await counts();
      assert.equal(after.events, before.events, "nothing stored");
      assert.equal(after.errors, before.errors + 4, "every refusal counted for the alert rule");
    });

    it("coinbase: accepts the HMAC of the raw body, refuses a wrong one and a tampered body", async () => {
      const body = coinbaseEvent();
      const good = await post("coinbase", body, { "x-cc-webhook-signature": coinbaseSignature(body) });
      assert.equal(good.status, 200, JSON.stringify(good.body));
      const before = await counts();
      const bad = await post("coinbase", body, { "x-cc-webhook-signature": coinbaseSignature(body, "other") });
      assert.equal(bad.status, 400);
      assert.equal(bad.body.message, "coinbase: signature mismatch");
      const tampered = await post("coinbase", body.replace("charge:pending", "charge:confirmed"), {
        "x-cc-webhook-signature": coinbaseSignature(body),
      });
      assert.equal(tampered.status, 400);
      // Same JSON, different bytes (whitespace): the signature is over the raw body, so it fails too.
      const reformatted = JSON.stringify(JSON.parse(body), null, 1);
      const reencoded = await post("coinbase", reformatted, { "x-cc-webhook-signature": coinbaseSignature(body) });
      assert.equal(reencoded.status, 400);
      const after = await counts();
      assert.equal(after.events, before.events);
      assert.equal(after.errors, before.errors + 3);
    });

    it("paypal: verifies through the verify-webhook-signature API; refuses bad, stale and tampered deliveries", async () => {
      const body = paypalEvent();
      const good = await post("paypal", body, fake.signPayPal(body));
      assert.equal(good.status, 200, JSON.stringify(good.body));
      assert.ok(fake.calls.includes("/v1/notifications/verify-webhook-signature"));
      const before = await counts();
      const headers = fake.signPayPal(body);
      const bad = await post("paypal", body, { ...headers, "paypal-transmission-sig": "AAAA" });
      assert.equal(bad.status, 400);
      assert.equal(bad.body.message, "paypal: PayPal did not verify the signature");
      const stale = await post("paypal", body, fake.signPayPal(body, { time: new Date(Date.now() - 301_000) }));
      assert.equal(stale.status, 400);
      assert.match(stale.body.message ?? "", /tolerance/);
      const tampered = await post("paypal", body.replace("PROCESSING", "SUCCESS"), headers);
      assert.equal(tampered.status, 400);
      const after = await counts();
      assert.equal(after.events, before.events);
      assert.equal(after.errors, before.errors + 3);
    });
  });
}
