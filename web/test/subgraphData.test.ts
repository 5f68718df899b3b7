/**
 * The subgraph implementation of the dApp's data interface against the direct-chain one, on a real local chain:
 * the demo is seeded and given oracle reports (settled from the reserve, settled short with a debt, pending) and a
 * share transfer; the chain's logs are indexed with the subgraph's own compiled mappings (test/subgraph/indexer.ts)
 * and served by a graph-node-style GraphQL endpoint (test/subgraph/graphNodeServer.ts). `createSubgraphData` must
 * return exactly what `createChainData` returns for every campaign and every demo account. Then the fallback: the
 * indexer down, hanging, answering GraphQL errors, or lagging → the chain answers and the status says why.
 */
import assert from "node:assert/strict";
import { createServer, type Server } from "node:http";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import {
  createPublicClient,
  createWalletClient,
  http,
  parseUnits,
  type Address,
  type Hex,
  type PublicClient,
  type WalletClient,
} from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { hardhat } from "viem/chains";

import { deployLocal } from "../../scripts/lib/deployLocal.ts";
import { REPORT_TYPES } from "../../scripts/lib/eip712.ts";
import { PROJECT_ROOT } from "../../scripts/lib/hardhat.ts";
import { startLocalNode, type LocalNode } from "../../scripts/lib/localNode.ts";
import { findFreePort } from "../../scripts/lib/ports.ts";
import { seedDemo } from "../../scripts/seed/seedDemo.ts";
import type { CampaignData } from "../src/data/CampaignData.ts";
import { createChainData } from "../src/data/chainData.ts";
import { createFallbackData } from "../src/data/fallbackData.ts";
import { createSourceStatus } from "../src/data/sourceStatus.ts";
import { createSubgraphData, type SubgraphData } from "../src/data/subgraphData.ts";
import { abis, type ContractName } from "../src/generated/contracts.ts";
import { startGraphNodeServer, type GraphNodeServer } from "./subgraph/graphNodeServer.ts";
import { ensureSubgraphBuilt, LocalIndexer } from "./subgraph/indexer.ts";

const DAY = 86_400n;
const usdc = (amount: number) => parseUnits(String(amount), 6);

describe("subgraph data source", () => {
  let node: LocalNode;
  let work: string;
  let deploymentDir: string;
  let client: PublicClient;
  let wallet: WalletClient;
  let contracts: Record<ContractName, Address>;
  let chain: CampaignData;
  let subgraph: SubgraphData;
  let indexer: LocalIndexer;
  let server: GraphNodeServer;
  const accounts: Address[] = [];
  const fans: Address[] = [];

  /** Sends a transaction from an unlocked dev account and waits for it. */
  async function send(
    account: Address,
    contract: ContractName,
    functionName: string,
    args: readonly unknown[],
  ): Promise<void> {
    // One helper for every contract and function: the per-function typing of viem is given up on purpose.
    const request = {
      account,
      chain: hardhat,
      address: contracts[contract],
      abi: abis[contract],
      functionName,
      args,
    } as unknown as Parameters<WalletClient["writeContract"]>[0];
    const hash = await wallet.writeContract(request);
    const receipt = await client.waitForTransactionReceipt({ hash });
    assert.equal(receipt.status, "success", `${contract}.${functionName} reverted`);
  }

  async function increaseTime(seconds: bigint): Promise<void> {
    await client.request({ method: "evm_increaseTime" as never, params: [Number(seconds)] as never });
    await client.request({ method: "evm_mine" as never, params: [] as never });
  }

  before(async () => {
    ensureSubgraphBuilt();
    work = mkdtempSync(join(tmpdir(), "encore-subgraph-data-"));
    const port = await findFreePort(23_000 + Math.floor(Math.random() * 8_000));
    node = await startLocalNode({ port, logFile: join(work, "node.log") });
    const deploymentId = `web-subgraph-${port}`;
    deploymentDir = join(PROJECT_ROOT, "ignition", "deployments", deploymentId);
    contracts = (await deployLocal(node.url, deploymentId)) as Record<ContractName, Address>;
    const demo = await seedDemo({
      rpcUrl: node.url,
      hub: contracts.EncoreHub,
      stablecoin: contracts.MockStablecoin,
      revenueOracle: contracts.RevenueOracle,
      complianceRegistry: contracts.ComplianceRegistry,
    });
    fans.push(...demo.accounts.filter((a) => a.role === "fan").map((a) => a.address as Address));
    const artists = demo.accounts.filter((a) => a.role === "artist").map((a) => a.address as Address);
    accounts.push(...fans, ...artists);
    const operators = demo.accounts
      .filter((a) => a.role === "operator" && a.privateKey !== undefined)
      .map((a) => privateKeyToAccount(a.privateKey as Hex))
      .sort((a, b) => (BigInt(a.address) < BigInt(b.address) ? -1 : 1))
      .slice(0, 2);
    client = createPublicClient({ transport: http(node.url) });
    wallet = createWalletClient({ transport: http(node.url) });

    // Oracle reports on campaign 1 (20 % share, 1,000 mUSDC reserve, 1,000 mUSDC bond): settled from the reserve;
    // settled short and repaid; settled short and enforced from the bond; enforced and then repaid; settled short
    // and owed; one in its challenge window. Between them fan 2 sends shares to fan 5, who claims.
    const view = (await client.readContract({
      address: contracts.EncoreHub,
      abi: abis.EncoreHub,
      functionName: "campaign",
      args: [1n],
    })) as { activatedAt: bigint | number };
    const start = BigInt(view.activatedAt);
    await increaseTime(10n * DAY);
    const chainId = await client.getChainId();
    const domain = {
      name: "Encore RevenueOracle",
      version: "1",
      chainId,
      verifyingContract: contracts.RevenueOracle,
    } as const;
    const submit = async (sequence: bigint, grossRevenue: bigint) => {
      const report = {
        campaignId: 1n,
        periodStart: start + (sequence - 1n) * 2n * DAY,
        periodEnd: start + sequence * 2n * DAY,
        grossRevenue,
        statementRoot: `0x${sequence.toString(16).padStart(64, "0")}`,
        sequence,
      };
      const signatures = await Promise.all(
        operators.map((operator) =>
          operator.signTypedData({ domain, types: REPORT_TYPES, primaryType: "Report", message: report }),
        ),
      );
      await send(fans[4], "RevenueOracle", "submitReport", [report, signatures]);
    };
    const settle = async (reportId: bigint) => {
      await increaseTime(3_601n);
      await send(fans[4], "RevenueOracle", "settle", [reportId]);
    };
    await submit(1n, usdc(2_000)); // 400 due, paid from the reserve (600 left)
    await settle(1n);
    await send(fans[1], "EncoreShares", "safeTransferFrom", [fans[1], fans[4], 1n, usdc(500), "0x"]);
    await submit(2n, usdc(10_000)); // 2,000 due: 600 paid, 1,400 owed, then repaid by the artist
    await settle(2n);
    await send(fans[4], "EncoreHub", "claim", [1n]);
    await send(artists[0], "MockStablecoin", "approve", [contracts.RevenueOracle, usdc(1_400)]);
    await send(artists[0], "RevenueOracle", "payDue", [2n]);
    await submit(3n, usdc(5_000)); // 1,000 due, nothing in the reserve: enforced from the bond after the grace
    await settle(3n);
    await increaseTime(DAY + 1n);
    await send(fans[4], "RevenueOracle", "enforce", [3n]);
    await submit(4n, usdc(1_000)); // 200 due, nothing in the reserve: enforced, then repaid by the artist
    await settle(4n);
    await increaseTime(DAY + 1n);
    await send(fans[4], "RevenueOracle", "enforce", [4n]);
    await send(artists[0], "MockStablecoin", "approve", [contracts.RevenueOracle, usdc(1_000)]);
    await send(artists[0], "RevenueOracle", "payDue", [4n]);
    // Settlement also draws on the artist's allowance: withdraw what is left so report 5 stays owed.
    await send(artists[0], "MockStablecoin", "approve", [contracts.RevenueOracle, 0n]);
    await submit(5n, usdc(2_000)); // 400 due and owed
    await settle(5n);
    await submit(6n, usdc(500)); // still in its challenge window

    chain = createChainData(client, contracts);
    indexer = new LocalIndexer(
      {
        EncoreHub: contracts.EncoreHub,
        EncoreShares: contracts.EncoreShares,
        RevenueOracle: contracts.RevenueOracle,
        ComplianceRegistry: contracts.ComplianceRegistry,
        EncoreAutomation: contracts.EncoreAutomation,
      },
      abis,
    );
    await indexer.sync(client);
    server = await startGraphNodeServer(
      { state: indexer.state, head: () => indexer.head },
      await findFreePort(port + 1),
    );
    // Pages of 2 so that every list (3 campaigns, positions, histories) takes more than one page.
    subgraph = createSubgraphData(server.url, { client, hub: contracts.EncoreHub, chain, pageSize: 2 });
  });

  after(async () => {
    await server?.close();
    await node?.stop();
    if (deploymentDir !== undefined) rmSync(deploymentDir, { recursive: true, force: true });
    if (work !== undefined) rmSync(work, { recursive: true, force: true });
  });

  it("indexes the chain's logs with the subgraph's own mappings", async () => {
    const count = (type: string) => indexer.state.store.get(type)?.size ?? 0;
    assert.equal(count("Campaign"), 3);
    assert.equal(count("Report"), 6);
    assert.equal(count("Debt"), 4);
    assert.equal(count("Enforcement"), 2);
    assert.ok(count("Investment") >= 9, `investments: ${count("Investment")}`);
    assert.ok(count("ShareTransfer") > count("Investment"), "mints, the refund's burn and the transfer");
    assert.equal(indexer.head?.number, await client.getBlockNumber());
  });

  it("lists every campaign and each campaign exactly as the chain does, page by page", async () => {
    const before = server.calls.get("Campaigns") ?? 0;
    const expected = await chain.campaigns();
    assert.equal(expected.length, 3);
    assert.deepEqual(await subgraph.campaigns(), expected);
    assert.equal((server.calls.get("Campaigns") ?? 0) - before, 2, "3 campaigns in pages of 2");
    for (const campaign of expected) assert.deepEqual(await subgraph.campaign(campaign.id), campaign);
    assert.equal(await subgraph.campaign(99n), undefined);
    assert.deepEqual(
      expected.map((c) => c.state),
      ["Active", "Failed", "Funding"],
    );
  });

  it("gives every demo account the chain's portfolio, claimable amounts included", async () => {
    let positions = 0;
    for (const account of accounts) {
      const expected = await chain.portfolio(account);
      positions += expected.length;
      assert.deepEqual(await subgraph.portfolio(account), expected, `portfolio of ${account}`);
    }
    assert.ok(positions >= 8, `positions: ${positions}`);
  });

  it("gives every demo account the chain's history and statement", async () => {
    const kinds = new Set<string>();
    for (const account of accounts) {
      const expected = await chain.activity(account);
      for (const entry of expected.entries) kinds.add(entry.kind);
      assert.deepEqual(await subgraph.activity(account), expected, `activity of ${account}`);
    }
    assert.deepEqual([...kinds].sort(), ["claimed", "invested", "received", "refunded", "sent"]);
  });

  it("reports every oracle report with the chain's status, payments and debt", async () => {
    const head = await client.getBlock();
    for (const now of [Number(head.timestamp), Number(head.timestamp) + 3_601]) {
      for (const id of [1n, 2n, 3n]) {
        assert.deepEqual(await subgraph.reports(id, now), await chain.reports(id, now), `reports of ${id} at ${now}`);
      }
    }
    const statuses = (await subgraph.reports(1n, Number(head.timestamp))).map((r) => r.status);
    assert.deepEqual(statuses, ["settled", "settled", "enforced", "settled", "inDebt", "challenge"]);
  });

  describe("fallback to the chain", () => {
    const status = createSourceStatus({ source: "pending" });
    const wrap = (data: SubgraphData, maxLagBlocks?: number) =>
      createFallbackData(data, chain, {
        chainHead: () => client.getBlockNumber({ cacheTime: 0 }),
        status,
        maxLagBlocks,
      });

    it("serves from the subgraph while it is healthy", async () => {
      const before = server.calls.get("Campaigns") ?? 0;
      assert.deepEqual(await wrap(subgraph).campaigns(), await chain.campaigns());
      assert.ok((server.calls.get("Campaigns") ?? 0) > before);
      assert.deepEqual(status.get(), { source: "subgraph", block: indexer.head?.number });
    });

    it("reads the chain when the subgraph server is down", async () => {
      const closedPort = await findFreePort(40_000 + Math.floor(Math.random() * 10_000));
      const down = createSubgraphData(`http://127.0.0.1:${closedPort}/subgraphs/name/encore`, {
        client,
        hub: contracts.EncoreHub,
        chain,
      });
      assert.deepEqual(await wrap(down).portfolio(fans[0]), await chain.portfolio(fans[0]));
      assert.deepEqual(status.get(), { source: "chain", reason: "unreachable" });
    });

    it("reads the chain when the subgraph does not answer in time", async () => {
      const hanging: Server = createServer(() => undefined);
      const port = await findFreePort(41_000 + Math.floor(Math.random() * 9_000));
      await new Promise<void>((resolve) => hanging.listen(port, "127.0.0.1", resolve));
      try {
        const slow = createSubgraphData(`http://127.0.0.1:${port}/`, {
          client,
          hub: contracts.EncoreHub,
          chain,
          timeoutMs: 300,
        });
        const started = Date.now();
        assert.deepEqual(await wrap(slow).campaign(3n), await chain.campaign(3n));
        assert.ok(Date.now() - started < 5_000, "the timeout applies");
        assert.deepEqual(status.get(), { source: "chain", reason: "unreachable" });
      } finally {
        hanging.closeAllConnections();
        await new Promise((resolve) => hanging.close(resolve));
      }
    });

    it("reads the chain when the subgraph answers with GraphQL errors", async () => {
      server.failWith = "indexing_error: store error: deadlock detected";
      try {
        const fresh = createSubgraphData(server.url, { client, hub: contracts.EncoreHub, chain });
        assert.deepEqual(await wrap(fresh).activity(fans[1]), await chain.activity(fans[1]));
        assert.deepEqual(status.get(), { source: "chain", reason: "error" });
      } finally {
        server.failWith = undefined;
      }
    });

    it("reads the chain when the subgraph lags more than the allowed blocks, and the subgraph again once synced", async () => {
      // A new investment the indexer has not seen, then 40 empty blocks: the subgraph is stale by 41 blocks.
      const [stale] = await subgraph.campaigns().then((list) => list.filter((c) => c.id === 3n));
      await send(fans[0], "MockStablecoin", "approve", [contracts.EncoreHub, usdc(200)]);
      await send(fans[0], "EncoreHub", "invest", [3n, usdc(200)]);
      await client.request({ method: "hardhat_mine" as never, params: ["0x28"] as never });
      const live = await chain.campaign(3n);
      assert.equal(live?.raised, stale.raised + usdc(200));
      const fresh = () => createSubgraphData(server.url, { client, hub: contracts.EncoreHub, chain });

      assert.deepEqual(await wrap(fresh(), 30).campaign(3n), live);
      const lagging = status.get();
      assert.equal(lagging.source, "chain");
      assert.equal(lagging.source === "chain" && lagging.reason, "lagging");
      assert.ok(lagging.source === "chain" && (lagging.lagBlocks ?? 0n) >= 40n);

      // Tolerating the lag serves the subgraph's (stale) view: the switch above was the lag check's doing.
      assert.deepEqual(await wrap(fresh(), 100).campaign(3n), stale);
      assert.equal(status.get().source, "subgraph");

      await indexer.sync(client);
      assert.deepEqual(await wrap(fresh(), 30).campaign(3n), live);
      assert.deepEqual(status.get(), { source: "subgraph", block: indexer.head?.number });
    });
  });

  it("derives the time-based Ended state as the hub does once the share window closed", async () => {
    await increaseTime(3n * 365n * DAY + DAY);
    await indexer.sync(client);
    const expected = await chain.campaigns();
    assert.equal(expected.find((c) => c.id === 1n)?.state, "Ended");
    const fresh = createSubgraphData(server.url, { client, hub: contracts.EncoreHub, chain });
    assert.deepEqual(await fresh.campaigns(), expected);
  });
});
