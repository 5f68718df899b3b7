import assert from "node:assert/strict";
import { spawn, type ChildProcess } from "node:child_process";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import type { Address } from "viem";

import { abis } from "../../src/chain/contracts.ts";
import { connectChain, type ChainContext } from "../../src/chain/client.ts";
import { usdc } from "../support/campaigns.ts";
import { TEST_ENGINES } from "../support/databases.ts";
import { devKey, startTestChain, type TestChain } from "../support/localChain.ts";
import { startFakeProviders, type FakeProviders, type FakeSession } from "./fakeProviders.ts";
import {
  createFundingCampaign,
  mintStable,
  randomWallet,
  serviceDatabase,
  serviceEnv,
  shuffle,
  stripeEvent,
  stripeSignature,
  TREASURY_ACCOUNT,
  type ServiceDatabase,
  waitFor,
} from "./paymentsKit.ts";

const MAIN = join(import.meta.dirname, "..", "..", "src", "cli", "main.ts");
const INVESTING = 30;
const REFUSED = 10;
const ABANDONED = 10;
const EXACT_DUPLICATES = 30;
const NEW_ID_DUPLICATES = 20;

/** A running `encore serve` child process. */
interface Child {
  process: ChildProcess;
  url: string;
  exited: Promise<string>;
}

function startServe(env: Record<string, string>): Promise<Child> {
  const child = spawn(process.execPath, [MAIN, "serve", "--no-keeper"], {
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  let errors = "";
  child.stderr?.on("data", (chunk: Buffer) => (errors += chunk.toString()));
  const exited = new Promise<string>((resolve) =>
    child.once("close", (code, signal) => resolve(signal === null ? `exit ${code}` : `killed (${signal})`)),
  );
  return new Promise((resolve, reject) => {
    child.stdout?.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on (http:\/\/[^\s]+)/.exec(output);
      if (match !== null) resolve({ process: child, url: match[1], exited });
    });
    void exited.then((how) => reject(new Error(`encore serve ended before listening (${how}): ${errors}`)));
  });
}

interface Delivery {
  payload: string;
  kind: "completed" | "expired" | "exact duplicate" | "new-id duplicate";
}

/** Sends deliveries with `concurrency` in flight; stops sending once `stopAfter` answers came (if given). */
async function sendBatch(url: string, deliveries: Delivery[], concurrency: number, onAnswer?: (count: number) => void) {
  const acknowledged = new Set<Delivery>();
  let next = 0;
  let answered = 0;
  const worker = async () => {
    while (next < deliveries.length) {
      const delivery = deliveries[next++];
      try {
        const response = await fetch(`${url}/v1/webhooks/stripe`, {
          method: "POST",
          headers: { "content-type": "application/json", "stripe-signature": stripeSignature(delivery.payload) },
          body: delivery.payload,
        });
        await response.text();
        if (response.status === 200) acknowledged.add(delivery);
      } catch {
        // Connection refused or reset: the process is dead; the provider delivers it again later.
      }
      answered += 1;
      onAnswer?.(answered);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return acknowledged;
}

for (const engine of TEST_ENGINES) {
  describe(`exactly once under SIGKILL on ${engine}: a real \`encore serve\` process, 100 Stripe events`, () => {
    let chain: TestChain;
    let fake: FakeProviders;
    let database: ServiceDatabase;
    let miner: NodeJS.Timeout | undefined;
    let reader: ChainContext;

    before(async () => {
      chain = await startTestChain();
      fake = await startFakeProviders();
      database = await serviceDatabase(engine);
      miner = setInterval(() => void chain.mine().catch(() => undefined), 250);
      reader = await connectChain({
        rpcUrl: chain.url,
        operatorKey: devKey(TREASURY_ACCOUNT),
        contractsFile: chain.contractsFile,
        pollingIntervalMs: 50,
      });
    });
    after(async () => {
      clearInterval(miner);
      await fake?.close();
      await chain?.stop();
      await database?.remove();
    });

    it("killed twice mid-batch, every investment happens once on-chain and every refund once at Stripe", async (t) => {
      const env = serviceEnv(chain, fake, database, { PAYMENTS_INTERVAL_MS: "100" });
      const treasury = reader.account.address;
      await mintStable(chain, treasury, usdc(1_000_000));
      const open = await createFundingCampaign(chain, {
        goal: usdc(10),
        hardCap: usdc(900_000),
        deadlineSeconds: 30n * 86_400n,
      });
      const closing = await createFundingCampaign(chain, {
        goal: usdc(10),
        hardCap: usdc(900_000),
        deadlineSeconds: 3_600n,
      });

      // Run 1: fans start checkouts (30 that will invest, 10 whose campaign closes before they pay, 10 abandoned).
      let child = await startServe(env);
      const start = async (campaignId: bigint, cents: number) => {
        const wallet = randomWallet();
        const response = await fetch(`${child.url}/v1/payments/checkout`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ campaignId: String(campaignId), amountMinor: String(cents), wallet }),
        });
        const body = (await response.json()) as { paymentId: string };
        assert.equal(response.status, 201, JSON.stringify(body));
        const session = [...fake.sessions.values()].find((one) => one.paymentId === body.paymentId) as FakeSession;
        return { wallet, cents, session };
      };
      type Checkout = Awaited<ReturnType<typeof start>>;
      const investing: Checkout[] = [];
      for (let i = 0; i < INVESTING; i++) investing.push(await start(open, 1_000 + i));
      const refused: Checkout[] = [];
      for (let i = 0; i < REFUSED; i++) refused.push(await start(closing, 2_000 + i));
      const abandoned: Checkout[] = [];
      for (let i = 0; i < ABANDONED; i++) abandoned.push(await start(open, 3_000 + i));
      await chain.increaseTime(3_601);

      const originals: Delivery[] = [
        ...[...investing, ...refused].map((one) => ({
          payload: stripeEvent("checkout.session.completed", one.session),
          kind: "completed" as const,
        })),
        ...abandoned.map((one) => ({
          payload: stripeEvent("checkout.session.expired", one.session),
          kind: "expired" as const,
        })),
      ];
      const duplicates: Delivery[] = [
        ...shuffle(originals)
          .slice(0, EXACT_DUPLICATES)
          .map((one) => ({ payload: one.payload, kind: "exact duplicate" as const })),
        ...shuffle([...investing, ...refused])
          .slice(0, NEW_ID_DUPLICATES)
          .map((one) => ({
            payload: stripeEvent("checkout.session.completed", one.session),
            kind: "new-id duplicate" as const,
          })),
      ];
      const batch = shuffle([...originals, ...duplicates]);
      assert.equal(batch.length, 100);

      // The batch, killed with SIGKILL mid-way (twice), then delivered again after each restart, as Stripe redelivers
      // whatever was not acknowledged with a 2xx.
      const endings: string[] = [];
      let pending = batch;
      const killAt = [25 + Math.floor(Math.random() * 20), 10 + Math.floor(Math.random() * 20)];
      for (const at of killAt) {
        const current = child;
        const acknowledged = await sendBatch(current.url, pending, 4, (count) => {
          if (count === at) current.process.kill("SIGKILL");
        });
        endings.push(await current.exited);
        pending = pending.filter((delivery) => !acknowledged.has(delivery));
        child = await startServe(env);
      }
      const drainStart = Date.now();
      const left = pending.length;
      let rounds = 0;
      while (pending.length > 0 && rounds++ < 20) {
        const acknowledged = await sendBatch(child.url, pending, 4);
        pending = pending.filter((delivery) => !acknowledged.has(delivery));
      }
      assert.equal(pending.length, 0, "every delivery acknowledged in the end");

      const stateOf = async (paymentId: string) => {
        const response = await fetch(`${child.url}/v1/payments/${paymentId}`);
        return ((await response.json()) as { state: string }).state;
      };
      await waitFor(
        async () => {
          for (const one of investing) if ((await stateOf(one.session.paymentId)) !== "invested") return false;
          for (const one of refused) if ((await stateOf(one.session.paymentId)) !== "refunded") return false;
          return true;
        },
        180_000,
        "every payment settled",
      );
      const drainMs = Date.now() - drainStart;
      for (const one of abandoned) assert.equal(await stateOf(one.session.paymentId), "expired");
      child.process.kill("SIGTERM");
      endings.push(await child.exited);

      const invested = await reader.publicClient.getContractEvents({
        address: reader.deployment.EncoreHub,
        abi: abis.EncoreHub,
        eventName: "Invested",
        args: { payer: treasury },
        fromBlock: 0n,
      });
      const byInvestor = new Map<Address, bigint[]>();
      for (const log of invested) {
        byInvestor.set(log.args.investor as Address, [
          ...(byInvestor.get(log.args.investor as Address) ?? []),
          log.args.amount as bigint,
        ]);
      }
      for (const one of investing) {
        assert.deepEqual(
          byInvestor.get(one.wallet),
          [BigInt(one.cents) * 10_000n],
          `${one.wallet} invested exactly once`,
        );
      }
      for (const one of [...refused, ...abandoned]) assert.equal(byInvestor.get(one.wallet), undefined);
      assert.equal(invested.length, INVESTING, "no other investment from the treasury");
      for (const one of refused) {
        const refunds = fake.refunds.filter((refund) => refund.paymentIntent === one.session.paymentIntent);
        assert.deepEqual(
          refunds.map((refund) => refund.amount),
          [one.cents],
          "each refused payment refunded exactly once",
        );
      }
      assert.equal(fake.refunds.length, REFUSED, "no other refund");

      const figures =
        `events sent: ${batch.length} (${originals.length} originals: ${INVESTING + REFUSED} completed + ${ABANDONED} expired; ` +
        `${EXACT_DUPLICATES} exact redeliveries + ${NEW_ID_DUPLICATES} same-session events with new ids), shuffled; ` +
        `SIGKILL after ${killAt.join(" and ")} answers; ${left} deliveries unacknowledged after the kills; ` +
        `time to drain after the last restart: ${drainMs} ms; on-chain investments: ${invested.length}; ` +
        `Stripe refunds: ${fake.refunds.length}; process endings: ${endings.join(", ")}`;
      t.diagnostic(figures);
      console.log(`fault test figures (${engine}): ${figures}`);
      assert.equal(endings.filter((ending) => ending === "killed (SIGKILL)").length, 2);
    });
  });
}
