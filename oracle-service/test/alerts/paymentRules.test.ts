/**
 * `failed_payout` and `webhook_errors` against their documented query contract (src/alerts/rules/paymentRules.ts).
 * The payments migration lives on another branch, so the test creates the minimal tables the rules read, only if
 * absent; before that the rules find nothing.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";

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

    it("find nothing while the payments tables do not exist", async () => {
      const [row] = await db.query<{ present: boolean }>("SELECT to_regclass('payouts') IS NOT NULL AS present");
      if (row.present) return;
      assert.deepEqual(await failedPayoutRule().evaluate(context), []);
      assert.deepEqual(await webhookErrorsRule().evaluate(context), []);
    });

    it("raise one critical alert per failed payout, gone once its status changes", async () => {
      await db.query("CREATE TABLE IF NOT EXISTS payouts (id bigserial PRIMARY KEY, status text NOT NULL)");
      await db.query("INSERT INTO payouts (status) VALUES ('paid'), ('failed'), ('failed')");
      const ids = await db.query<{ id: bigint }>("SELECT id FROM payouts WHERE status = 'failed' ORDER BY id");
      const findings = await failedPayoutRule().evaluate(context);
      assert.deepEqual(
        findings.map((f) => [f.key, f.severity]),
        ids.map((row) => [`payout:${row.id}`, "critical"]),
      );
      await db.query("UPDATE payouts SET status = 'paid' WHERE id = $1", [ids[0].id.toString()]);
      assert.equal((await failedPayoutRule().evaluate(context)).length, 1);
    });

    it("warn while webhook events failed within the window", async () => {
      await db.query(
        `CREATE TABLE IF NOT EXISTS payment_events (id bigserial PRIMARY KEY, error text,
           received_at timestamptz NOT NULL DEFAULT now())`,
      );
      await db.query(
        "INSERT INTO payment_events (error, received_at) VALUES ('old failure', now() - interval '1 hour')",
      );
      await db.query("INSERT INTO payment_events (error) VALUES (NULL)");
      assert.deepEqual(await webhookErrorsRule().evaluate(context), [], "an hour-old failure is outside the window");
      await db.query("INSERT INTO payment_events (error) VALUES ('signature mismatch\nat line 3'), ('timeout')");
      const [finding] = await webhookErrorsRule().evaluate(context);
      assert.equal(finding.key, "webhooks");
      assert.equal(finding.severity, "warning");
      assert.equal(finding.summary, "2 payment webhook event(s) failed in the last 15 minutes");
      assert.ok(["timeout", "signature mismatch"].includes(finding.details?.lastError ?? ""));
    });
  });
}
