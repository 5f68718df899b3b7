import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { after, before, describe, it } from "node:test";
import type { Address } from "viem";
import { privateKeyToAccount } from "viem/accounts";

import { createApiKey } from "../../src/api/apiKeys.ts";
import { abis } from "../../src/chain/contracts.ts";
import { outboxEntry } from "../../src/outbox/outboxStore.ts";
import { getPayment } from "../../src/payments/paymentStore.ts";
import { revenueBalance } from "../../src/payments/payouts.ts";
import { reconcileOnce } from "../../src/payments/reconciler.ts";
import { usdc } from "../support/campaigns.ts";
import { TEST_ENGINES } from "../support/databases.ts";
import { DEV_ACCOUNTS, devKey } from "../support/localChain.ts";
import {
  coinbaseSignature,
  createFundingCampaign,
  deliver,
  finalize,
  mintStable,
  randomWallet,
  sendAsDev,
  startPaymentsHarness,
  stripeEvent,
  stripeSignature,
  waitFor,
  type PaymentsHarness,
} from "./paymentsKit.ts";

for (const engine of TEST_ENGINES) {
  describe(`payouts (Stripe Connect, PayPal) and Coinbase Commerce, against the local fake on ${engine}`, () => {
    let h: PaymentsHarness;
    let apiKey: string;
    const operator = () => ({ "x-api-key": apiKey });
    const accountIdOf = async (email: string) => {
      const [row] = await h.service.context.db.query<{ id: bigint; public_id: string }>(
        "SELECT id, public_id FROM accounts WHERE email = $1",
        [email],
      );
      return row;
    };
    const payoutRow = (key: string) =>
      h.service.context.db
        .query<{
          status: string;
          error: string | null;
        }>("SELECT status, error FROM payouts WHERE idempotency_key = $1", [key])
        .then((rows) => rows[0]);
    const invest = async (campaignId: bigint, cents: number, who: { email?: string; wallet?: Address }) => {
      const started = await h.post("/v1/payments/checkout", {
        campaignId: String(campaignId),
        amountMinor: String(cents),
        ...who,
      });
      assert.equal(started.status, 201, JSON.stringify(started.body));
      const paymentId = String(started.body.paymentId);
      const payload = stripeEvent("checkout.session.completed", h.sessionOf(paymentId));
      await deliver(h.service.url, "stripe", payload, { "stripe-signature": stripeSignature(payload) });
      await h.settle(paymentId, "invested");
      return paymentId;
    };

    let succeeded: bigint;
    before(async () => {
      h = await startPaymentsHarness(engine);
      apiKey = await createApiKey(h.service.context.db, "payments-test");
      // Two wallet-less fans invest by card in a campaign that succeeds; revenue is paid in.
      succeeded = await createFundingCampaign(h.chain, {
        goal: usdc(50),
        hardCap: usdc(1_000),
        deadlineSeconds: 3_600n,
      });
      await invest(succeeded, 6_000, { email: "alice@example.com" });
      await invest(succeeded, 4_000, { email: "bob@example.com" });
      await h.chain.increaseTime(3_601);
      await finalize(h.chain, succeeded);
      const payer = DEV_ACCOUNTS.fans[2];
      const hub = h.chain.addresses.EncoreHub as Address;
      const coin = h.chain.addresses.MockStablecoin as Address;
      await mintStable(h.chain, privateKeyToAccount(devKey(payer)).address, usdc(1_000));
      await sendAsDev(h.chain, payer, coin, abis.MockStablecoin, "approve", [hub, usdc(1_000)]);
      await sendAsDev(h.chain, payer, hub, abis.EncoreHub, "depositRevenue", [succeeded, 333_333_337n]);
      // The reconciler claims the custodial revenue on-chain and records the amount from the Claimed event.
      await waitFor(async () => {
        await reconcileOnce(h.payments);
        const [claim] = await h.service.context.db.query<{ status: string }>("SELECT status FROM custodial_claims");
        return claim?.status === "confirmed";
      });
    });
    after(async () => {
      await h?.stop();
    });

    it("custodial revenue is attributed pro rata to the claimed amount and paid once through Stripe Connect", async () => {
      const alice = await accountIdOf("alice@example.com");
      const [claim] = await h.service.context.db.query<{ amount: string }>(
        "SELECT amount::text AS amount FROM custodial_claims",
      );
      const claimed = BigInt(claim.amount);
      assert.ok(claimed > 0n);
      const balance = await revenueBalance(h.service.context.db, alice.id);
      assert.equal(balance.attributed, (claimed * 60n) / 100n);

      const refused = await h.post("/v1/payouts/revenue", {
        accountId: alice.public_id,
        provider: "stripe",
        destination: "acct_1",
      });
      assert.equal(refused.status, 401, "operator routes need an API key");
      // A provider outage on the first attempt: the payout stays pending and the reconciler resends it with its key.
      h.fake.failNext("/v1/transfers", 3);
      const outage = await h.post(
        "/v1/payouts/revenue",
        { accountId: alice.public_id, provider: "stripe", destination: "acct_alice" },
        operator(),
      );
      assert.equal(outage.status, 500);
      const [pending] = await h.service.context.db.query<{ idempotency_key: string; status: string }>(
        "SELECT idempotency_key, status FROM payouts WHERE account_id = $1",
        [alice.id.toString()],
      );
      assert.equal(pending.status, "pending");
      const again = await h.post(
        "/v1/payouts/revenue",
        { accountId: alice.public_id, provider: "stripe", destination: "acct_alice" },
        operator(),
      );
      assert.equal(again.status, 422, "the pending payout already covers everything payable");
      assert.match(String(again.body.message), /nothing is payable/);
      await reconcileOnce(h.payments);
      assert.equal((await payoutRow(pending.idempotency_key)).status, "paid");
      const transfers = h.fake.transfers.filter((transfer) => transfer.destination === "acct_alice");
      assert.deepEqual(
        transfers.map((transfer) => BigInt(transfer.amount)),
        [balance.attributed / 10_000n],
        "one transfer of the whole cents",
      );
      const after = await revenueBalance(h.service.context.db, alice.id);
      assert.ok(after.payable >= 0n && after.payable < 10_000n, "less than a cent stays payable");
    });

    it("PayPal payout: sent with sender_item_id, confirmed by a verified webhook, never paid twice; a refusal is recorded", async () => {
      const bob = await accountIdOf("bob@example.com");
      const bad = await h.post(
        "/v1/payouts/revenue",
        { accountId: bob.public_id, provider: "stripe", destination: "not-a-connect-account" },
        operator(),
      );
      assert.equal(bad.status, 201);
      assert.equal(bad.body.status, "failed");
      assert.match(String(bad.body.error), /No such destination/);
      const sent = await h.post(
        "/v1/payouts/revenue",
        { accountId: bob.public_id, provider: "paypal", destination: "bob@example.com" },
        operator(),
      );
      assert.equal(sent.status, 201, JSON.stringify(sent.body));
      assert.equal(sent.body.status, "sent");
      const key = String(sent.body.payoutId);
      assert.equal(h.fake.paypalPayouts.filter((payout) => payout.idempotencyKey === key).length, 1);
      const event = JSON.stringify({
        id: `WH-${randomBytes(6).toString("hex")}`,
        event_type: "PAYMENT.PAYOUTS-ITEM.SUCCEEDED",
        resource: { payout_item: { sender_item_id: key } },
      });
      const answer = await deliver(h.service.url, "paypal", event, h.fake.signPayPal(event));
      assert.equal(answer.status, 200);
      assert.equal(answer.body.outcome, "payout paid");
      assert.equal((await deliver(h.service.url, "paypal", event, h.fake.signPayPal(event))).body.duplicate, true);
      assert.equal((await payoutRow(key)).status, "paid");
      const twice = await h.post(
        "/v1/payouts/revenue",
        { accountId: bob.public_id, provider: "paypal", destination: "bob@example.com" },
        operator(),
      );
      assert.equal(twice.status, 422);
      const failed = await h.service.context.db.query(
        "SELECT 1 FROM payouts WHERE status = 'failed' AND error IS NOT NULL",
      );
      assert.equal(failed.length, 1, "the refused payout is findable by an alert rule");
    });

    it("artist cash-out: Connect onboarding, then a token transfer to the treasury is paid once", async () => {
      const artist = DEV_ACCOUNTS.artists[1];
      const wallet = privateKeyToAccount(devKey(artist)).address;
      const onboard = await h.post("/v1/payouts/connect", { wallet, email: "artist@example.com" }, operator());
      assert.equal(onboard.status, 201, JSON.stringify(onboard.body));
      assert.match(String(onboard.body.url), /^https:\/\/connect\.test\/acct_/);
      await mintStable(h.chain, wallet, usdc(50));
      const txHash = await sendAsDev(
        h.chain,
        artist,
        h.chain.addresses.MockStablecoin as Address,
        abis.MockStablecoin,
        "transfer",
        [h.service.context.chain.account.address, usdc(50)],
      );
      await h.chain.mine();
      const paid = await h.post("/v1/payouts/cashout", { wallet, campaignId: String(succeeded), txHash }, operator());
      assert.equal(paid.status, 201, JSON.stringify(paid.body));
      assert.equal((paid.body as unknown as { amountMinor: string }[])[0].amountMinor, "5000");
      const again = await h.post("/v1/payouts/cashout", { wallet, campaignId: String(succeeded), txHash }, operator());
      assert.equal(again.status, 409);
      assert.equal(
        h.fake.transfers.filter((transfer) => transfer.destination === onboard.body.connectAccountId).length,
        1,
      );
    });

    it("Coinbase Commerce: a charge, a signed charge:confirmed webhook, the investment on-chain; a refusal needs an operator", async () => {
      const open = await createFundingCampaign(h.chain, { goal: usdc(10), hardCap: usdc(100), deadlineSeconds: 600n });
      const wallet = randomWallet();
      const started = await h.post("/v1/payments/checkout", {
        provider: "coinbase",
        campaignId: String(open),
        amountMinor: "1500",
        wallet,
      });
      assert.equal(started.status, 201, JSON.stringify(started.body));
      assert.match(String(started.body.url), /^https:\/\/commerce\.test\//);
      const charge = h.fake.charges.find((one) => one.paymentId === started.body.paymentId);
      assert.deepEqual([charge?.amount, charge?.currency], ["15.00", "USD"]);
      const event = (type: string) =>
        JSON.stringify({
          id: randomBytes(8).toString("hex"),
          event: {
            id: randomBytes(8).toString("hex"),
            type,
            data: {
              code: charge?.code,
              metadata: { payment_id: started.body.paymentId },
              pricing: { local: { amount: "15.00", currency: "USD" } },
            },
          },
        });
      const confirmed = event("charge:confirmed");
      const answer = await deliver(h.service.url, "coinbase", confirmed, {
        "x-cc-webhook-signature": coinbaseSignature(confirmed),
      });
      assert.equal(answer.body.outcome, "investment queued");
      await h.settle(String(started.body.paymentId), "invested");
      const shares = await h.service.context.chain.publicClient.readContract({
        address: h.service.context.chain.deployment.EncoreShares,
        abi: abis.EncoreShares,
        functionName: "balanceOf",
        args: [wallet, open],
      });
      assert.equal(shares, 15_000_000n);

      const late = await h.post("/v1/payments/checkout", {
        provider: "coinbase",
        campaignId: String(open),
        amountMinor: "200",
        wallet,
      });
      await h.chain.increaseTime(601);
      const lateCharge = h.fake.charges.find((one) => one.paymentId === late.body.paymentId);
      const lateEvent = JSON.stringify({
        id: "x",
        event: {
          id: randomBytes(8).toString("hex"),
          type: "charge:confirmed",
          data: {
            code: lateCharge?.code,
            metadata: { payment_id: late.body.paymentId },
            pricing: { local: { amount: "2.00", currency: "USD" } },
          },
        },
      });
      await deliver(h.service.url, "coinbase", lateEvent, { "x-cc-webhook-signature": coinbaseSignature(lateEvent) });
      const payment = await getPayment(h.service.context.db, String(late.body.paymentId));
      assert.equal(payment?.state, "refund_manual");
      assert.match(payment?.stateReason ?? "", /no refund API/);
      assert.equal(await outboxEntry(h.service.context.db, `coinbase:invest:${lateCharge?.code}`), undefined);

      // The operator's attention report lists it, with the refused payout of the PayPal test.
      const response = await fetch(`${h.service.url}/v1/payments/attention?sinceMinutes=60`, { headers: operator() });
      const report = (await response.json()) as {
        refundManual: { paymentId: string }[];
        failedPayouts: { error: string }[];
      };
      assert.equal(response.status, 200, JSON.stringify(report));
      assert.deepEqual(
        report.refundManual.map((one) => one.paymentId),
        [late.body.paymentId],
      );
      assert.equal(report.failedPayouts.length, 1);
      assert.match(report.failedPayouts[0].error, /No such destination/);
    });
  });
}
