/** The payment rails' GDPR source (export, erasure of payout destinations) and Prometheus gauges. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { createAccount } from "../../src/accounts/accounts.ts";
import type { ServiceContext } from "../../src/api/context.ts";
import { createMetricsRegistry } from "../../src/monitoring/metrics.ts";
import { paymentsMetrics } from "../../src/payments/metrics.ts";
import { paymentsPersonalData } from "../../src/payments/personalData.ts";
import { openTestDatabase, TEST_ENGINES } from "../support/databases.ts";

for (const engine of TEST_ENGINES) {
  describe(`payments personal data and metrics on ${engine}`, () => {
    it("exports payments, payouts and connected accounts, erases the personal parts, counts failures", async () => {
      const db = await openTestDatabase(engine);
      try {
        const fan = await createAccount(db, { kind: "fan", email: "fan@example.test" });
        const id = fan.id.toString();
        await db.query(
          `INSERT INTO payments (public_id, provider, provider_ref, account_id, campaign_id, beneficiary, custodial,
             amount_minor, currency, token_amount, state, updated_at)
           VALUES ('pay_1', 'stripe', 'cs_1', $1, 3, '0x00000000000000000000000000000000000000aa', true, 5000, 'usd',
             50000000, 'investing', now() - interval '90 seconds')`,
          [id],
        );
        await db.query(
          `INSERT INTO payouts (idempotency_key, account_id, provider, destination, kind, token_amount, amount_minor,
             currency, status, error)
           VALUES ('payout:1', $1, 'paypal', 'fan@example.test', 'revenue', 1000000, 100, 'usd', 'failed', 'refused')`,
          [id],
        );
        await db.query(
          `INSERT INTO payment_disputes (provider, dispute_id, payment_id, status, amount_minor, currency, reason)
           SELECT 'stripe', 'du_1', id, 'open', 5000, 'usd', 'fraudulent' FROM payments WHERE public_id = 'pay_1'`,
        );
        await db.query(
          "INSERT INTO connected_accounts (account_id, provider, external_id) VALUES ($1, 'stripe', 'acct_123')",
          [id],
        );
        await db.query(
          "INSERT INTO webhook_errors (provider, stage, message) VALUES ('stripe', 'verification', 'bad')",
        );

        const exported = (await paymentsPersonalData.export(db, fan)) as {
          payments: { id: string; state: string }[];
          disputes: { paymentId: string; disputeId: string; status: string }[];
          payouts: { destination: string | null }[];
          connectedAccounts: { id: string }[];
        };
        assert.deepEqual(
          exported.payments.map((p) => [p.id, p.state]),
          [["pay_1", "investing"]],
        );
        assert.deepEqual(
          exported.disputes.map((d) => [d.paymentId, d.disputeId, d.status]),
          [["pay_1", "du_1", "open"]],
        );
        assert.equal(exported.payouts[0].destination, "fan@example.test");
        assert.equal(exported.connectedAccounts[0].id, "acct_123");

        const text = await createMetricsRegistry({ db } as ServiceContext, [paymentsMetrics]).scrape();
        assert.match(text, /^encore_payouts_failed 1$/m);
        assert.match(text, /^encore_webhook_errors_last_hour\{provider="stripe",stage="verification"\} 1$/m);
        const lag = Number(/^encore_webhook_lag_seconds (\d+)$/m.exec(text)?.[1]);
        assert.ok(lag >= 89 && lag < 600, `lag ${lag}`);

        await db.transaction((tx) => paymentsPersonalData.erase(tx, fan));
        const after = (await paymentsPersonalData.export(db, fan)) as typeof exported;
        assert.equal(after.payouts[0].destination, null, "payout destination erased");
        assert.deepEqual(after.connectedAccounts, [], "connected account ids erased");
        assert.equal(after.payments.length, 1, "the payment stays as an accounting record");
      } finally {
        await db.close();
      }
    });
  });
}
