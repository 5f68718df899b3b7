/**
 * The dApp's write actions through wagmi: invest with an EIP-2612 permit (one signature, one transaction), claim
 * revenue and take a refund. Each simulates first, so a refusal surfaces as a decodable custom error before the
 * wallet is asked to send, and reports its phase for the pending message.
 */
import { parseSignature, type Address, type Hash, type Hex } from "viem";
import type { Config } from "wagmi";
import {
  getBlock,
  readContract,
  signTypedData,
  simulateContract,
  waitForTransactionReceipt,
  writeContract,
} from "wagmi/actions";

import type { CampaignNumbers } from "../data/CampaignData.ts";
import { abis } from "../generated/contracts.ts";

/** What the user is waiting for. */
export type Phase = "signing" | "wallet" | "confirming";

/** Seconds a permit stays valid, counted from the latest block (the local chain clock may run ahead). */
const PERMIT_LIFETIME = 3_600n;

/**
 * Sends a simulated request through the wallet and waits for its receipt.
 *
 * @throws When the wallet refuses or the transaction reverts.
 */
export async function send(
  config: Config,
  request: Parameters<typeof writeContract>[1],
  onPhase: (phase: Phase) => void,
): Promise<Hash> {
  onPhase("wallet");
  const hash = await writeContract(config, request);
  onPhase("confirming");
  const receipt = await waitForTransactionReceipt(config, { hash });
  if (receipt.status !== "success") throw new Error(`transaction ${hash} reverted`);
  return hash;
}

/** Inputs of {@link investWithPermit}. */
export interface InvestWithPermitParameters {
  hub: Address;
  token: Address;
  campaignId: bigint;
  amount: bigint;
  account: Address;
  onPhase: (phase: Phase) => void;
}

/** What {@link signPermit} needs. */
export interface PermitParameters {
  /** An EIP-2612 token. */
  token: Address;
  owner: Address;
  spender: Address;
  amount: bigint;
  onPhase: (phase: Phase) => void;
}

/** An EIP-2612 permit, as the contracts' `…WithPermit` entries take it. */
export interface SignedPermit {
  deadline: bigint;
  v: number;
  r: Hex;
  s: Hex;
}

/**
 * Has the wallet sign an EIP-2612 permit letting `spender` pull `amount` of `owner`'s tokens (valid
 * {@link PERMIT_LIFETIME} seconds from the latest block): one signature instead of an approval transaction.
 */
export async function signPermit(config: Config, p: PermitParameters): Promise<SignedPermit> {
  const coin = { address: p.token, abi: abis.MockStablecoin } as const;
  const [[, name, version, chainId, verifyingContract], nonce, block] = await Promise.all([
    readContract(config, { ...coin, functionName: "eip712Domain" }),
    readContract(config, { ...coin, functionName: "nonces", args: [p.owner] }),
    getBlock(config),
  ]);
  const deadline = block.timestamp + PERMIT_LIFETIME;
  p.onPhase("signing");
  const signature = await signTypedData(config, {
    account: p.owner,
    domain: { name, version, chainId, verifyingContract },
    types: {
      Permit: [
        { name: "owner", type: "address" },
        { name: "spender", type: "address" },
        { name: "value", type: "uint256" },
        { name: "nonce", type: "uint256" },
        { name: "deadline", type: "uint256" },
      ],
    },
    primaryType: "Permit",
    message: { owner: p.owner, spender: p.spender, value: p.amount, nonce, deadline },
  });
  const { r, s, v, yParity } = parseSignature(signature);
  return { deadline, v: Number(v ?? BigInt(yParity + 27)), r, s };
}

/**
 * Signs a permit for the hub to pull `amount` and calls `investWithPermit` with it.
 *
 * @returns The transaction hash.
 * @throws The wallet's or the contract's error (decode it with `decodeError`).
 */
export async function investWithPermit(config: Config, p: InvestWithPermitParameters): Promise<Hash> {
  const permit = await signPermit(config, {
    token: p.token,
    owner: p.account,
    spender: p.hub,
    amount: p.amount,
    onPhase: p.onPhase,
  });
  const { request } = await simulateContract(config, {
    address: p.hub,
    abi: abis.EncoreHub,
    functionName: "investWithPermit",
    args: [p.campaignId, p.amount, permit.deadline, permit.v, permit.r, permit.s],
    account: p.account,
  });
  return send(config, request, p.onPhase);
}

/** Inputs of {@link claimRevenue} and {@link takeRefund}. */
export interface CampaignActionParameters {
  hub: Address;
  campaignId: bigint;
  account: Address;
  onPhase: (phase: Phase) => void;
}

/**
 * Claims the account's revenue of one campaign.
 *
 * @returns The amount claimed (from the simulation of the call that was sent).
 */
export async function claimRevenue(config: Config, p: CampaignActionParameters): Promise<bigint> {
  const { request, result } = await simulateContract(config, {
    address: p.hub,
    abi: abis.EncoreHub,
    functionName: "claim",
    args: [p.campaignId],
    account: p.account,
  });
  await send(config, request, p.onPhase);
  return result;
}

/**
 * Claims the account's revenue of several campaigns in one transaction (`claimMany`).
 *
 * @returns The total claimed (from the simulation of the call that was sent).
 */
export async function claimAll(
  config: Config,
  p: Omit<CampaignActionParameters, "campaignId"> & { campaignIds: readonly bigint[] },
): Promise<bigint> {
  const { request, result } = await simulateContract(config, {
    address: p.hub,
    abi: abis.EncoreHub,
    functionName: "claimMany",
    args: [p.campaignIds],
    account: p.account,
  });
  await send(config, request, p.onPhase);
  return result;
}

/**
 * Takes the account's refund of a failed campaign.
 *
 * @param refundable - The shares held, refunded 1:1 (for the success message).
 * @returns The amount refunded.
 */
export async function takeRefund(config: Config, p: CampaignActionParameters, refundable: bigint): Promise<bigint> {
  const { request } = await simulateContract(config, {
    address: p.hub,
    abi: abis.EncoreHub,
    functionName: "refund",
    args: [p.campaignId],
    account: p.account,
  });
  await send(config, request, p.onPhase);
  return refundable;
}

/** What {@link createCampaign} needs. */
export interface CreateCampaignParameters {
  hub: Address;
  account: Address;
  /** The full `CampaignConfig`. */
  config: CampaignNumbers & { token: Address; termsHash: Hex; metadataURI: string; compliance: Address };
  onPhase: (phase: Phase) => void;
}

/**
 * Creates a campaign: approves the bond first when the hub may not spend it yet ({@link ensureAllowance}),
 * then `createCampaign`.
 *
 * @returns The new campaign's id (from the simulation of the call that was sent).
 */
export async function createCampaign(config: Config, p: CreateCampaignParameters): Promise<bigint> {
  await ensureAllowance(config, {
    token: p.config.token,
    owner: p.account,
    spender: p.hub,
    amount: p.config.bond,
    onPhase: p.onPhase,
  });
  const { request, result } = await simulateContract(config, {
    address: p.hub,
    abi: abis.EncoreHub,
    functionName: "createCampaign",
    args: [p.config],
    account: p.account,
  });
  await send(config, request, p.onPhase);
  return result;
}

/** What {@link ensureAllowance} needs. */
export interface AllowanceParameters {
  token: Address;
  owner: Address;
  spender: Address;
  amount: bigint;
  onPhase: (phase: Phase) => void;
}

/**
 * Approves `spender` for exactly `amount` when its allowance is smaller (one more wallet confirmation); does nothing
 * for a zero amount or an allowance that already covers it.
 */
export async function ensureAllowance(config: Config, p: AllowanceParameters): Promise<void> {
  if (p.amount === 0n) return;
  const allowance = await readContract(config, {
    address: p.token,
    abi: abis.MockStablecoin,
    functionName: "allowance",
    args: [p.owner, p.spender],
  });
  if (allowance >= p.amount) return;
  const { request } = await simulateContract(config, {
    address: p.token,
    abi: abis.MockStablecoin,
    functionName: "approve",
    args: [p.spender, p.amount],
    account: p.owner,
  });
  await send(config, request, p.onPhase);
}
