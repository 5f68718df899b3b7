/**
 * The revenue flow of architecture.md end to end, with three real service instances (API, outbox, keeper,
 * signature exchange) on a real local chain: the same distributor statement imported by each operator → the artist
 * registers the ISRCs → each operator builds the same report → operators 1 and 2 sign → the signatures are exchanged
 * over HTTP and the threshold holder submits through its outbox → the challenge window passes → the keeper settles
 * from the artist's reserve → each holder's claimable equals the expected figure to the unit.
 */
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { StandardMerkleTree } from "@openzeppelin/merkle-tree";
import { parseEventLogs, type Address, type Hex } from "viem";
import { privateKeyToAccount } from "viem/accounts";

import { DEMO_STATEMENT_CENTS, DEMO_TRACKS, writeDemoStatement } from "../../../scripts/local/demoStatement.ts";
import { rpc } from "../../../scripts/lib/localNode.ts";
import { findFreePort } from "../../../scripts/lib/ports.ts";
import { createApiKey } from "../../src/api/apiKeys.ts";
import { catalogEntryBody } from "../../src/catalog/catalog.ts";
import { signCatalogEntry } from "../../src/catalog/catalogTypedData.ts";
import { connectChain } from "../../src/chain/client.ts";
import { abis } from "../../src/chain/contracts.ts";
import { loadConfig } from "../../src/config.ts";
import { openDatabase } from "../../src/db/open.ts";
import { startService, type RunningService } from "../../src/service.ts";
import { importStatement } from "../../src/statements/index.ts";
import { createActiveCampaign, usdc, type ActiveCampaign } from "../support/campaigns.ts";
import { DEV_ACCOUNTS, devKey, startTestChain, type TestChain } from "../support/localChain.ts";

const DAY = 86_400n;
const SHARE_BPS = 2_500;
const INVESTMENTS = [usdc(700), 433_333_333n, usdc(150)];
const MAGNITUDE = 2n ** 64n;

/** Polls `check` every 200 ms until it returns a value (or throws after `timeoutMs`). */
async function waitFor<T>(what: string, timeoutMs: number, check: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

describe("revenue flow through three operator services", () => {
  let chain: TestChain;
  let campaign: ActiveCampaign;
  let dir: string;
  const services: RunningService[] = [];
  const apiKeys: string[] = [];

  before(async () => {
    chain = await startTestChain();
    campaign = await createActiveCampaign(chain, { revenueShareBps: SHARE_BPS, investments: INVESTMENTS });
    // The artist funds a reserve the keeper settles from.
    const artist = await connectChain({
      rpcUrl: chain.url,
      operatorKey: campaign.artistKey,
      contractsFile: chain.contractsFile,
      pollingIntervalMs: 50,
    });
    const coin = chain.addresses.MockStablecoin as Address;
    const oracle = chain.addresses.RevenueOracle as Address;
    const send = async (hash: Promise<Hex>) => artist.publicClient.waitForTransactionReceipt({ hash: await hash });
    const { walletClient } = artist;
    await send(
      walletClient.writeContract({
        address: coin,
        abi: abis.MockStablecoin,
        functionName: "mint",
        args: [campaign.artist, usdc(5_000)],
      }),
    );
    await send(
      walletClient.writeContract({
        address: coin,
        abi: abis.MockStablecoin,
        functionName: "approve",
        args: [oracle, usdc(5_000)],
      }),
    );
    await send(
      walletClient.writeContract({
        address: oracle,
        abi: abis.RevenueOracle,
        functionName: "fundReserve",
        args: [campaign.artist, coin, usdc(5_000)],
      }),
    );

    // One day of usage, the day after activation; the clock moves past its end.
    const usageDay = campaign.activatedAt / DAY + 1n;
    await chain.increaseTime(Number((usageDay + 1n) * DAY - campaign.activatedAt) + 60);
    await rpc(chain.url, "evm_setIntervalMining", [200]);
    dir = mkdtempSync(join(tmpdir(), "encore-e2e-"));
    const statement = join(dir, "statement.csv");
    writeDemoStatement(statement, new Date(Number(usageDay * DAY) * 1000).toISOString().slice(0, 10));

    const ports: number[] = [];
    for (let i = 0; i < 3; i++) ports.push(await findFreePort((ports.at(-1) ?? 30_000 + i * 97) + 1));
    for (const [n, operator] of DEV_ACCOUNTS.operators.entries()) {
      const dataDir = join(dir, `operator-${n + 1}`);
      const db = await openDatabase({ dataDir });
      await importStatement(db, {
        files: [statement],
        format: "csv",
        fx: { rate: "1", source: "test" },
        tokenDecimals: 6,
      });
      apiKeys.push(await createApiKey(db, "test"));
      await db.close();
      const config = loadConfig({
        ENCORE_RPC_URL: chain.url,
        ENCORE_OPERATOR_KEY: devKey(operator),
        ENCORE_CONTRACTS_FILE: chain.contractsFile,
        ENCORE_DATA_DIR: dataDir,
        ENCORE_PORT: String(ports[n]),
        ENCORE_PEERS: ports
          .filter((_, other) => other !== n)
          .map((port) => `http://127.0.0.1:${port}`)
          .join(","),
        ENCORE_CONFIRMATIONS: "1",
        ENCORE_KEEPER_INTERVAL_MS: "300",
      });
      // Operator 1 runs the keeper; all run the outbox and the exchange.
      services.push(await startService(config, { logger: false, workers: { keeper: n === 0 } }));
    }
  });

  after(async () => {
    for (const service of services) await service.stop();
    await chain?.stop();
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  });

  const call = async <T>(n: number, method: "GET" | "POST", path: string, body?: unknown): Promise<T> => {
    const response = await fetch(`${services[n].url}${path}`, {
      method,
      headers: { ...(body === undefined ? {} : { "content-type": "application/json" }), "x-api-key": apiKeys[n] },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    assert.ok(response.ok, `${method} ${path} on operator ${n + 1}: ${response.status} ${text}`);
    return JSON.parse(text) as T;
  };

  it("pays every holder exactly its pro-rata part of the reported revenue", async () => {
    const { publicClient } = services[0].context.chain;
    const hub = chain.addresses.EncoreHub as Address;
    const artist = privateKeyToAccount(campaign.artistKey);
    for (const [nonce, track] of DEMO_TRACKS.entries()) {
      const entry = {
        isrc: track.isrc,
        campaignId: campaign.campaignId,
        shareBps: 10_000,
        nonce: BigInt(nonce),
        deadline: campaign.shareEnd,
      };
      const signature = await signCatalogEntry(artist, Number(chain.chainId), hub, entry);
      await call(0, "POST", "/catalog", catalogEntryBody({ ...entry, signature }));
    }
    // Operator 1 forwarded the entries to its peers.
    for (const n of [1, 2]) {
      await waitFor("catalog propagation", 10_000, async () => {
        const view = await call<{ entries: unknown[] }>(n, "GET", `/campaigns/${campaign.campaignId}/catalog`);
        return view.entries.length === DEMO_TRACKS.length ? true : undefined;
      });
    }

    const periodEnd = (campaign.activatedAt / DAY + 2n) * DAY;
    const body = {
      campaignId: String(campaign.campaignId),
      periodStart: String(campaign.activatedAt),
      periodEnd: String(periodEnd),
    };
    const built = [0, 1, 2].map((n) =>
      call<{ id: string; digest: Hex; grossRevenue: string }>(n, "POST", "/reports", body),
    );
    const reports = await Promise.all(built);
    assert.equal(new Set(reports.map((report) => report.digest)).size, 1, "every operator builds the same report");
    const gross = BigInt(reports[0].grossRevenue);
    assert.equal(gross, BigInt(DEMO_STATEMENT_CENTS) * 10_000n, "3,200.00 USD at 1:1 in 6-decimal units");

    await call(0, "POST", `/reports/${reports[0].id}/sign`);
    await call(1, "POST", `/reports/${reports[1].id}/sign`);
    const oracle = chain.addresses.RevenueOracle as Address;
    const reportId = await waitFor("the submission on-chain", 60_000, async () => {
      const state = await publicClient.readContract({
        address: oracle,
        abi: abis.RevenueOracle,
        functionName: "getCampaign",
        args: [campaign.campaignId],
      });
      return state.pendingReport === 0 ? undefined : BigInt(state.pendingReport);
    });
    const record = await publicClient.readContract({
      address: oracle,
      abi: abis.RevenueOracle,
      functionName: "getReport",
      args: [reportId],
    });
    const amountDue = (gross * BigInt(SHARE_BPS)) / 10_000n;
    assert.equal(record.amount, amountDue);

    // A served proof checks against the root the oracle emitted.
    const logs = parseEventLogs({
      abi: abis.RevenueOracle,
      eventName: "ReportSubmitted",
      logs: await publicClient.getLogs({ address: oracle, fromBlock: 0n }),
    });
    const emitted = logs.find((log) => log.args.reportId === reportId);
    const proof = await call<{ root: Hex; values: string[]; leafEncoding: string[]; proof: Hex[] }>(
      2,
      "GET",
      `/reports/${reports[2].id}/lines/3/proof`,
    );
    assert.equal(proof.root, emitted?.args.statementRoot);
    assert.ok(StandardMerkleTree.verify(proof.root, proof.leafEncoding, proof.values, proof.proof));

    const holders = DEV_ACCOUNTS.fans
      .slice(0, INVESTMENTS.length)
      .map((index) => privateKeyToAccount(devKey(index)).address);
    const claimable = (holder: Address) =>
      publicClient.readContract({
        address: hub,
        abi: abis.EncoreHub,
        functionName: "claimable",
        args: [campaign.campaignId, holder],
      });
    const before = await Promise.all(holders.map(claimable));
    assert.deepEqual(before, [0n, 0n, 0n]);

    const now = (await publicClient.getBlock()).timestamp;
    await chain.increaseTime(Number(BigInt(record.challengeEnd) - now + 1n));
    await waitFor("the keeper to settle", 60_000, async () => {
      const status = (
        await publicClient.readContract({
          address: oracle,
          abi: abis.RevenueOracle,
          functionName: "getReport",
          args: [reportId],
        })
      ).status;
      return status === 3 ? true : undefined;
    });
    const raised = INVESTMENTS.reduce((sum, amount) => sum + amount, 0n);
    const perShare = (amountDue * MAGNITUDE) / raised;
    const expected = INVESTMENTS.map((shares) => (shares * perShare) / MAGNITUDE);
    assert.deepEqual(await Promise.all(holders.map(claimable)), expected);
    assert.ok(expected.reduce((sum, value) => sum + value, 0n) <= amountDue);
  });
});
