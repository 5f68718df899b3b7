import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";

import type { ChainContext } from "../../src/chain/client.ts";
import { abis } from "../../src/chain/contracts.ts";
import type { Database } from "../../src/db/database.ts";
import { keeperCommand } from "../../src/cli/commands/keeper.ts";
import { loadConfig } from "../../src/config.ts";
import { createKeeper, type Keeper, type KeeperRound } from "../../src/keeper/keeper.ts";
import { createOutboxWorker, outboxEntry, type OutboxWorker } from "../../src/outbox/outbox.ts";
import { openTestDatabase, TEST_ENGINES } from "../support/databases.ts";
import { devKey, DEV_ACCOUNTS, startTestChain, type TestChain } from "../support/localChain.ts";
import { operatorContext } from "../outbox/outboxTestKit.ts";
import { scenario, USDC, type Scenario } from "./keeperScenario.ts";

/** Dev account sending the keeper's transactions (anyone may call performUpkeep and refundMany). */
const KEEPER_ACCOUNT = 9;
const [ARTIST, OTHER_ARTIST] = DEV_ACCOUNTS.artists;
const FANS = DEV_ACCOUNTS.fans;
/** An artist of its own for the enforcement test: enforcement suspends the artist. */
const DEFAULTING_ARTIST = 15;
/** `IEncoreHub.State` and `IRevenueOracle.ReportStatus` values. */
const ACTIVE = 2;
const REPORT_ENFORCED = 5;

for (const engine of TEST_ENGINES) {
  describe(`keeper on ${engine}`, () => {
    let chain: TestChain;
    let context: ChainContext;
    let act: Scenario;
    before(async () => {
      chain = await startTestChain();
      context = await operatorContext(chain, KEEPER_ACCOUNT);
      act = scenario(chain, context);
    });
    after(async () => {
      await chain?.stop();
    });

    /** A keeper and an outbox worker on `db` with `confirmations`. */
    const service = (db: Database, confirmations: number, refundBatchSize?: number) => ({
      keeper: createKeeper({ db, chain: context, confirmations, intervalMs: 50, refundBatchSize }),
      worker: createOutboxWorker({ db, chain: context, confirmations, intervalMs: 50 }),
    });
    /** One keeper round, then the outbox sends what it enqueued and confirms it. */
    const roundAndSend = async (
      parts: { keeper: Keeper; worker: OutboxWorker },
      confirmations: number,
    ): Promise<KeeperRound> => {
      const round = await parts.keeper.runOnce();
      await parts.worker.runOnce();
      await chain.mine(confirmations);
      await parts.worker.runOnce();
      return round;
    };
    const keysOf = (round: KeeperRound) => round.tasks.map((task) => task.key);
    const stateOf = (id: bigint) =>
      context.publicClient.readContract({
        address: context.deployment.EncoreHub,
        abi: abis.EncoreHub,
        functionName: "state",
        args: [id],
      });
    const claimable = (id: bigint, holder: `0x${string}`) =>
      context.publicClient.readContract({
        address: context.deployment.EncoreHub,
        abi: abis.EncoreHub,
        functionName: "claimable",
        args: [id, holder],
      });
    /** A campaign that raised its goal, closed and was finalized successfully. */
    const activeCampaign = async (artist: number, bond: bigint): Promise<bigint> => {
      const id = await act.createCampaign(artist, { goal: 1_000n * USDC, bond });
      await act.invest(id, FANS[0], 600n * USDC);
      await act.invest(id, FANS[1], 400n * USDC);
      await chain.increaseTime(3_601);
      await act.send(FANS[0], {
        address: context.deployment.EncoreHub,
        abi: abis.EncoreHub,
        functionName: "finalize",
        args: [id],
      });
      return id;
    };

    it("finalizes a campaign whose funding closed, only once its blocks are confirmed, and resumes after a restart", async () => {
      const db = await openTestDatabase(engine);
      try {
        const parts = service(db, 2);
        const id = await act.createCampaign(ARTIST, { goal: 500n * USDC });
        await act.invest(id, FANS[0], 500n * USDC);
        assert.ok(!keysOf(await parts.keeper.runOnce()).includes(`finalize:${id}`), "funding still open");

        await chain.increaseTime(3_601);
        const early = await parts.keeper.runOnce();
        assert.ok(!keysOf(early).includes(`finalize:${id}`), "the deadline block has fewer than 2 blocks on top");

        await chain.mine(2);
        const due = await roundAndSend(parts, 2);
        assert.ok(keysOf(due).includes(`finalize:${id}`));
        const finalize = due.tasks.find((task) => task.key === `finalize:${id}`);
        assert.equal((await outboxEntry(db, finalize?.outboxKey ?? ""))?.status, "confirmed");
        assert.equal(await stateOf(id), ACTIVE);

        // A new keeper on the same database continues from the cursor and enqueues nothing twice.
        await parts.keeper.stop();
        const restarted = service(db, 2);
        await chain.mine(3);
        const resumed = await restarted.keeper.runOnce();
        assert.equal(resumed.indexed?.fromBlock, (due.evaluatedAt ?? 0n) + 1n);
        assert.ok(!keysOf(resumed).includes(`finalize:${id}`));
        const [row] = await db.query<{ count: bigint }>(
          "SELECT count(*)::int8 AS count FROM keeper_tasks WHERE task_key = $1",
          [`finalize:${id}`],
        );
        assert.equal(row.count, 1n);
      } finally {
        await db.close();
      }
    });

    it("refunds a failed campaign's remaining investors in bounded refundMany batches", async () => {
      const db = await openTestDatabase(engine);
      try {
        const parts = service(db, 1, 2);
        const id = await act.createCampaign(OTHER_ARTIST, { goal: 100_000n * USDC });
        for (const [n, fan] of FANS.entries()) await act.invest(id, fan, BigInt(10 + n) * USDC);
        await chain.increaseTime(3_601);
        await chain.mine(1);
        assert.ok(keysOf(await roundAndSend(parts, 1)).includes(`finalize:${id}`));
        // One fan takes the refund before the keeper gets to it.
        await act.send(FANS[2], {
          address: context.deployment.EncoreHub,
          abi: abis.EncoreHub,
          functionName: "refund",
          args: [id],
        });
        await chain.mine(1);
        const round = await roundAndSend(parts, 1);
        const batches = round.refunds.filter((refund) => refund.campaignId === id);
        assert.deepEqual(
          batches.map((batch) => batch.investors.length),
          [2, 2],
        );
        const fan = (index: number) => act.wallet(index).account.address;
        assert.deepEqual(
          batches.flatMap((batch) => batch.investors),
          [FANS[0], FANS[1], FANS[3], FANS[4]].map(fan),
        );
        for (const batch of batches) assert.equal((await outboxEntry(db, batch.outboxKey))?.status, "confirmed");
        for (const index of FANS) {
          const shares = await context.publicClient.readContract({
            address: context.deployment.EncoreShares,
            abi: abis.EncoreShares,
            functionName: "balanceOf",
            args: [fan(index), id],
          });
          assert.equal(shares, 0n, `fan ${index} holds no shares of the failed campaign any more`);
        }
        await chain.mine(2);
        const later = await parts.keeper.runOnce();
        assert.deepEqual(later.refunds, [], "refund batches are planned once");
      } finally {
        await db.close();
      }
    });

    it("settles a report after its challenge window, so the holders' claimable revenue rises", async () => {
      const db = await openTestDatabase(engine);
      try {
        const parts = service(db, 1);
        const id = await activeCampaign(ARTIST, 0n);
        const reserve = 200n * USDC;
        const { RevenueOracle: oracle, MockStablecoin: token } = context.deployment;
        const artist = act.wallet(ARTIST).account.address;
        await act.send(ARTIST, {
          address: token,
          abi: abis.MockStablecoin,
          functionName: "mint",
          args: [artist, reserve],
        });
        await act.send(ARTIST, {
          address: token,
          abi: abis.MockStablecoin,
          functionName: "approve",
          args: [oracle, reserve],
        });
        await act.send(ARTIST, {
          address: oracle,
          abi: abis.RevenueOracle,
          functionName: "fundReserve",
          args: [artist, token, reserve],
        });
        const reportId = await act.submitReport(id, 1_000n * USDC, 1n);
        const holder = act.wallet(FANS[0]).account.address;
        const before = await claimable(id, holder);

        await chain.mine(1);
        assert.ok(!keysOf(await roundAndSend(parts, 1)).includes(`settle:${reportId}`), "challenge window open");
        await chain.increaseTime(3_601);
        await chain.mine(1);
        const round = await roundAndSend(parts, 1);
        assert.ok(keysOf(round).includes(`settle:${reportId}`));
        const after = await claimable(id, holder);
        // 20 % of 1,000 due, 60 % of the shares: 120 mUSDC, give or take rounding.
        assert.ok(after - before >= 119n * USDC, `claimable rose from ${before} to ${after}`);
      } finally {
        await db.close();
      }
    });

    it("enforces an unpaid debt from the bond once its due date has passed", async () => {
      const db = await openTestDatabase(engine);
      try {
        const parts = service(db, 1);
        const id = await activeCampaign(DEFAULTING_ARTIST, 300n * USDC);
        const reportId = await act.submitReport(id, 1_000n * USDC, 1n);
        await chain.increaseTime(3_601);
        await chain.mine(1);
        assert.ok(keysOf(await roundAndSend(parts, 1)).includes(`settle:${reportId}`), "settled into a debt");
        const holder = act.wallet(FANS[1]).account.address;
        const before = await claimable(id, holder);
        await chain.mine(2);
        assert.ok(!keysOf(await parts.keeper.runOnce()).includes(`enforce:${reportId}`), "not due yet");

        await chain.increaseTime(86_401);
        await chain.mine(1);
        const round = await roundAndSend(parts, 1);
        assert.ok(keysOf(round).includes(`enforce:${reportId}`));
        const report = await context.publicClient.readContract({
          address: context.deployment.RevenueOracle,
          abi: abis.RevenueOracle,
          functionName: "getReport",
          args: [reportId],
        });
        assert.equal(report.status, REPORT_ENFORCED);
        assert.ok((await claimable(id, holder)) > before, "the bond paid holders");
      } finally {
        await db.close();
      }
    });

    it("rolls back what a reorganisation replaced and follows the new chain", async () => {
      const db = await openTestDatabase(engine);
      try {
        const { keeper } = service(db, 0);
        await keeper.runOnce();
        const snapshot = await act.snapshot();
        const id = await act.createCampaign(ARTIST, { goal: 100n * USDC });
        await keeper.runOnce();
        const artistOf = async () =>
          (
            await db.query<{ artist: string }>("SELECT artist FROM keeper_campaigns WHERE campaign_id = $1", [
              id.toString(),
            ])
          )[0]?.artist;
        assert.equal(await artistOf(), act.wallet(ARTIST).account.address.toLowerCase());

        await act.revert(snapshot);
        const replacement = await act.createCampaign(OTHER_ARTIST, { goal: 100n * USDC });
        assert.equal(replacement, id, "the other chain reuses the campaign id");
        await chain.mine(3);
        const round = await keeper.runOnce();
        assert.ok(round.reorg !== undefined, "the reorganisation was noticed");
        assert.ok(round.reorg.forkBlock < round.reorg.staleBlock);
        assert.equal(await artistOf(), act.wallet(OTHER_ARTIST).account.address.toLowerCase());
        const [cursor] = await db.query<{ block_hash: string; block_number: bigint }>(
          "SELECT block_number, block_hash FROM chain_cursors WHERE name = 'keeper'",
        );
        const canonical = await context.publicClient.getBlock({ blockNumber: cursor.block_number });
        assert.equal(cursor.block_hash, canonical.hash);
      } finally {
        await db.close();
      }
    });

    it("encore keeper: --help, --once prints the round, and the long-running mode stops gracefully", async () => {
      const db = await openTestDatabase(engine);
      try {
        const config = loadConfig({
          ENCORE_RPC_URL: chain.url,
          ENCORE_OPERATOR_KEY: devKey(KEEPER_ACCOUNT),
          ENCORE_CONTRACTS_FILE: chain.contractsFile,
          ENCORE_CONFIRMATIONS: "1",
          ENCORE_KEEPER_INTERVAL_MS: "100",
        });
        const run = async (args: string[], until?: Promise<unknown>) => {
          let stdout = "";
          let stderr = "";
          const sink = (append: (text: string) => void) =>
            ({ write: (chunk: string) => (append(chunk), true) }) as unknown as NodeJS.WritableStream;
          const code = await keeperCommand(args, {
            config,
            db,
            chain: context,
            stdout: sink((text) => (stdout += text)),
            stderr: sink((text) => (stderr += text)),
            until,
          });
          return { code, stdout, stderr };
        };
        const help = await run(["--help"]);
        assert.equal(help.code, 0);
        assert.match(help.stdout, /Usage: encore keeper \[--once\]/);
        assert.equal((await run(["--refund-batch", "many"])).code, 2);
        assert.equal((await run(["--refund-batch", "500"])).code, 2);

        const once = await run(["--once"]);
        assert.equal(once.code, 0, once.stderr);
        assert.match(once.stdout, /indexed: blocks 0-\d+ \(\d+ events\)/);
        assert.match(once.stdout, /due work at block \d+/);

        const stopped = await run([], new Promise((resolve) => setTimeout(() => resolve("SIGTERM"), 500)));
        assert.equal(stopped.code, 0);
        assert.match(stopped.stdout, /SIGTERM received: finishing the current step…\nkeeper and outbox stopped\n$/);
        assert.doesNotMatch(stopped.stdout + once.stdout, new RegExp(devKey(KEEPER_ACCOUNT).slice(2), "i"));
      } finally {
        await db.close();
      }
    });
  });
}
