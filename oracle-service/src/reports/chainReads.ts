/**
 * The on-chain facts reports and the catalog depend on, read through viem: a campaign's settlement terms (hub), the
 * oracle's per-campaign record, its operators and threshold.
 */
import { BaseError, ContractFunctionRevertedError, getAddress, type Address } from "viem";

import type { ServiceContext } from "../api/context.ts";
import { abis } from "../chain/contracts.ts";
import { RequestError } from "./requestError.ts";

/** `IEncoreHub.SettlementTerms` of a campaign. */
export interface SettlementTerms {
  artist: Address;
  token: Address;
  succeeded: boolean;
  revenueShareBps: number;
  /** Start of the share window (unix seconds; 0 before success). */
  activatedAt: bigint;
  /** End of the share window (unix seconds; 0 before success). */
  shareEnd: bigint;
}

/** The oracle's `CampaignRecord` fields reports depend on. */
export interface OracleCampaign {
  lastSequence: bigint;
  lastPeriodEnd: bigint;
  /** The report awaiting settlement (0 = none). */
  pendingReport: bigint;
  /** Low 40 bits of the pending report's digest. */
  pendingTag: bigint;
}

/** True when `error` is a revert with custom error `name`. */
export function isRevert(error: unknown, name: string): boolean {
  if (!(error instanceof BaseError)) return false;
  const revert = error.walk((cause) => cause instanceof ContractFunctionRevertedError);
  return revert instanceof ContractFunctionRevertedError && revert.data?.errorName === name;
}

/**
 * The hub's settlement terms of campaign `campaignId`.
 *
 * @throws {RequestError} 404 when the hub has no such campaign.
 */
export async function readSettlementTerms(context: ServiceContext, campaignId: bigint): Promise<SettlementTerms> {
  try {
    const terms = await context.chain.publicClient.readContract({
      address: context.chain.deployment.EncoreHub,
      abi: abis.EncoreHub,
      functionName: "settlementTerms",
      args: [campaignId],
    });
    return { ...terms, artist: getAddress(terms.artist), token: getAddress(terms.token) };
  } catch (error) {
    if (isRevert(error, "EncoreHub_UnknownCampaign")) {
      throw new RequestError(404, "UnknownCampaign", `campaign ${campaignId} does not exist on chain`);
    }
    throw error;
  }
}

/** The oracle's record of campaign `campaignId` (all zero before its first report). */
export async function readOracleCampaign(context: ServiceContext, campaignId: bigint): Promise<OracleCampaign> {
  const record = await context.chain.publicClient.readContract({
    address: context.chain.deployment.RevenueOracle,
    abi: abis.RevenueOracle,
    functionName: "getCampaign",
    args: [campaignId],
  });
  return {
    lastSequence: BigInt(record.lastSequence),
    lastPeriodEnd: BigInt(record.lastPeriodEnd),
    pendingReport: BigInt(record.pendingReport),
    pendingTag: BigInt(record.pendingTag),
  };
}

/** Whether `account` is a registered oracle operator now. */
export async function isOperator(context: ServiceContext, account: Address): Promise<boolean> {
  return context.chain.publicClient.readContract({
    address: context.chain.deployment.RevenueOracle,
    abi: abis.RevenueOracle,
    functionName: "isOperator",
    args: [account],
  });
}

/** Number of operator signatures a report needs now. */
export async function readThreshold(context: ServiceContext): Promise<number> {
  return context.chain.publicClient.readContract({
    address: context.chain.deployment.RevenueOracle,
    abi: abis.RevenueOracle,
    functionName: "threshold",
  });
}

/** Timestamp of the latest block (the chain's "now", which the oracle compares periods with). */
export async function chainNow(context: ServiceContext): Promise<bigint> {
  const block = await context.chain.publicClient.getBlock({ blockTag: "latest" });
  return block.timestamp;
}
