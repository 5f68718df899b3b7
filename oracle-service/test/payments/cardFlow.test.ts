import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { Address } from "viem";

import { verifyAudit } from "../../src/audit/auditLog.ts";
import { abis } from "../../src/chain/contracts.ts";
import { outboxEntry } from "../../src/outbox/outboxStore.ts";
import { defaultAlertRules } from "../../src/alerts/rules/index.ts";
import { attentionReport } from "../../src/payments/attention.ts";
import { getPayment } from "../../src/payments/paymentStore.ts";
import { revenueBalance } from "../../src/payments/payouts.ts";
import { reconcileOnce } from "../../src/payments/reconciler.ts";
import { refundKey } from "../../src/payments/refunds.ts";
import { usdc } from "../support/campaigns.ts";
import { TEST_ENGINES } from "../support/databases.ts";
import {
  createFundingCampaign,
  deliver,
  finalize,
  randomWallet,
  shuffle,
  startPaymentsHarness,
  stripeDisputeEvent,
  stripeEvent,
  stripeSignature,
  waitFor,
  type PaymentsHarness,
} from "./paymentsKit.ts";

for (const engine of TEST_ENGINES) {
  describe(`card investments on a local chain (Stripe SDK against the local fake) on ${engine}`, () => {
    let h: PaymentsHarness;
    let openCampaign: bigint;
    const checkout = async (body: Record<string, string>) => {
      const answer = await h.post("/v1/payments/checkout", body);
      return { status: answer.status, body: answer.body as Record<string, string> };
    };
    const sessionOf = (paymentId: string) => h.sessionOf(paymentId);
    const sendStripe = (payload: string) =>
      deliver(h.service.url, "stripe", payload, { "stripe-signature": stripeSignature(payload) });
    const settle = (paymentId: string, state: string) => h.settle(paymentId, state);
    const sharesOf = (holder: Address, campaignId: bigint) =>
      h.service.context.chain.publicClient.readContract({
        address: h.service.context.chain.deployment.EncoreShares,
        abi: abis.EncoreShares,
        functionName: "balanceOf",
        args: [holder, campaignId],
      });

    before(async () => {
      h = await startPaymentsHarness(engine);
      openCampaign = await createFundingCampaign(h.chain, {
        goal: usdc(100),
        hardCap: usdc(50_000),
        deadlineSeconds: 30n * 86_400n,
      });
    });
    after(async () => {
      await h?.stop();
    });

    it("checkout → checkout.session.completed → investFor from the treasury, confirmed → shares in the fan's wallet", async () => {
      const wallet = randomWallet();
      const started = await checkout({ campaignId: String(openCampaign), amountMinor: "2500", wallet });
      assert.equal(started.status, 201, JSON.stringify(started.body));
      assert.match(started.body.url, /^https:\/\/pay\.test\/cs_test_/);
      assert.equal(started.body.tokenAmount, "25000000", "2,500 cents = 25 USDC = 25,000,000 units (1:1, 6 decimals)");
      const session = sessionOf(started.body.paymentId);
      assert.equal(session.amount, 2500);

      const answer = await sendStripe(stripeEvent("checkout.session.completed", session));
      assert.equal(answer.status, 200);
      assert.equal(answer.body.outcome, "investment queued");
      await settle(started.body.paymentId, "invested");
      assert.equal(await sharesOf(wallet, openCampaign), 25_000_000n);
      const entry = await outboxEntry(h.service.context.db, `card:invest:${session.id}`);
      assert.equal(entry?.status, "confirmed");
      const notes = await h.service.context.db.query<{ kind: string }>(
        "SELECT kind FROM notifications WHERE dedupe_key = $1",
        [`investment_confirmed:${started.body.paymentId}`],
      );
      assert.equal(notes.length, 1);
      assert.equal((await verifyAudit(h.service.context.db)).ok, true);
    });

    it("bad checkout input gets a 4xx naming the field", async () => {
      const both = await checkout({ campaignId: "1", amountMinor: "100", wallet: randomWallet(), email: "a@b.co" });
      assert.equal(both.status, 400);
      assert.match(both.body.message, /wallet or body\/email/);
      const amount = await checkout({ campaignId: "1", amountMinor: "-5", wallet: randomWallet() });
      assert.equal(amount.status, 400);
      assert.match(amount.body.message, /amountMinor/);
      const unknown = await checkout({ campaignId: "999", amountMinor: "100", wallet: randomWallet() });
      assert.equal(unknown.status, 404);
      assert.match(unknown.body.message, /campaignId 999/);
      const tooMuch = await checkout({
        campaignId: String(openCampaign),
        amountMinor: "99999999",
        wallet: randomWallet(),
      });
      assert.equal(tooMuch.status, 422);
      assert.match(tooMuch.body.message, /HardCapExceeded/);
    });

    it("a crash between Stripe's refund and our commit does not refund twice (idempotency key), and an outage is retried", async () => {
      const closing = await createFundingCampaign(h.chain, {
        goal: usdc(100),
        hardCap: usdc(1_000),
        deadlineSeconds: 600n,
      });
      const started = await checkout({ campaignId: String(closing), amountMinor: "1500", wallet: randomWallet() });
      const session = sessionOf(started.body.paymentId);
      await h.chain.increaseTime(601);
      // Stripe is down when the refusal is processed: the payment stays refund_pending.
      h.fake.failNext("/v1/refunds", 3);
      const answer = await sendStripe(stripeEvent("checkout.session.completed", session));
      assert.equal(answer.status, 200);
      const payment = await getPayment(h.service.context.db, started.body.paymentId);
      assert.equal(payment?.state, "refund_pending");
      assert.equal(
        h.fake.refunds.length > 0 && h.fake.refunds.some((r) => r.paymentIntent === session.paymentIntent),
        false,
      );
      // The process then refunds at Stripe and dies before committing (simulated: the rail call alone) …
      const first = await h.payments.rails.stripe?.refund({
        providerPaymentId: session.paymentIntent,
        amountMinor: 1500n,
        idempotencyKey: refundKey({ publicId: started.body.paymentId }),
      });
      // … and after the restart the reconciler refunds again with the same key: Stripe answers with the same refund.
      await reconcileOnce(h.payments);
      const settled = await getPayment(h.service.context.db, started.body.paymentId);
      assert.equal(settled?.state, "refunded");
      assert.equal(settled?.refundId, first?.id);
      assert.equal(h.fake.refunds.filter((refund) => refund.paymentIntent === session.paymentIntent).length, 1);
    });

    it("an investment that can no longer happen (funding closed) is refunded through Stripe automatically, once", async () => {
      const closing = await createFundingCampaign(h.chain, {
        goal: usdc(100),
        hardCap: usdc(1_000),
        deadlineSeconds: 600n,
      });
      const started = await checkout({ campaignId: String(closing), amountMinor: "1000", wallet: randomWallet() });
      assert.equal(started.status, 201);
      const session = sessionOf(started.body.paymentId);
      await h.chain.increaseTime(601);
      const event = stripeEvent("checkout.session.completed", session);
      const answer = await sendStripe(event);
      assert.match(String(answer.body.outcome), /refused: EncoreHub_FundingClosed/);
      const payment = await getPayment(h.service.context.db, started.body.paymentId);
      assert.equal(payment?.state, "refunded");
      assert.deepEqual(
        h.fake.refunds
          .filter((refund) => refund.paymentIntent === session.paymentIntent)
          .map((refund) => refund.amount),
        [1000],
      );
      assert.equal(
        h.fake.refunds.find((r) => r.paymentIntent === session.paymentIntent)?.idempotencyKey,
        `refund:${payment.publicId}`,
      );
      // Redelivery, Stripe's own charge.refunded, and another reconciler pass change nothing.
      assert.equal((await sendStripe(event)).body.duplicate, true);
      assert.equal((await sendStripe(stripeEvent("charge.refunded", session))).status, 200);
      await reconcileOnce(h.payments);
      assert.equal(h.fake.refunds.filter((refund) => refund.paymentIntent === session.paymentIntent).length, 1);
      assert.equal(await outboxEntry(h.service.context.db, `card:invest:${session.id}`), undefined, "nothing on-chain");
    });

    it("duplicates and shuffled order are harmless: each payment invests once; a refund seen first wins", async () => {
      const started = await Promise.all(
        [1, 2, 3, 4, 5].map(() =>
          checkout({ campaignId: String(openCampaign), amountMinor: "1234", wallet: randomWallet() }),
        ),
      );
      const sessions = started.map((one) => sessionOf(one.body.paymentId));
      // Payment 4 was refunded at Stripe before its completion reached us; the late completion must not invest.
      const events = sessions.slice(0, 3).flatMap((session) => {
        const completed = stripeEvent("checkout.session.completed", session);
        return [completed, completed, stripeEvent("checkout.session.completed", session)];
      });
      await sendStripe(stripeEvent("charge.refunded", sessions[3]));
      // Payment 5 was abandoned: its session expires (twice, as a redelivery).
      const expired = stripeEvent("checkout.session.expired", sessions[4]);
      events.push(stripeEvent("checkout.session.completed", sessions[3]), expired, expired);
      const answers = await Promise.all(shuffle(events).map(sendStripe));
      assert.ok(answers.every((answer) => answer.status === 200));
      assert.equal(answers.filter((answer) => answer.body.duplicate === true).length, 4, "four exact redeliveries");
      for (const one of started.slice(0, 3)) await settle(one.body.paymentId, "invested");
      assert.equal((await getPayment(h.service.context.db, started[3].body.paymentId))?.state, "refunded");
      assert.equal(await outboxEntry(h.service.context.db, `card:invest:${sessions[3].id}`), undefined);
      assert.equal((await getPayment(h.service.context.db, started[4].body.paymentId))?.state, "expired");
      const invested = await h.service.context.chain.publicClient.getContractEvents({
        address: h.service.context.chain.deployment.EncoreHub,
        abi: abis.EncoreHub,
        eventName: "Invested",
        fromBlock: 0n,
      });
      for (const session of sessions.slice(0, 3)) {
        const payment = await getPayment(h.service.context.db, session.paymentId);
        assert.equal(invested.filter((log) => log.args.investor === payment?.beneficiary).length, 1);
      }
    });

    it("campaign failure: the custodial card investment is refunded through Stripe exactly once; a wallet's is not", async () => {
      const doomed = await createFundingCampaign(h.chain, {
        goal: usdc(40_000),
        hardCap: usdc(45_000),
        deadlineSeconds: 3_600n,
      });
      const custodial = await checkout({ campaignId: String(doomed), amountMinor: "5000", email: "fan@example.com" });
      assert.equal(custodial.status, 201, JSON.stringify(custodial.body));
      assert.equal(custodial.body.custodial, true as unknown as string);
      const wallet = randomWallet();
      const owned = await checkout({ campaignId: String(doomed), amountMinor: "700", wallet });
      for (const one of [custodial, owned]) {
        await sendStripe(stripeEvent("checkout.session.completed", sessionOf(one.body.paymentId)));
        await settle(one.body.paymentId, "invested");
      }
      const treasury = h.service.context.chain.account.address;
      assert.equal(await sharesOf(treasury, doomed), 50_000_000n, "the treasury holds the custodial position");
      await h.chain.increaseTime(3_601);
      await finalize(h.chain, doomed);
      await settle(custodial.body.paymentId, "refunded");
      await reconcileOnce(h.payments);
      await reconcileOnce(h.payments);
      const session = sessionOf(custodial.body.paymentId);
      assert.equal(h.fake.refunds.filter((refund) => refund.paymentIntent === session.paymentIntent).length, 1);
      const ownedSession = sessionOf(owned.body.paymentId);
      assert.equal(h.fake.refunds.filter((refund) => refund.paymentIntent === ownedSession.paymentIntent).length, 0);
      assert.equal((await getPayment(h.service.context.db, owned.body.paymentId))?.state, "invested");
      await waitFor(
        async () => (await outboxEntry(h.service.context.db, `custodial:refund:${doomed}`))?.status === "confirmed",
      );
      assert.equal(await sharesOf(treasury, doomed), 0n, "the treasury took the on-chain refund of the pool");
      assert.equal(await sharesOf(wallet, doomed), 700n * 10_000n, "the wallet fan is refunded on-chain by the keeper");
    });

    it("chargebacks: an open dispute alerts operators; a lost one stops the custodial position earning and being refunded", async () => {
      const db = h.service.context.db;
      const doomed = await createFundingCampaign(h.chain, {
        goal: usdc(40_000),
        hardCap: usdc(45_000),
        deadlineSeconds: 3_600n,
      });
      const invest = async (body: Record<string, string>) => {
        const started = await checkout({ campaignId: String(doomed), ...body });
        assert.equal(started.status, 201, JSON.stringify(started.body));
        await sendStripe(stripeEvent("checkout.session.completed", sessionOf(started.body.paymentId)));
        await settle(started.body.paymentId, "invested");
        return { paymentId: started.body.paymentId, session: sessionOf(started.body.paymentId) };
      };
      const disputed = await invest({ amountMinor: "3000", email: "chargeback@example.com" });
      const honest = await invest({ amountMinor: "2000", email: "honest@example.com" });
      const walletFan = await invest({ amountMinor: "900", wallet: randomWallet() });
      const before = new Date(Date.now() - 1_000);

      // Opened: recorded once, shown to operators, alerted; the payment is untouched.
      const opened = stripeDisputeEvent("charge.dispute.created", disputed.session, {
        disputeId: "du_custodial",
        status: "needs_response",
      });
      assert.equal((await sendStripe(opened)).body.outcome, "dispute opened");
      assert.equal((await sendStripe(opened)).body.outcome, "duplicate");
      let attention = await attentionReport(db, before);
      assert.deepEqual(
        attention.disputes.map((d) => [d.paymentId, d.disputeId, d.status, d.amountMinor, d.reason]),
        [[disputed.paymentId, "du_custodial", "open", "3000", "fraudulent"]],
      );
      const rule = defaultAlertRules().find((candidate) => candidate.id === "payment_dispute");
      assert.ok(rule, "payment_dispute is one of the default rules");
      assert.deepEqual(
        (await rule.evaluate(h.service.context)).map((f) => f.key),
        ["dispute:stripe:du_custodial"],
      );
      assert.equal((await getPayment(db, disputed.paymentId))?.state, "invested");

      // Lost: charged back; the rule resolves; the report lists it as lost.
      const lost = await sendStripe(
        stripeDisputeEvent("charge.dispute.closed", disputed.session, { disputeId: "du_custodial", status: "lost" }),
      );
      assert.equal(lost.body.outcome, "dispute lost, payment charged back");
      assert.equal((await getPayment(db, disputed.paymentId))?.state, "charged_back");
      assert.deepEqual(await rule.evaluate(h.service.context), []);
      attention = await attentionReport(db, before);
      assert.deepEqual(
        attention.disputes.map((d) => [d.disputeId, d.status]),
        [["du_custodial", "lost"]],
      );
      // A late "created" redelivered under a new event id changes nothing.
      const late = stripeDisputeEvent("charge.dispute.created", disputed.session, {
        disputeId: "du_custodial",
        status: "needs_response",
      });
      assert.equal((await sendStripe(late)).body.outcome, "dispute opened event ignored (closed)");

      // Out of order for the wallet fan: "closed won" before "created"; the payment stays invested.
      const won = stripeDisputeEvent("charge.dispute.closed", walletFan.session, {
        disputeId: "du_won",
        status: "won",
      });
      assert.equal((await sendStripe(won)).body.outcome, "dispute won");
      const wonLate = stripeDisputeEvent("charge.dispute.created", walletFan.session, {
        disputeId: "du_won",
        status: "needs_response",
      });
      assert.equal((await sendStripe(wonLate)).body.outcome, "dispute opened event ignored (closed)");
      assert.equal((await getPayment(db, walletFan.paymentId))?.state, "invested");

      // The charged-back position is attributed to nobody: it earns the fan no revenue.
      const [account] = await db.query<{ id: bigint }>("SELECT id FROM accounts WHERE email = $1", [
        "chargeback@example.com",
      ]);
      await db.query(
        "INSERT INTO custodial_claims (campaign_id, outbox_key, status, amount) VALUES ($1, $2, 'confirmed', $3)",
        [doomed.toString(), `test:claim:${doomed}`, "5000000"],
      );
      assert.deepEqual(await revenueBalance(db, account.id), { attributed: 0n, paid: 0n, payable: 0n });
      const [honestAccount] = await db.query<{ id: bigint }>("SELECT id FROM accounts WHERE email = $1", [
        "honest@example.com",
      ]);
      assert.equal(
        (await revenueBalance(db, honestAccount.id)).attributed,
        2_000_000n,
        "the honest fan keeps 20/50 of 5 USDC: the charged-back shares stay in the pool",
      );
      await db.query("DELETE FROM custodial_claims WHERE outbox_key = $1", [`test:claim:${doomed}`]);

      // The campaign fails: the honest custodial fan is card-refunded once; the charged-back payment never is.
      await h.chain.increaseTime(3_601);
      await finalize(h.chain, doomed);
      await settle(honest.paymentId, "refunded");
      await reconcileOnce(h.payments);
      const refundsOf = (paymentIntent: string) =>
        h.fake.refunds.filter((refund) => refund.paymentIntent === paymentIntent).length;
      assert.equal(refundsOf(honest.session.paymentIntent), 1);
      assert.equal(refundsOf(disputed.session.paymentIntent), 0, "the bank already returned this money");
      assert.equal((await getPayment(db, disputed.paymentId))?.state, "charged_back");
      assert.equal((await verifyAudit(db)).ok, true);
    });
  });
}
