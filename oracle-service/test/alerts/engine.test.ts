/**
 * The alert engine against a real SMTP server on loopback (operator email) and a recording SMS channel: a finding is
 * raised once, repeated evaluation sends nothing new, a resolved notice follows when it disappears, a restarted
 * engine keeps the state, a failing or hanging rule is reported (and never crashes the round), and a refused
 * notice is sent again at the next round to the recipient who missed it only.
 */
import assert from "node:assert/strict";
import { after, before, beforeEach, describe, it } from "node:test";

import type { AlertFinding, AlertRule } from "../../src/alerts/alertRule.ts";
import { createAlertEngine, ENGINE_RULE } from "../../src/alerts/engine.ts";
import type { ServiceContext } from "../../src/api/context.ts";
import type { ChainContext } from "../../src/chain/client.ts";
import { loadConfig } from "../../src/config.ts";
import type { Database } from "../../src/db/database.ts";
import { createSmtpEmail, type Channel, type OutgoingMessage } from "../../src/notifications/channels.ts";
import { openTestDatabase, TEST_ENGINES } from "../support/databases.ts";
import { startSmtpSink, type SmtpSink } from "../support/smtp.ts";

const OPERATORS = ["ops1@encore.test", "ops2@encore.test"];
const PHONES = ["+33600000001"];

for (const engine of TEST_ENGINES) {
  describe(`alert engine on ${engine}`, () => {
    let db: Database;
    let smtp: SmtpSink;
    let email: Channel<string>;
    let service: ServiceContext;
    const texts: { to: string; message: OutgoingMessage }[] = [];
    const sms: Channel<string> = {
      name: "sms",
      send: (to, message) => {
        texts.push({ to, message });
        return Promise.resolve();
      },
      close: () => undefined,
    };
    let findings: AlertFinding[] = [];
    let failure: Error | undefined;
    const rule: AlertRule = {
      id: "late_payment",
      description: "test rule",
      evaluate: () => (failure === undefined ? Promise.resolve(findings) : Promise.reject(failure)),
    };
    const engineWith = (rules: AlertRule[] = [rule], ruleTimeoutMs?: number) =>
      createAlertEngine({
        service,
        rules,
        email,
        sms,
        operatorEmails: OPERATORS,
        operatorPhones: PHONES,
        intervalMs: 50,
        ruleTimeoutMs,
      });

    before(async () => {
      smtp = await startSmtpSink();
      email = createSmtpEmail({ host: "127.0.0.1", port: smtp.port, secure: false }, "Encore <alerts@encore.test>");
    });
    after(async () => {
      email.close();
      await smtp.close();
      await db.close();
    });
    beforeEach(async () => {
      await db?.close();
      db = await openTestDatabase(engine);
      const config = loadConfig({ ENCORE_RPC_URL: "http://127.0.0.1:1", ENCORE_OPERATOR_KEY: `0x${"11".repeat(32)}` });
      service = { config, db, chain: {} as ChainContext };
      smtp.messages.length = 0;
      smtp.recipients.length = 0;
      texts.length = 0;
      findings = [];
      failure = undefined;
    });

    const overdue: AlertFinding = {
      key: "report:7",
      severity: "critical",
      summary: "Report 7 (campaign 3): 640.50 overdue since 2026-12-01",
      details: { report: "7", amount: "640.50" },
    };

    it("raises once, repeats nothing, resolves with a notice, and keeps state across a restart", async () => {
      findings = [overdue];
      const first = engineWith();
      const raised = await first.runOnce();
      assert.deepEqual(
        raised.raised.map((a) => [a.rule, a.key]),
        [["late_payment", "report:7"]],
      );
      assert.equal(raised.notices, 3, "two emails and one SMS");
      const mails = await smtp.waitFor(2);
      assert.deepEqual(smtp.recipients.flat().sort(), OPERATORS);
      assert.equal(
        mails[0].subject,
        "[Encore CRITICAL] late_payment: Report 7 (campaign 3): 640.50 overdue since 2026-12-01",
      );
      assert.match(mails[0].text ?? "", /Key: +report:7/);
      assert.match(mails[0].text ?? "", /amount: +640\.50/);
      assert.deepEqual(
        texts.map((t) => [t.to, t.message.short]),
        [[PHONES[0], "Encore CRITICAL late_payment: Report 7 (campaign 3): 640.50 overdue since 2026-12-01"]],
      );

      const again = await first.runOnce();
      assert.deepEqual([again.raised.length, again.resolved.length, again.notices], [0, 0, 0]);

      // A new engine on the same database (a restart) knows the alert is open and was notified.
      const restarted = engineWith();
      assert.equal((await restarted.runOnce()).notices, 0);
      assert.equal(smtp.messages.length, 2);

      findings = [];
      const resolved = await restarted.runOnce();
      assert.deepEqual(
        resolved.resolved.map((a) => a.key),
        ["report:7"],
      );
      assert.equal(resolved.notices, 3);
      await smtp.waitFor(4);
      assert.ok(smtp.messages.slice(2).every((m) => m.subject?.startsWith("[Encore RESOLVED] late_payment: Report 7")));
      assert.equal(texts.length, 2);
      assert.equal((await restarted.runOnce()).notices, 0, "resolved once");

      // The same problem coming back is a new alert.
      findings = [overdue];
      assert.equal((await restarted.runOnce()).raised.length, 1);
      const rows = await db.query<{ resolved_at: Date | null }>("SELECT resolved_at FROM alerts ORDER BY id");
      assert.deepEqual(
        rows.map((row) => row.resolved_at === null),
        [false, true],
      );
    });

    it("warns without SMS: warnings go by email only", async () => {
      findings = [{ key: "webhooks", severity: "warning", summary: "3 payment webhook event(s) failed" }];
      assert.equal((await engineWith().runOnce()).notices, 2);
      assert.equal(texts.length, 0);
      await smtp.waitFor(2);
      assert.equal(smtp.messages[0].subject, "[Encore WARNING] late_payment: 3 payment webhook event(s) failed");
    });

    it("reports a failing or hanging rule, keeps its alerts open, and clears the report once it works", async () => {
      findings = [overdue];
      const alerts = engineWith();
      await alerts.runOnce();
      failure = new Error("RPC said no\nstack…");
      const hanging: AlertRule = {
        id: "treasury_low",
        description: "hangs",
        evaluate: () => new Promise(() => undefined),
      };
      const failing = engineWith([rule, hanging], 50);
      const round = await failing.runOnce();
      assert.deepEqual(round.failedRules, ["late_payment", "treasury_low"]);
      assert.deepEqual(round.resolved, [], "a rule that failed resolves nothing");
      assert.deepEqual(
        round.raised.map((a) => [a.rule, a.key, a.severity]),
        [
          [ENGINE_RULE, "rule:late_payment", "warning"],
          [ENGINE_RULE, "rule:treasury_low", "warning"],
        ],
      );
      assert.ok(round.raised[0].summary.endsWith("could not be evaluated: RPC said no"));
      assert.match(round.raised[1].summary, /no answer within 50 ms/);

      failure = undefined;
      const recovered = await engineWith().runOnce();
      assert.deepEqual(recovered.resolved.map((a) => a.key).sort(), ["rule:late_payment", "rule:treasury_low"]);
      assert.equal(recovered.raised.length, 0);
    });

    it("sends a refused notice again next round, only to the recipient who missed it", async () => {
      findings = [overdue];
      smtp.refuseNext(1);
      const alerts = engineWith();
      assert.equal((await alerts.runOnce()).notices, 2, "one email refused, one email and the SMS sent");
      const retry = await alerts.runOnce();
      assert.equal(retry.notices, 1);
      await smtp.waitFor(2);
      assert.deepEqual(smtp.recipients.flat().sort(), OPERATORS);
      assert.equal((await alerts.runOnce()).notices, 0);
      smtp.refused = 0;
    });
  });
}
