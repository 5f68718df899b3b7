/**
 * The oracle's revenue flow for the e2e test, without the oracle-service processes (starting three of them cost
 * about two minutes on the shared test machine): a demo statement's lines become the report's Merkle tree with the
 * service's own tree code, a threshold of operators sign the report's EIP-712 digest with the service's own typed
 * data (oracle-service/src/reports/), the signatures go to `submitReport` sorted by signer as the service sends them,
 * and after the challenge window (the local clock moved forward) `settle` pays the holders from the artist's reserve.
 */
import { readFileSync } from "node:fs";
import { createWalletClient, createPublicClient, http, keccak256, type Address, type Hex } from "viem";
import { privateKeyToAccount } from "viem/accounts";

import { ReportMerkleTree } from "../../../oracle-service/src/reports/merkle.ts";
import type { LeafValues } from "../../../oracle-service/src/reports/leaves.ts";
import { reportTypedData, type ReportMessage } from "../../../oracle-service/src/reports/reportTypedData.ts";
import { rpc } from "../../../scripts/lib/localNode.ts";
import { abis } from "../../src/generated/contracts.ts";

/** What {@link reportAndSettle} needs. */
export interface ReportOptions {
  rpcUrl: string;
  oracle: Address;
  campaignId: bigint;
  periodStart: bigint;
  periodEnd: bigint;
  /** A statement in the importer's default CSV mapping (ISRC, …, net revenue in USD at column 5), rate 1:1. */
  statementFile: string;
  /** Private keys of the signing operators (at least the oracle's threshold). */
  operatorKeys: readonly Hex[];
  /** Sends the transactions (an unlocked dev account of the node). */
  sender: Address;
  /** Called once the report is on-chain, in its challenge window, before the clock is moved past it. */
  onSubmitted?: (reportId: bigint) => Promise<void>;
}

/** The leaves of a statement's lines, all of each line's revenue to the campaign (share 100 %). */
function statementLeaves(file: string): LeafValues[] {
  const text = readFileSync(file, "utf8");
  const statementHash = keccak256(new TextEncoder().encode(text));
  return text
    .trim()
    .split("\n")
    .slice(1)
    .map((line, index) => {
      const [isrc, , , , amount] = line.split(",");
      // USD 1:1 to the 6-decimal token: cents × 10^4.
      const units = (BigInt(Math.round(Number(amount) * 100)) * 10_000n).toString();
      return [statementHash, String(index + 1), isrc, units, "10000", units];
    });
}

/**
 * Builds, signs, submits and (after the window) settles one report.
 *
 * @returns The on-chain report id and the amount due to holders.
 */
export async function reportAndSettle(options: ReportOptions): Promise<{ reportId: bigint; amountDue: bigint }> {
  const transport = http(options.rpcUrl);
  const reader = createPublicClient({ transport });
  const writer = createWalletClient({ account: options.sender, transport });
  const oracle = { address: options.oracle, abi: abis.RevenueOracle } as const;
  const chainId = await reader.getChainId();
  const send = async (hash: Promise<Hex>) => {
    const receipt = await reader.waitForTransactionReceipt({ hash: await hash, pollingInterval: 50 });
    if (receipt.status !== "success") throw new Error(`transaction ${receipt.transactionHash} reverted`);
  };

  const leaves = statementLeaves(options.statementFile);
  const { lastSequence } = await reader.readContract({
    ...oracle,
    functionName: "getCampaign",
    args: [options.campaignId],
  });
  const report: ReportMessage = {
    campaignId: options.campaignId,
    periodStart: options.periodStart,
    periodEnd: options.periodEnd,
    grossRevenue: leaves.reduce((sum, leaf) => sum + BigInt(leaf[3]), 0n),
    statementRoot: ReportMerkleTree.of(leaves).root,
    sequence: BigInt(lastSequence) + 1n,
  };
  // The report may only cover the past: move the local clock past the period's end.
  const now = (await reader.getBlock()).timestamp;
  if (now < options.periodEnd + 60n)
    await rpc(options.rpcUrl, "evm_increaseTime", [Number(options.periodEnd + 60n - now)]);
  await rpc(options.rpcUrl, "evm_mine");

  const signed = await Promise.all(
    options.operatorKeys.map(async (key) => {
      const account = privateKeyToAccount(key);
      return {
        signer: account.address,
        signature: await account.signTypedData(reportTypedData(chainId, options.oracle, report)),
      };
    }),
  );
  signed.sort((a, b) => (BigInt(a.signer) < BigInt(b.signer) ? -1 : 1));
  await send(
    writer.writeContract({
      ...oracle,
      chain: null,
      functionName: "submitReport",
      args: [report, signed.map((entry) => entry.signature)],
    }),
  );
  const { pendingReport } = await reader.readContract({
    ...oracle,
    functionName: "getCampaign",
    args: [options.campaignId],
  });
  const reportId = BigInt(pendingReport);
  const { amount, challengeEnd } = await reader.readContract({
    ...oracle,
    functionName: "getReport",
    args: [reportId],
  });
  await options.onSubmitted?.(reportId);

  const afterWindow = (await reader.getBlock()).timestamp;
  if (afterWindow <= challengeEnd) {
    await rpc(options.rpcUrl, "evm_increaseTime", [Number(BigInt(challengeEnd) - afterWindow + 1n)]);
  }
  await rpc(options.rpcUrl, "evm_mine");
  await send(writer.writeContract({ ...oracle, chain: null, functionName: "settle", args: [reportId] }));
  return { reportId, amountDue: amount };
}
