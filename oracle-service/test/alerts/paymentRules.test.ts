/** `failed_payout`, `payment_dispute` and `webhook_errors` over the payment rails' tables (migrations 050, 080). */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";

import { createAccount } from "../../src/accounts/accounts.ts";
import { failedPayoutRule, paymentDisputeRule, webhookErrorsRule } from "../../src/alerts/rules/paymentRules.ts";
import type { ServiceContext } from "../../src/api/context.ts";
import type { Database } from "../../src/db/database.ts";
import { openTestDatabase, TEST_ENGINES } from "../support/databases.ts";

for (const engine of TEST_ENGINES) {
  describe(`payment alert rules on ${engine}`, () => {
    let db: Database;
    let context: ServiceContext;
    before(async () => {
      db = await openTestDatabase(engine);
      context = { db } as ServiceContext;
    });
    after(async () => db.close());

    it("raise one critical alert per failed payout, gone once a retry pays it", async () => {
      const fan = await createAccount(db, { kind: "fan" });
      for (const [key, status] of [
        ["payout:a", "paid"],
        ["payout:b", "failed"],
        ["payout:c", "failed"],
      ]) {
        await db.query(
          `INSERT INTO payouts (idempotency_key, account_id, provider, kind, token_amount, amount_minor, currency, status, error)
           VALUES ($1, $2, 'paypal', 'revenue', 1000000, 100, 'usd', $3, $4)`,
          [key, fan.id.toString(), status, status === "failed" ? "RECEIVER_UNREGISTERED\ndetails" : null],
        );
      }
      const ids = await db.query<{ id: bigint }>("SELECT id FROM payouts WHERE status = 'failed' ORDER BY id");
      const findings = await failedPayoutRule().evaluate(context);
      assert.deepEqual(
        findings.map((f) => [f.key, f.severity, f.details?.error]),
        ids.map((row) => [`payout:${row.id}`, "critical", "RECEIVER_UNREGISTERED"]),
      );
      await db.query("UPDATE payouts SET status = 'paid' WHERE id = $1", [ids[0].id.toString()]);
      assert.equal((await failedPayoutRule().evaluate(context)).length, 1);
    });

    it("warn once per open dispute, naming the payment and reason; closed disputes are quiet", async () => {
      const fan = await createAccount(db, { kind: "fan" });
      for (const publicId of ["pay_d1", "pay_d2"]) {
        await db.query(
          `INSERT INTO payments (public_id, provider, provider_ref, account_id, campaign_id, beneficiary, custodial,
             amount_minor, currency, token_amount, state)
           VALUES ($1, 'stripe', $1, $2, 1, '0x00000000000000000000000000000000000000aa', true, 900, 'eur', 9000000,
             'invested')`,
          [publicId, fan.id.toString()],
        );
      }
      await db.query(
        `INSERT INTO payment_disputes (provider, dispute_id, payment_id, status, amount_minor, currency, reason)
         SELECT 'stripe', 'du_' || public_id, id, CASE public_id WHEN 'pay_d1' THEN 'open' ELSE 'won' END, 900, 'eur',
           'product_not_received'
         FROM payments WHERE public_id IN ('pay_d1', 'pay_d2')`,
      );
      const findings = await paymentDisputeRule().evaluate(context);
      assert.deepEqual(
        findings.map((f) => [f.key, f.severity, f.summary]),
        [
          [
            "dispute:stripe:du_pay_d1",
            "warning",
            "Payment pay_d1 is disputed (product_not_received): submit evidence at stripe",
          ],
        ],
      );
      await db.query("UPDATE payment_disputes SET status = 'lost', closed_at = now()");
      assert.deepEqual(await paymentDisputeRule().evaluate(context), []);
    });

    it("warn per provider while webhook deliveries failed within the window", async () => {
      await db.query(
        "INSERT INTO webhook_errors (provider, stage, message, at) VALUES ('stripe', 'verification', 'old', now() - interval '1 hour')",
      );
      assert.deepEqual(await webhookErrorsRule().evaluate(context), [], "an hour-old failure is outside the window");
      await db.query(
        `INSERT INTO webhook_errors (provider, stage, message, at) VALUES
           ('stripe', 'verification', 'signature mismatch', now() - interval '2 minutes'),
           ('stripe', 'processing', 'timeout\nstack', now() - interval '1 minute'),
           ('coinbase', 'verification', 'bad hmac', now())`,
      );
      const findings = await webhookErrorsRule().evaluate(context);
      assert.deepEqual(
        findings.map((f) => [f.key, f.severity, f.summary, f.details?.lastError]),
        [
          [
            "webhooks:coinbase",
            "warning",
            "1 coinbase webhook delivery(ies) failed in the last 15 minutes",
            "verification: bad hmac",
          ],
          [
            "webhooks:stripe",
            "warning",
            "2 stripe webhook delivery(ies) failed in the last 15 minutes",
            "processing: timeout",
          ],
        ],
      );
    });
  });
}
