/**
 * The artist's write actions: fund and withdraw the revenue reserve in `RevenueOracle`, pay a debt or an enforced
 * report (`payDue`), and take back a campaign's bond once the hub releases it. Funding signs an EIP-2612 permit and
 * calls `fundReserveWithPermit` (one signature, one transaction); a `payDue` the reserve does not cover first
 * approves the oracle when its allowance is short.
 */
import type { Address, Hash } from "viem";
import type { Config } from "wagmi";
import { simulateContract } from "wagmi/actions";

import { abis } from "../generated/contracts.ts";
import { ensureAllowance, send, signPermit, type Phase } from "./transactions.ts";

/** What the reserve actions need. */
export interface ReserveParameters {
  oracle: Address;
  token: Address;
  amount: bigint;
  account: Address;
  onPhase: (phase: Phase) => void;
}

/**
 * Adds `amount` to the account's own reserve: signs a permit for the oracle, then `fundReserveWithPermit`.
 *
 * @returns The amount funded.
 */
export async function fundReserve(config: Config, p: ReserveParameters): Promise<bigint> {
  const permit = await signPermit(config, {
    token: p.token,
    owner: p.account,
    spender: p.oracle,
    amount: p.amount,
    onPhase: p.onPhase,
  });
  const { request } = await simulateContract(config, {
    address: p.oracle,
    abi: abis.RevenueOracle,
    functionName: "fundReserveWithPermit",
    args: [p.token, p.amount, permit.deadline, permit.v, permit.r, permit.s],
    account: p.account,
  });
  await send(config, request, p.onPhase);
  return p.amount;
}

/**
 * Withdraws `amount` of the account's free reserve.
 *
 * @returns The amount withdrawn.
 */
export async function withdrawReserve(config: Config, p: ReserveParameters): Promise<bigint> {
  const { request } = await simulateContract(config, {
    address: p.oracle,
    abi: abis.RevenueOracle,
    functionName: "withdrawReserve",
    args: [p.token, p.amount],
    account: p.account,
  });
  await send(config, request, p.onPhase);
  return p.amount;
}

/** What {@link payDue} needs. */
export interface PayDueParameters {
  oracle: Address;
  token: Address;
  reportId: bigint;
  /** What the wallet pays after the free reserve (see `payDueSplit`); approved first when the allowance is short. */
  fromWallet: bigint;
  account: Address;
  onPhase: (phase: Phase) => void;
}

/** Pays a debt or an enforced report in full (`payDue`). */
export async function payDue(config: Config, p: PayDueParameters): Promise<Hash> {
  await ensureAllowance(config, {
    token: p.token,
    owner: p.account,
    spender: p.oracle,
    amount: p.fromWallet,
    onPhase: p.onPhase,
  });
  const { request } = await simulateContract(config, {
    address: p.oracle,
    abi: abis.RevenueOracle,
    functionName: "payDue",
    args: [p.reportId],
    account: p.account,
  });
  return send(config, request, p.onPhase);
}

/** Returns a campaign's bond to its artist (`withdrawBond`). */
export async function withdrawBond(
  config: Config,
  p: { hub: Address; campaignId: bigint; account: Address; onPhase: (phase: Phase) => void },
): Promise<Hash> {
  const { request } = await simulateContract(config, {
    address: p.hub,
    abi: abis.EncoreHub,
    functionName: "withdrawBond",
    args: [p.campaignId],
    account: p.account,
  });
  return send(config, request, p.onPhase);
}
