import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { ConfigError, describeConfig, loadConfig } from "../../src/config.ts";
import { PAYPAL_SANDBOX_API } from "../../src/payments/config.ts";

const BASE = { ENCORE_RPC_URL: "http://127.0.0.1:8545", ENCORE_OPERATOR_KEY: `0x${"11".repeat(32)}` };

describe("payments configuration", () => {
  it("disables every rail cleanly when no keys are set", () => {
    const config = loadConfig(BASE);
    assert.deepEqual(config.payments.stripe, undefined);
    assert.deepEqual(config.payments.paypal, undefined);
    assert.deepEqual(config.payments.coinbase, undefined);
    assert.equal(config.payments.currency, "usd");
  });

  it("enables a rail when all its keys are set, with defaults", () => {
    const config = loadConfig({
      ...BASE,
      STRIPE_SECRET_KEY: "sk_test_abc123",
      STRIPE_WEBHOOK_SECRET: "whsec_abc",
      PAYPAL_CLIENT_ID: "id",
      PAYPAL_CLIENT_SECRET: "secret",
      PAYPAL_WEBHOOK_ID: "WH-1",
      PAYMENTS_CURRENCY: "eur",
    });
    assert.equal(config.payments.stripe?.toleranceSeconds, 300);
    assert.equal(config.payments.paypal?.apiBase, PAYPAL_SANDBOX_API);
    assert.equal(config.payments.currency, "eur");
  });

  it("names the missing half of a rail's keys", () => {
    assert.throws(
      () => loadConfig({ ...BASE, STRIPE_SECRET_KEY: "sk_test_abc123" }),
      (error: unknown) =>
        error instanceof ConfigError &&
        error.setting === "STRIPE_WEBHOOK_SECRET" &&
        /STRIPE_WEBHOOK_SECRET is missing \(STRIPE_SECRET_KEY is set\)/.test(error.message),
    );
    assert.throws(
      () => loadConfig({ ...BASE, COINBASE_COMMERCE_WEBHOOK_SECRET: "x" }),
      (error: unknown) => error instanceof ConfigError && error.setting === "COINBASE_COMMERCE_API_KEY",
    );
  });

  it("names a bad setting without echoing a secret", () => {
    assert.throws(
      () => loadConfig({ ...BASE, STRIPE_SECRET_KEY: "pk_live_oops-public", STRIPE_WEBHOOK_SECRET: "whsec_a" }),
      (error: unknown) =>
        error instanceof ConfigError &&
        error.setting === "STRIPE_SECRET_KEY" &&
        !error.message.includes("pk_live_oops-public"),
    );
    assert.throws(
      () => loadConfig({ ...BASE, PAYMENTS_CURRENCY: "jpy" }),
      (error: unknown) => error instanceof ConfigError && /PAYMENTS_CURRENCY = "jpy" is invalid/.test(error.message),
    );
  });

  it("redacts every rail secret in the printed configuration", () => {
    const config = loadConfig({
      ...BASE,
      STRIPE_SECRET_KEY: "sk_test_topsecret",
      STRIPE_WEBHOOK_SECRET: "whsec_topsecret",
      PAYPAL_CLIENT_ID: "id",
      PAYPAL_CLIENT_SECRET: "paypal-topsecret",
      PAYPAL_WEBHOOK_ID: "WH-1",
      COINBASE_COMMERCE_API_KEY: "coinbase-topsecret",
      COINBASE_COMMERCE_WEBHOOK_SECRET: "coinbase-hook-topsecret",
    });
    const printed = JSON.stringify(describeConfig(config));
    assert.doesNotMatch(printed, /topsecret/);
    assert.match(printed, /\[redacted\]/);
  });
});
