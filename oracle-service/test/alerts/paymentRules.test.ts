/** `failed_payout` and `webhook_errors` over the payment rails' tables (migration 050_payments.sql). */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";

import { createAccount } from "../../src/accounts/accounts.ts";
import { failedPayoutRule, webhookErrorsRule } from "../../src/alerts/rules/paymentRules.ts";
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
