import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { createPublicClient, encodeFunctionData, http, type Hex } from "viem";

import type { ChainContext } from "../../src/chain/client.ts";
import { abis } from "../../src/chain/contracts.ts";
import {
  createOutboxWorker,
  enqueueTransaction,
  outboxCounts,
  outboxEntry,
  OutboxKeyConflictError,
} from "../../src/outbox/outbox.ts";
import { findFreePort } from "../../../scripts/lib/ports.ts";
import { openTestDatabase, TEST_ENGINES } from "../support/databases.ts";
import { startTestChain, type TestChain } from "../support/localChain.ts";
import { freshRecipient, mintData, mintsTo, operatorContext, setAutomine, sleep } from "./outboxTestKit.ts";

for (const engine of TEST_ENGINES) {
  describe(`outbox on ${engine}`, () => {
    let chain: TestChain;
    before(async () => {
      chain = await startTestChain();
    });
    after(async () => {
      await chain?.stop();
    });

    it("enqueues idempotently: the same key gives the same row, a different payload under it is refused", async () => {
      const db = await openTestDatabase(engine);
      try {
        const request = { key: "test:1", to: freshRecipient(), data: "0x1234" as Hex, label: "one" };
        const first = await db.transaction((tx) => enqueueTransaction(tx, request));
        const again = await enqueueTransaction(db, { ...request, label: "label may differ" });
        assert.deepEqual(first, { id: first.id, created: true });
        assert.deepEqual(again, { id: first.id, created: false });
        await assert.rejects(enqueueTransaction(db, { ...request, data: "0x5678" }), OutboxKeyConflictError);
        await assert.rejects(
          db.transaction(async (tx) => {
            await enqueueTransaction(tx, { ...request, key: "test:rolled-back" });
            throw new Error("caller's transaction fails");
          }),
        );
        assert.equal(await outboxEntry(db, "test:rolled-back"), undefined);
        const entry = await outboxEntry(db, "test:1");
        assert.equal(entry?.status, "queued");
        assert.equal(entry?.to, request.to);
        assert.deepEqual(await outboxCounts(db), { queued: 1, signed: 0, mined: 0, confirmed: 0, failed: 0 });
      } finally {
        await db.close();
      }
    });

    it("sends queued transactions once each and confirms them after the confirmation depth", async () => {
      const db = await openTestDatabase(engine);
      const context = await operatorContext(chain, 15);
      const recipient = freshRecipient();
      try {
        for (let i = 1n; i <= 3n; i++) {
          await enqueueTransaction(db, {
            key: `mint:${i}`,
            to: context.deployment.MockStablecoin,
            data: mintData(recipient, i),
            label: `mint ${i}`,
          });
        }
        const worker = createOutboxWorker({ db, chain: context, confirmations: 2, intervalMs: 50 });
        await worker.runOnce();
        assert.deepEqual(await outboxCounts(db), { queued: 0, signed: 3, mined: 0, confirmed: 0, failed: 0 });
        await worker.runOnce();
        // The last mint has 0 blocks on top, the one before 1: neither is confirmed at depth 2.
        assert.deepEqual(await outboxCounts(db), { queued: 0, signed: 0, mined: 2, confirmed: 1, failed: 0 });
        await chain.mine(2);
        await worker.runOnce();
        assert.deepEqual(await outboxCounts(db), { queued: 0, signed: 0, mined: 0, confirmed: 3, failed: 0 });
        assert.deepEqual(await mintsTo(context, recipient), [1n, 2n, 3n]);
        const entry = await outboxEntry(db, "mint:2");
        assert.equal(entry?.attemptHashes.length, 1);
        assert.equal(entry?.txHash, entry?.attemptHashes[0]);
        assert.equal(entry?.sender, context.account.address);
      } finally {
        await db.close();
      }
    });

    it("fails a transaction that reverts in simulation with the decoded custom error, without sending it", async () => {
      const db = await openTestDatabase(engine);
      const context = await operatorContext(chain, 16);
      try {
        const nonceBefore = await context.publicClient.getTransactionCount({ address: context.account.address });
        await enqueueTransaction(db, {
          key: "finalize:404",
          to: context.deployment.EncoreHub,
          data: encodeFunctionData({ abi: abis.EncoreHub, functionName: "finalize", args: [404n] }),
          label: "finalize an unknown campaign",
        });
        const worker = createOutboxWorker({ db, chain: context, confirmations: 0, intervalMs: 50 });
        await worker.runOnce();
        await worker.runOnce();
        const entry = await outboxEntry(db, "finalize:404");
        assert.equal(entry?.status, "failed");
        assert.equal(entry?.errorName, "EncoreHub_UnknownCampaign");
        assert.match(entry?.lastError ?? "", /would revert: EncoreHub_UnknownCampaign\(404\)/);
        assert.deepEqual(entry?.attemptHashes, []);
        assert.equal(await context.publicClient.getTransactionCount({ address: context.account.address }), nonceBefore);
      } finally {
        await db.close();
      }
    });

    it("backs off exponentially while the node is unreachable, then sends once it answers again", async () => {
      const db = await openTestDatabase(engine);
      const context = await operatorContext(chain, 17);
      const closedPort = await findFreePort(45_000 + Math.floor(Math.random() * 5_000));
      const unreachable: ChainContext = {
        ...context,
        publicClient: createPublicClient({
          chain: context.chain,
          transport: http(`http://127.0.0.1:${closedPort}`, { retryCount: 0 }),
        }),
      };
      const recipient = freshRecipient();
      try {
        await enqueueTransaction(db, {
          key: "mint:outage",
          to: context.deployment.MockStablecoin,
          data: mintData(recipient, 77n),
          label: "mint during an outage",
        });
        const intervalMs = 300;
        const down = createOutboxWorker({ db, chain: unreachable, confirmations: 0, intervalMs });
        await down.runOnce();
        const first = await outboxEntry(db, "mint:outage");
        assert.equal(first?.status, "queued");
        assert.equal(first?.failures, 1);
        assert.match(first?.lastError ?? "", /HTTP request failed/);
        await down.runOnce(); // before next_attempt_at: the entry is left alone
        assert.equal((await outboxEntry(db, "mint:outage"))?.failures, 1);
        await sleep(intervalMs + 50);
        const secondTry = Date.now();
        await down.runOnce();
        const second = await outboxEntry(db, "mint:outage");
        assert.equal(second?.failures, 2);
        const waitMs = (second?.nextAttemptAt.getTime() ?? 0) - secondTry;
        assert.ok(waitMs >= 2 * intervalMs - 50, `second backoff ${waitMs} ms doubles the first (${intervalMs} ms)`);

        const up = createOutboxWorker({ db, chain: context, confirmations: 0, intervalMs });
        await up.runOnce(); // still backing off
        assert.equal((await outboxEntry(db, "mint:outage"))?.status, "queued");
        await sleep(2 * intervalMs + 100);
        await up.runOnce();
        await up.runOnce();
        const done = await outboxEntry(db, "mint:outage");
        assert.equal(done?.status, "confirmed");
        assert.equal(done?.failures, 0);
        assert.deepEqual(await mintsTo(context, recipient), [77n]);
      } finally {
        await db.close();
      }
    });

    it("replaces a transaction left unmined with the same nonce and fees at least 12.5 % higher", async () => {
      const db = await openTestDatabase(engine);
      const context = await operatorContext(chain, 18);
      const recipient = freshRecipient();
      await setAutomine(chain, false);
      try {
        await enqueueTransaction(db, {
          key: "mint:stuck",
          to: context.deployment.MockStablecoin,
          data: mintData(recipient, 5n),
          label: "mint that waits in the mempool",
        });
        const worker = createOutboxWorker({
          db,
          chain: context,
          confirmations: 1,
          intervalMs: 50,
          replaceAfterChecks: 2,
        });
        await worker.runOnce(); // signed and broadcast
        await worker.runOnce(); // unmined check 1
        await worker.runOnce(); // unmined check 2
        assert.equal((await outboxEntry(db, "mint:stuck"))?.attemptHashes.length, 1);
        await worker.runOnce(); // replaced
        const entry = await outboxEntry(db, "mint:stuck");
        assert.equal(entry?.status, "signed");
        assert.equal(entry?.attemptHashes.length, 2);
        // The node dropped the original from its mempool; the written-ahead attempts still say what it was.
        const [original, replacement] = await db.query<{
          tx_hash: string;
          nonce: bigint;
          max_fee_per_gas: string;
          max_priority_fee_per_gas: string;
        }>("SELECT * FROM outbox_attempts WHERE entry_id = $1 ORDER BY signed_at", [entry?.id]);
        assert.equal(replacement.nonce, original.nonce);
        for (const field of ["max_fee_per_gas", "max_priority_fee_per_gas"] as const) {
          const before = BigInt(original[field]);
          const bumped = BigInt(replacement[field]);
          assert.ok(bumped * 1000n >= before * 1125n, `${field}: ${bumped} is at least 12.5 % above ${before}`);
        }
        const pending = await context.publicClient.getTransaction({ hash: replacement.tx_hash as Hex });
        assert.equal(BigInt(pending.nonce), replacement.nonce);
        await chain.mine(2);
        await worker.runOnce();
        const done = await outboxEntry(db, "mint:stuck");
        assert.equal(done?.status, "confirmed");
        assert.ok(done?.txHash !== undefined && done.attemptHashes.includes(done.txHash));
        assert.deepEqual(await mintsTo(context, recipient), [5n]);
      } finally {
        await setAutomine(chain, true);
        await db.close();
      }
    });

    it("keeps every attempt under the fee ceiling: capped when signed, no replacement above it", async () => {
      const db = await openTestDatabase(engine);
      const context = await operatorContext(chain, 14);
      const recipient = freshRecipient();
      await setAutomine(chain, false);
      try {
        await enqueueTransaction(db, {
          key: "mint:ceiling",
          to: context.deployment.MockStablecoin,
          data: mintData(recipient, 6n),
          label: "mint under a fee ceiling",
        });
        const estimate = await context.publicClient.estimateFeesPerGas();
        const baseFee = (await context.publicClient.getBlock()).baseFeePerGas ?? 0n;
        // Enough to be mined, less than the node's estimate: the attempt is capped, and any replacement (+12.5 %)
        // would pass the ceiling.
        const ceiling = baseFee + (estimate.maxFeePerGas - baseFee) / 2n;
        assert.ok(ceiling > baseFee && ceiling < estimate.maxFeePerGas, `ceiling ${ceiling} between fee bounds`);
        const logged: string[] = [];
        const worker = createOutboxWorker({
          db,
          chain: context,
          confirmations: 1,
          intervalMs: 50,
          replaceAfterChecks: 2,
          maxFeePerGas: ceiling,
          log: (message) => logged.push(message),
        });
        for (let step = 0; step < 5; step++) await worker.runOnce(); // signed, 2 unmined checks, no replacement, …
        const entry = await outboxEntry(db, "mint:ceiling");
        assert.equal(entry?.status, "signed");
        assert.equal(entry?.attemptHashes.length, 1);
        const [attempt] = await db.query<{ max_fee_per_gas: string; max_priority_fee_per_gas: string }>(
          "SELECT max_fee_per_gas, max_priority_fee_per_gas FROM outbox_attempts WHERE entry_id = $1",
          [entry?.id],
        );
        assert.equal(BigInt(attempt.max_fee_per_gas), ceiling);
        assert.ok(BigInt(attempt.max_priority_fee_per_gas) <= ceiling);
        assert.ok(
          logged.some((message) => message.includes("fee ceiling")),
          logged.join("\n"),
        );
        await chain.mine(2);
        await worker.runOnce();
        assert.equal((await outboxEntry(db, "mint:ceiling"))?.status, "confirmed");
        assert.deepEqual(await mintsTo(context, recipient), [6n]);
      } finally {
        await setAutomine(chain, true);
        await db.close();
      }
    });

    it("signs again with a new nonce when another transaction used the entry's nonce", async () => {
      const db = await openTestDatabase(engine);
      const context = await operatorContext(chain, 19);
      const recipient = freshRecipient();
      await setAutomine(chain, false);
      try {
        await enqueueTransaction(db, {
          key: "mint:nonce-taken",
          to: context.deployment.MockStablecoin,
          data: mintData(recipient, 9n),
          label: "mint whose nonce someone else uses",
        });
        const worker = createOutboxWorker({ db, chain: context, confirmations: 1, intervalMs: 50 });
        await worker.runOnce();
        const signed = await outboxEntry(db, "mint:nonce-taken");
        // The same account sends something else with that nonce, paying more: it replaces ours in the mempool.
        const fees = await context.publicClient.estimateFeesPerGas();
        await context.walletClient.sendTransaction({
          to: context.account.address,
          value: 0n,
          nonce: Number(signed?.nonce),
          maxFeePerGas: fees.maxFeePerGas * 3n,
          maxPriorityFeePerGas: fees.maxPriorityFeePerGas * 3n,
        });
        await chain.mine(2);
        await setAutomine(chain, true);
        await worker.runOnce(); // nonce taken → queued → signed again with the next nonce
        await chain.mine(1);
        await worker.runOnce();
        const done = await outboxEntry(db, "mint:nonce-taken");
        assert.equal(done?.status, "confirmed");
        assert.equal(done?.nonce, (signed?.nonce ?? 0n) + 1n);
        assert.equal(done?.attemptHashes.length, 2);
        assert.deepEqual(await mintsTo(context, recipient), [9n]);
      } finally {
        await setAutomine(chain, true);
        await db.close();
      }
    });

    it("two workers on one database never send the same entry (advisory lock on Postgres)", async (t) => {
      if (engine !== "postgres") {
        t.skip("PGlite is opened by one process only");
        return;
      }
      const db = await openTestDatabase(engine);
      const [one, two] = await Promise.all([operatorContext(chain, 15), operatorContext(chain, 15)]);
      const recipient = freshRecipient();
      try {
        for (let i = 1n; i <= 8n; i++) {
          await enqueueTransaction(db, {
            key: `race:${i}`,
            to: one.deployment.MockStablecoin,
            data: mintData(recipient, i),
            label: `mint ${i}`,
          });
        }
        const workers = [one, two].map((context) =>
          createOutboxWorker({ db, chain: context, confirmations: 0, intervalMs: 10, signPerStep: 2 }),
        );
        for (let round = 0; round < 12; round++) await Promise.all(workers.map((worker) => worker.runOnce()));
        assert.deepEqual(await outboxCounts(db), { queued: 0, signed: 0, mined: 0, confirmed: 8, failed: 0 });
        assert.deepEqual(
          (await mintsTo(one, recipient)).sort((a, b) => (a < b ? -1 : 1)),
          [1n, 2n, 3n, 4n, 5n, 6n, 7n, 8n],
        );
      } finally {
        await db.close();
      }
    });
  });
}
