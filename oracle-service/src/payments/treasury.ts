/**
 * The treasury's on-chain side of card payments. The treasury is the service's own chain account (the outbox's
 * sender): it holds the settlement stablecoin, invests with `investFor`, holds custodial positions of wallet-less
 * fans, pulls their refunds when a campaign fails and claims their revenue. Every call is built here as calldata
 * for the outbox; {@link simulateInvestment} tells before enqueueing whether an investment can happen.
 */
import { encodeFunctionData, maxUint256, parseEventLogs, type Address, type Hex } from "viem";

import type { ChainContext } from "../chain/client.ts";
import { abis } from "../chain/contracts.ts";
import { simulateCall } from "../chain/actions/simulateCall.ts";
import type { Queryable } from "../db/database.ts";
import { enqueueTransaction } from "../outbox/outboxStore.ts";

/** Campaign lifecycle, as the hub numbers it. */
export const CAMPAIGN_STATES = ["Funding", "Failed", "Active", "Ended"] as const;

/** What the payment code reads of a campaign. */
export interface CampaignFacts {
  state: (typeof CAMPAIGN_STATES)[number];
  token: Address;
  compliance: Address;
  maxPerInvestor: bigint;
  fundingDeadline: bigint;
}

/** Reads a campaign; undefined when it does not exist. */
export async function readCampaign(chain: ChainContext, campaignId: bigint): Promise<CampaignFacts | undefined> {
  const hub = chain.deployment.EncoreHub;
  const count = await chain.publicClient.readContract({
    address: hub,
    abi: abis.EncoreHub,
    functionName: "campaignCount",
  });
  if (campaignId < 1n || campaignId > count) return undefined;
  const view = await chain.publicClient.readContract({
    address: hub,
    abi: abis.EncoreHub,
    functionName: "campaign",
    args: [campaignId],
  });
  return {
    state: CAMPAIGN_STATES[Number(view.state)],
    token: view.token,
    compliance: view.compliance,
    maxPerInvestor: view.maxPerInvestor,
    fundingDeadline: BigInt(view.fundingDeadline),
  };
}

/** Calldata of `investFor(campaignId, beneficiary, amount)`. */
export function investForData(campaignId: bigint, beneficiary: Address, amount: bigint): Hex {
  return encodeFunctionData({
    abi: abis.EncoreHub,
    functionName: "investFor",
    args: [campaignId, beneficiary, amount],
  });
}

/**
 * Why an investment would not happen, or that it would. `allowance`: only the treasury's approval of the hub is
 * missing (queued by {@link ensureAllowance}, not mined yet): not a refusal, try again once it is mined.
 */
export type InvestmentCheck = { ok: true } | { ok: false; reason: string; allowance?: true };

/**
 * Simulates `investFor` from the treasury (eth_call). A missing allowance is reported apart (`allowance`); any other
 * revert — campaign full or closed, below the minimum, compliance refusing, treasury short of tokens — is a refusal.
 *
 * @throws When the node cannot be reached (the webhook answers 500 and the provider retries).
 */
export async function simulateInvestment(
  chain: ChainContext,
  campaignId: bigint,
  beneficiary: Address,
  amount: bigint,
): Promise<InvestmentCheck> {
  const result = await simulateCall(chain.publicClient, {
    from: chain.account.address,
    to: chain.deployment.EncoreHub,
    data: investForData(campaignId, beneficiary, amount),
  });
  if (result.status === "success") return { ok: true };
  if (result.errorName === "ERC20InsufficientAllowance") return { ok: false, reason: result.message, allowance: true };
  return { ok: false, reason: result.message };
}

/**
 * Queues (once per token) an unlimited approval of the hub by the treasury when the current allowance is below
 * `amount`. The key is fixed per token and hub, so concurrent payments share one entry.
 */
export async function ensureAllowance(
  tx: Queryable,
  chain: ChainContext,
  token: Address,
  amount: bigint,
): Promise<void> {
  const hub = chain.deployment.EncoreHub;
  const allowance = await chain.publicClient.readContract({
    address: token,
    abi: abis.MockStablecoin,
    functionName: "allowance",
    args: [chain.account.address, hub],
  });
  if (allowance >= amount) return;
  await enqueueTransaction(tx, {
    key: `treasury:approve:${token.toLowerCase()}:${hub.toLowerCase()}`,
    to: token,
    data: encodeFunctionData({ abi: abis.MockStablecoin, functionName: "approve", args: [hub, maxUint256] }),
    label: `treasury approves the hub to spend ${token}`,
  });
}

/** Calldata of the treasury's `refund(campaignId)` (custodial positions of a failed campaign). */
export function refundData(campaignId: bigint): Hex {
  return encodeFunctionData({ abi: abis.EncoreHub, functionName: "refund", args: [campaignId] });
}

/** Calldata of the treasury's `claim(campaignId)` (custodial revenue). */
export function claimData(campaignId: bigint): Hex {
  return encodeFunctionData({ abi: abis.EncoreHub, functionName: "claim", args: [campaignId] });
}

/** Revenue the treasury can claim on `campaignId` now. */
export function treasuryClaimable(chain: ChainContext, campaignId: bigint): Promise<bigint> {
  return chain.publicClient.readContract({
    address: chain.deployment.EncoreHub,
    abi: abis.EncoreHub,
    functionName: "claimable",
    args: [campaignId, chain.account.address],
  });
}

/** Shares of `campaignId` the treasury holds. */
export function treasuryShares(chain: ChainContext, campaignId: bigint): Promise<bigint> {
  return chain.publicClient.readContract({
    address: chain.deployment.EncoreShares,
    abi: abis.EncoreShares,
    functionName: "balanceOf",
    args: [chain.account.address, campaignId],
  });
}

/** The amount of the treasury's `Claimed` event in a mined transaction (0 when none). */
export async function claimedIn(chain: ChainContext, txHash: Hex): Promise<bigint> {
  const receipt = await chain.publicClient.getTransactionReceipt({ hash: txHash });
  const logs = parseEventLogs({ abi: abis.EncoreHub, eventName: "Claimed", logs: receipt.logs });
  return logs
    .filter((log) => log.args.account.toLowerCase() === chain.account.address.toLowerCase())
    .reduce((sum, log) => sum + log.args.amount, 0n);
}

/** A settlement-token transfer into the treasury, for an artist's cash-out. */
export interface TreasuryTransfer {
  from: Address;
  amount: bigint;
  logIndex: number;
}

/**
 * The transfers of `token` from `from` to the treasury in a transaction with at least `confirmations` blocks.
 *
 * @returns The matching transfers (empty when none, or not confirmed deep enough).
 */
export async function transfersToTreasury(
  chain: ChainContext,
  txHash: Hex,
  token: Address,
  from: Address,
  confirmations: number,
): Promise<TreasuryTransfer[]> {
  const receipt = await chain.publicClient.getTransactionReceipt({ hash: txHash });
  if (receipt.status !== "success") return [];
  const head = await chain.publicClient.getBlockNumber();
  if (head - receipt.blockNumber + 1n < BigInt(confirmations)) return [];
  const logs = parseEventLogs({ abi: abis.MockStablecoin, eventName: "Transfer", logs: receipt.logs });
  return logs
    .filter(
      (log) =>
        log.address.toLowerCase() === token.toLowerCase() &&
        log.args.from.toLowerCase() === from.toLowerCase() &&
        log.args.to.toLowerCase() === chain.account.address.toLowerCase(),
    )
    .map((log) => ({ from: log.args.from, amount: log.args.value, logIndex: log.logIndex }));
}
