/**
 * Issue 8's data budget: "a portfolio of 100 positions loads with at most 3 RPC calls (multicall) in chain mode".
 * On a real local node one account holds positions in 100 campaigns (created and invested in batches, automine
 * off); `createChainData(...).portfolio(account)` then runs through a viem client whose `fetch` counts every
 * JSON-RPC request it sends, each request inside a JSON-RPC batch included.
 */
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import {
  createPublicClient,
  encodeFunctionData,
  http,
  keccak256,
  maxUint256,
  parseUnits,
  stringToHex,
  zeroAddress,
  type Address,
  type Hex,
} from "viem";

import { deployLocal, type LocalAddresses } from "../../scripts/lib/deployLocal.ts";
import { PROJECT_ROOT } from "../../scripts/lib/hardhat.ts";
import { rpc, startLocalNode, type LocalNode } from "../../scripts/lib/localNode.ts";
import { findFreePort } from "../../scripts/lib/ports.ts";
import { createChainData } from "../src/data/chainData.ts";
import { abis, type ContractName } from "../src/generated/contracts.ts";

const POSITIONS = 100;
/** Investment per campaign (mock USDC, 6 decimals). */
const STAKE = parseUnits("25", 6);
/** Generous explicit gas, so the node does not estimate each transaction against a block that lacks the others. */
const GAS = 1_500_000n;

/** Sends `calls` as one JSON-RPC batch and returns the results in order; throws on any error. */
async function batch(url: string, calls: { method: string; params: unknown[] }[]): Promise<unknown[]> {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(calls.map((call, id) => ({ jsonrpc: "2.0", id, ...call }))),
  });
  const answers = (await response.json()) as { id: number; result?: unknown; error?: { message: string } }[];
  return answers
    .sort((a, b) => a.id - b.id)
    .map((answer) => {
      if (answer.error !== undefined) throw new Error(answer.error.message);
      return answer.result;
    });
}

/**
 * Sends `data` transactions from `from` (an unlocked dev account) with automine off, then mines until every one has a
 * receipt, and checks they all succeeded.
 */
async function sendAll(url: string, from: Address, to: Address, data: readonly Hex[]): Promise<void> {
  const nonce = BigInt((await rpc(url, "eth_getTransactionCount", [from, "latest"])) as string);
  const hashes = (await batch(
    url,
    data.map((input, index) => ({
      method: "eth_sendTransaction",
      params: [
        { from, to, data: input, gas: `0x${GAS.toString(16)}`, nonce: `0x${(nonce + BigInt(index)).toString(16)}` },
      ],
    })),
  )) as Hex[];
  for (;;) {
    await rpc(url, "evm_mine");
    const mined = BigInt((await rpc(url, "eth_getTransactionCount", [from, "latest"])) as string);
    if (mined >= nonce + BigInt(data.length)) break;
  }
  const receipts = (await batch(
    url,
    hashes.map((hash) => ({ method: "eth_getTransactionReceipt", params: [hash] })),
  )) as { status: Hex }[];
  assert.ok(
    receipts.every((receipt) => receipt.status === "0x1"),
    "a setup transaction reverted",
  );
}

describe("portfolio in chain mode", () => {
  let node: LocalNode;
  let work: string;
  let deploymentDir: string;
  let contracts: LocalAddresses;
  let fan: Address;
  let setupSeconds = 0;

  before(async () => {
    work = mkdtempSync(join(tmpdir(), "encore-web-portfolio-"));
    const port = await findFreePort(31_000 + Math.floor(Math.random() * 10_000));
    node = await startLocalNode({ port, logFile: join(work, "node.log") });
    const deploymentId = `test-web-portfolio-${port}`;
    deploymentDir = join(PROJECT_ROOT, "ignition", "deployments", deploymentId);
    contracts = await deployLocal(node.url, deploymentId);
    const startedAt = performance.now();
    const accounts = (await rpc(node.url, "eth_accounts")) as Address[];
    const artist = accounts[2];
    fan = accounts[4];
    const coin = contracts.MockStablecoin as Address;
    const hub = contracts.EncoreHub as Address;
    const now = Number(
      BigInt(((await rpc(node.url, "eth_getBlockByNumber", ["latest", false])) as { timestamp: Hex }).timestamp),
    );
    await rpc(node.url, "evm_setAutomine", [false]);
    await sendAll(node.url, fan, coin, [
      encodeFunctionData({ abi: abis.MockStablecoin, functionName: "mint", args: [fan, STAKE * BigInt(POSITIONS)] }),
      encodeFunctionData({ abi: abis.MockStablecoin, functionName: "approve", args: [hub, maxUint256] }),
    ]);
    const config = (index: number) => ({
      token: coin,
      goal: STAKE * 4n,
      hardCap: STAKE * 8n,
      fundingDeadline: BigInt(now + 30 * 86_400),
      minInvestment: 1n,
      maxPerInvestor: 0n,
      revenueShareBps: 1_000,
      payoutCap: 0n,
      shareDuration: BigInt(365 * 86_400),
      vestingDuration: 0n,
      bond: 0n,
      termsHash: keccak256(stringToHex(`portfolio test campaign ${index}`)),
      metadataURI: `data:application/json,${encodeURIComponent(JSON.stringify({ name: `Campaign ${index}` }))}`,
      compliance: zeroAddress,
    });
    const count = await createPublicClient({ transport: http(node.url) }).readContract({
      address: hub,
      abi: abis.EncoreHub,
      functionName: "campaignCount",
    });
    const firstId = count + 1n;
    const ids = Array.from({ length: POSITIONS }, (_, index) => firstId + BigInt(index));
    await sendAll(
      node.url,
      artist,
      hub,
      ids.map((_, index) =>
        encodeFunctionData({ abi: abis.EncoreHub, functionName: "createCampaign", args: [config(index)] }),
      ),
    );
    await sendAll(
      node.url,
      fan,
      hub,
      ids.map((id) => encodeFunctionData({ abi: abis.EncoreHub, functionName: "invest", args: [id, STAKE] })),
    );
    await rpc(node.url, "evm_setAutomine", [true]);
    setupSeconds = (performance.now() - startedAt) / 1000;
  });

  after(async () => {
    await node?.stop();
    if (deploymentDir !== undefined) rmSync(deploymentDir, { recursive: true, force: true });
    if (work !== undefined) rmSync(work, { recursive: true, force: true });
  });

  it(`loads ${POSITIONS} positions with at most 3 JSON-RPC requests`, async (t) => {
    const requests: string[] = [];
    const countingFetch: typeof fetch = async (input, init) => {
      const body = JSON.parse(typeof init?.body === "string" ? init.body : "null") as
        | { method: string }
        | { method: string }[];
      requests.push(...(Array.isArray(body) ? body : [body]).map((request) => request.method));
      return fetch(input, init);
    };
    const client = createPublicClient({ transport: http(node.url, { fetchFn: countingFetch }) });
    const data = createChainData(client, contracts as Record<ContractName, Address>);
    const positions = await data.portfolio(fan);
    t.diagnostic(`setup ${setupSeconds.toFixed(1)} s; portfolio requests: ${requests.join(", ")}`);
    assert.equal(positions.length, POSITIONS);
    assert.ok(positions.every((position) => position.shares === STAKE && position.totalSupply === STAKE));
    assert.ok(requests.length <= 3, `${requests.length} JSON-RPC requests: ${requests.join(", ")}`);
  });
});
