/**
 * The delivery worker against a real SMTP server on loopback: mail in each account's locale, sent once; opt-outs
 * respected; a refused send retried with backoff and delivered exactly once; erased accounts skipped; a delivery
 * claimed by a worker that crashed is sent after its lease.
 */
import assert from "node:assert/strict";
import { after, before, beforeEach, describe, it } from "node:test";

import { createAccount, LOCALES, type Account } from "../../src/accounts/accounts.ts";
import type { Database } from "../../src/db/database.ts";
import { createSmtpEmail, type Channel } from "../../src/notifications/channels.ts";
import { claimDeliveries, planDeliveries } from "../../src/notifications/deliveries.ts";
import { setPreferences } from "../../src/notifications/preferences.ts";
import { enqueueNotification } from "../../src/notifications/queue.ts";
import { createNotificationWorker, type NotificationWorkerContext } from "../../src/notifications/worker.ts";
import { openTestDatabase, TEST_ENGINES } from "../support/databases.ts";
import { startSmtpSink, type SmtpSink } from "../support/smtp.ts";

const FROM = "Encore <no-reply@encore.test>";
const REVENUE = { campaign: "Midnight Tapes", amount: "1234.567891", reportId: 7, token: "USDC" };

/** Expected subject and a phrase of the body of revenue_received per locale. */
const EXPECTED = {
  en: ["New revenue from Midnight Tapes", "1,234.567891\u00a0USDC of revenue is now yours to claim"],
  fr: ["Nouveaux revenus de Midnight Tapes", "1\u202f234,567891\u00a0USDC de revenus vous attendent"],
  ko: ["Midnight Tapes의 새 수익", "이제 1,234.567891\u00a0USDC의 수익을 청구할 수 있습니다"],
  es: ["Nuevos ingresos de Midnight Tapes", "ya puedes reclamar 1234,567891\u00a0USDC de ingresos"],
  pt: ["Novas receitas de Midnight Tapes", "1.234,567891\u00a0USDC em receitas"],
} as const;

for (const engine of TEST_ENGINES) {
  describe(`notification delivery by email on ${engine}`, () => {
    let db: Database;
    let smtp: SmtpSink;
    let email: Channel<string>;
    let counter = 0;

    before(async () => {
      smtp = await startSmtpSink();
      email = createSmtpEmail({ host: "127.0.0.1", port: smtp.port, secure: false }, FROM);
    });
    after(async () => {
      email.close();
      await smtp.close();
    });
    beforeEach(async () => {
      await db?.close();
      db = await openTestDatabase(engine);
      smtp.messages.length = 0;
      smtp.recipients.length = 0;
    });
    after(async () => db.close());

    const worker = (options: Partial<NotificationWorkerContext> = {}) =>
      createNotificationWorker({ db, channels: { email }, intervalMs: 50, backoffBaseMs: 1, ...options });
    const account = (locale: Account["locale"] = "en", withEmail = true) =>
      createAccount(db, { kind: "fan", email: withEmail ? `fan${++counter}@example.test` : undefined, locale });
    const enqueue = (who: Account, key: string, kind: "revenue_received" | "payout_sent" = "revenue_received") =>
      db.transaction((tx) =>
        enqueueNotification(tx, {
          accountId: who.id,
          kind,
          data: kind === "revenue_received" ? REVENUE : { amount: "25", reference: "po_1", token: "USDC" },
          dedupeKey: key,
        }),
      );
    const deliveries = () =>
      db.query<{ status: string; attempts: number; last_error: string | null }>(
        "SELECT status, attempts, last_error FROM notification_deliveries ORDER BY id",
      );

    it("mails each account in its locale, once", async () => {
      const accounts: Account[] = [];
      for (const locale of LOCALES) {
        const who = await account(locale);
        accounts.push(who);
        await enqueue(who, `revenue:${locale}`);
        await enqueue(who, `revenue:${locale}`);
      }
      const round = await worker().runOnce();
      assert.deepEqual(round, { planned: 5, sent: 5, retried: 0, failed: 0, skipped: 0 });
      const mails = await smtp.waitFor(5);
      for (const [index, locale] of LOCALES.entries()) {
        const mail = mails.find((m) => smtp.recipients[mails.indexOf(m)][0] === accounts[index].email);
        assert.ok(mail, `no mail for ${locale}`);
        const [subject, phrase] = EXPECTED[locale];
        assert.equal(mail.subject, subject);
        assert.ok(mail.text?.includes(phrase), `${locale} text: ${mail.text}`);
        assert.ok(typeof mail.html === "string" && mail.html.includes(`lang="${locale}"`));
        assert.ok(mail.html.includes(phrase), `${locale} html`);
        assert.equal(mail.from?.value[0].address, "no-reply@encore.test");
        assert.match(mail.messageId ?? "", /^<notification-\d+-email@encore\.notifications>$/);
      }
      const again = await worker().runOnce();
      assert.equal(again.sent, 0);
      assert.equal(smtp.messages.length, 5, "nothing sent twice");
      assert.ok((await deliveries()).every((row) => row.status === "sent" && row.attempts === 1));
    });

    it("respects an opt-out and sends nothing without an email address", async () => {
      const fan = await account("fr");
      await setPreferences(db, fan.id, [{ kind: "revenue_received", channel: "email", enabled: false }]);
      const nobody = await account("en", false);
      await enqueue(fan, "opted-out", "revenue_received");
      await enqueue(fan, "still-wanted", "payout_sent");
      await enqueue(nobody, "no-address");
      const round = await worker().runOnce();
      assert.equal(round.planned, 3);
      assert.equal(round.sent, 1);
      await smtp.waitFor(1);
      assert.equal(smtp.messages[0].subject, "Versement de 25,00\u00a0USDC envoyé");
      assert.equal((await deliveries()).length, 1, "only the wanted mail became a delivery");
    });

    it("retries a refused mail with backoff and delivers it exactly once", async () => {
      const fan = await account("es");
      await enqueue(fan, "retry-me");
      smtp.refuseNext(2);
      const running = worker({ backoffBaseMs: 30 });
      const first = await running.runOnce();
      assert.equal(first.retried, 1);
      let [row] = await deliveries();
      assert.equal(row.status, "pending");
      assert.match(row.last_error ?? "", /451/);
      const early = await running.runOnce();
      assert.equal(early.sent + early.retried, 0, "not before its backoff");
      for (let round = 0; round < 20 && (await deliveries())[0].status !== "sent"; round++) {
        await new Promise((resolve) => setTimeout(resolve, 40));
        await running.runOnce();
      }
      [row] = await deliveries();
      assert.equal(row.status, "sent");
      assert.equal(row.attempts, 3);
      assert.equal(smtp.refused, 2);
      await smtp.waitFor(1);
      await running.runOnce();
      assert.equal(smtp.messages.length, 1, "sent once");
      smtp.refused = 0;
    });

    it("gives up after maxAttempts and records why", async () => {
      const fan = await account("en");
      await enqueue(fan, "give-up");
      smtp.refuseNext(2);
      const running = worker({ maxAttempts: 2, backoffBaseMs: 1 });
      await running.runOnce();
      await new Promise((resolve) => setTimeout(resolve, 10));
      const last = await running.runOnce();
      assert.equal(last.failed, 1);
      const [row] = await deliveries();
      assert.equal(row.status, "failed");
      assert.match(row.last_error ?? "", /smtp: .*451/);
      smtp.refused = 0;
    });

    it("skips accounts erased before planning and before sending", async () => {
      const early = await account("pt");
      const late = await account("ko");
      await enqueue(early, "erased-early");
      await db.query("UPDATE accounts SET erased_at = now(), email = NULL WHERE id = $1", [early.id.toString()]);
      await enqueue(late, "erased-late");
      await planDeliveries(db, { email: true, sms: false, push: false });
      await db.query("UPDATE accounts SET erased_at = now(), email = NULL WHERE id = $1", [late.id.toString()]);
      const round = await worker().runOnce();
      assert.equal(round.sent, 0);
      assert.equal(round.skipped, 1);
      assert.deepEqual(
        (await deliveries()).map((row) => [row.status, row.last_error]),
        [["skipped", "erased"]],
      );
      assert.equal(smtp.messages.length, 0);
    });

    it("sends a delivery whose worker crashed mid-send once its lease expired, never a sent one again", async () => {
      const fan = await account("en");
      await enqueue(fan, "crashed");
      await planDeliveries(db, { email: true, sms: false, push: false });
      const [claimed] = await claimDeliveries(db, { limit: 10, leaseMs: 60_000 });
      assert.equal(claimed.attempts, 1, "claimed by a worker that then died");
      const during = await worker({ leaseMs: 60_000 }).runOnce();
      assert.equal(during.sent, 0, "not while the lease runs");
      const afterLease = await worker({ leaseMs: 0 }).runOnce();
      assert.equal(afterLease.sent, 1);
      const [row] = await deliveries();
      assert.deepEqual([row.status, row.attempts], ["sent", 2]);
      assert.equal((await worker({ leaseMs: 0 }).runOnce()).sent, 0);
      assert.equal((await smtp.waitFor(1)).length, 1);
    });
  });
}
