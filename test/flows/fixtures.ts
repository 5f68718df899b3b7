// Shared set-up of the TypeScript flow tests: one in-process network for every test file, a hub (which deploys its
// shares), a 6-decimal permit stablecoin on the allow-list, named actors with tokens and approvals, and helpers that
// build a valid campaign configuration and drive a campaign to a given state.
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/types";
import type { BaseContract, ContractTransactionResponse, FunctionFragment, ParamType } from "ethers";
import { network } from "hardhat";

import type { BlocklistToken, EncoreHub, EncoreShares, MockStablecoin } from "../../types/ethers-contracts/index.js";
import type { IEncoreHub } from "../../types/ethers-contracts/EncoreHub.js";

export const { ethers, networkHelpers } = await network.create();
export const time = networkHelpers.time;

/** Runs `fixture` once, then restores the chain to the snapshot it left (one snapshot per fixture function). */
export function loadFixture<T>(fixture: () => Promise<T>): Promise<T> {
  return networkHelpers.loadFixture(fixture);
}

export type Signer = HardhatEthersSigner;
export type CampaignConfig = IEncoreHub.CampaignConfigStruct;

/** One whole token of the 6-decimal stablecoin. */
export const ONE = 10n ** 6n;
export const FEE_BPS = 250n;
export const BPS = 10_000n;
export const MAGNITUDE = 2n ** 64n;
export const DAY = 24n * 60n * 60n;
export const YEAR = 365n * DAY;
export const MAX_BATCH = 200n;
export const BOND_LOCK_AFTER_SHARE_END = 180n * DAY;
export const SHARES_URI = "https://encore.example/shares/{id}.json";
export const TERMS_HASH = ethers.id("Encore terms v1");
export const METADATA_URI = "ipfs://bafy-campaign-metadata";

/** `IEncoreHub.State`. */
export const State = { Funding: 0n, Failed: 1n, Active: 2n, Ended: 3n } as const;

/** `IEncoreHub.ConfigField`, in declaration order. */
export const ConfigField = {
  token: 0n,
  goal: 1n,
  hardCap: 2n,
  fundingDeadline: 3n,
  minInvestment: 4n,
  maxPerInvestor: 5n,
  revenueShareBps: 6n,
  payoutCap: 7n,
  shareDuration: 8n,
  vestingDuration: 9n,
  bond: 10n,
  termsHash: 11n,
  metadataURI: 12n,
  compliance: 13n,
} as const;

/** Tokens every actor starts with. */
export const STARTING_BALANCE = 1_000_000n * ONE;

export interface Env {
  hub: EncoreHub;
  shares: EncoreShares;
  usdc: MockStablecoin;
  owner: Signer;
  treasury: Signer;
  artist: Signer;
  alice: Signer;
  bob: Signer;
  carol: Signer;
  dave: Signer;
  keeper: Signer;
  stranger: Signer;
  /** Accounts beyond the named ones, with tokens and approvals (for many-holder tests). */
  extras: Signer[];
}

/** Deploys the hub and a permit stablecoin; every actor but `dave` and `stranger` holds tokens approved to the hub. */
export async function deployFixture(): Promise<Env> {
  const signers = await ethers.getSigners();
  const [owner, treasury, artist, alice, bob, carol, dave, keeper, stranger, ...rest] = signers;
  const extras = rest.slice(0, 8);
  const hub = await ethers.deployContract("EncoreHub", [owner.address, treasury.address, FEE_BPS, SHARES_URI]);
  const shares = await ethers.getContractAt("EncoreShares", await hub.SHARES());
  const usdc = await ethers.deployContract("MockStablecoin", ["Mock USD", "mUSD"]);
  await hub.connect(owner).setSettlementToken(usdc, true);
  for (const account of [artist, alice, bob, carol, keeper, ...extras]) {
    await usdc.mint(account.address, STARTING_BALANCE);
    await usdc.connect(account).approve(hub, ethers.MaxUint256);
  }
  await usdc.mint(dave.address, STARTING_BALANCE);
  return { hub, shares, usdc, owner, treasury, artist, alice, bob, carol, dave, keeper, stranger, extras };
}

/** A valid configuration: goal 10,000, hard cap 50,000, 30 days of funding, 3 years of revenue share. */
export async function defaultConfig(token: string, overrides: Partial<CampaignConfig> = {}): Promise<CampaignConfig> {
  const now = BigInt(await time.latest());
  return {
    token,
    goal: 10_000n * ONE,
    hardCap: 50_000n * ONE,
    fundingDeadline: now + 30n * DAY,
    minInvestment: 10n * ONE,
    maxPerInvestor: 0n,
    revenueShareBps: 2_000n,
    payoutCap: 0n,
    shareDuration: 3n * YEAR,
    vestingDuration: 0n,
    bond: 0n,
    termsHash: TERMS_HASH,
    metadataURI: METADATA_URI,
    compliance: ethers.ZeroAddress,
    ...overrides,
  };
}

/** Creates a campaign as `artist` (default token: the mock stablecoin) and returns its id. */
export async function createCampaign(
  env: Env,
  overrides: Partial<CampaignConfig> = {},
  artist: Signer = env.artist,
): Promise<bigint> {
  const cfg = await defaultConfig(await env.usdc.getAddress(), overrides);
  await env.hub.connect(artist).createCampaign(cfg);
  return env.hub.campaignCount();
}

/** Invests `amount` in `id` from each `[signer, amount]` pair. */
export async function investAll(env: Env, id: bigint, investments: [Signer, bigint][]): Promise<void> {
  for (const [fan, amount] of investments) await env.hub.connect(fan).invest(id, amount);
}

/** Moves time past the funding deadline of `id` and finalizes it; returns the finalize transaction. */
export async function finalizeAfterDeadline(env: Env, id: bigint): Promise<ContractTransactionResponse> {
  const { fundingDeadline } = await env.hub.campaign(id);
  if (BigInt(await time.latest()) < fundingDeadline) await time.increaseTo(fundingDeadline);
  return env.hub.connect(env.keeper).finalize(id);
}

/** Amounts of the standard successful campaign: 10,000 raised = goal, held 2 : 3 : 5. */
export const ALICE_IN = 2_000n * ONE;
export const BOB_IN = 3_000n * ONE;
export const CAROL_IN = 5_000n * ONE;
export const RAISED = ALICE_IN + BOB_IN + CAROL_IN;
export const FEE = (RAISED * FEE_BPS) / BPS;

/** Deploy + campaign 1 in `Funding` (default configuration, no investments). */
export async function fundingFixture(): Promise<Env & { id: bigint }> {
  const env = await deployFixture();
  const id = await createCampaign(env);
  return { ...env, id };
}

/** Deploy + campaign 1 `Active`: alice 2,000, bob 3,000, carol 5,000 (goal reached), finalized after its deadline. */
export async function activeFixture(): Promise<Env & { id: bigint }> {
  const env = await deployFixture();
  const id = await createCampaign(env);
  await investAll(env, id, [
    [env.alice, ALICE_IN],
    [env.bob, BOB_IN],
    [env.carol, CAROL_IN],
  ]);
  await finalizeAfterDeadline(env, id);
  return { ...env, id };
}

/** `activeFixture` + campaign 2 `Active`: alice 100 and bob 300 of a 100 goal. */
export async function twoCampaignsFixture(): Promise<Env & { id: bigint; second: bigint }> {
  const env = await activeFixture();
  const second = await createCampaign(env, { goal: 100n * ONE, minInvestment: ONE });
  await investAll(env, second, [
    [env.alice, 100n * ONE],
    [env.bob, 300n * ONE],
  ]);
  await finalizeAfterDeadline(env, second);
  return { ...env, second };
}

/** Deploy + campaign 1 `Failed`: alice 2,000 and bob 3,000 of a 10,000 goal, finalized after its deadline. */
export async function failedFixture(): Promise<Env & { id: bigint }> {
  const env = await deployFixture();
  const id = await createCampaign(env);
  await investAll(env, id, [
    [env.alice, ALICE_IN],
    [env.bob, BOB_IN],
  ]);
  await finalizeAfterDeadline(env, id);
  return { ...env, id };
}

/** Deploy + a USDC-like blocklist token on the allow-list, held and approved by the artist, fans and keeper. */
export async function blocklistFixture(): Promise<Env & { busd: BlocklistToken }> {
  const env = await deployFixture();
  const busd = await ethers.deployContract("BlocklistToken");
  await env.hub.connect(env.owner).setSettlementToken(busd, true);
  for (const account of [env.artist, env.alice, env.bob, env.carol, env.keeper]) {
    await busd.mint(account.address, STARTING_BALANCE);
    await busd.connect(account).approve(env.hub, ethers.MaxUint256);
  }
  return { ...env, busd };
}

/** EIP-2612 permit signature of `signer` for `spender` on the mock stablecoin. */
export async function signPermit(
  token: MockStablecoin,
  signer: Signer,
  spender: string,
  value: bigint,
  deadline: bigint,
): Promise<{ v: number; r: string; s: string }> {
  const { chainId } = await ethers.provider.getNetwork();
  const domain = { name: await token.name(), version: "1", chainId, verifyingContract: await token.getAddress() };
  const types = {
    Permit: [
      { name: "owner", type: "address" },
      { name: "spender", type: "address" },
      { name: "value", type: "uint256" },
      { name: "nonce", type: "uint256" },
      { name: "deadline", type: "uint256" },
    ],
  };
  const message = { owner: signer.address, spender, value, nonce: await token.nonces(signer.address), deadline };
  const { v, r, s } = ethers.Signature.from(await signer.signTypedData(domain, types, message));
  return { v, r, s };
}

/** A zero-like value for an ABI parameter (empty array, zero address, false, empty string or bytes, 0). */
export function zeroValue(param: ParamType): unknown {
  if (param.baseType === "array") return [];
  if (param.baseType === "tuple") return (param.components ?? []).map(zeroValue);
  if (param.type === "address") return ethers.ZeroAddress;
  if (param.type === "bool") return false;
  if (param.type === "string") return "";
  if (param.type === "bytes") return "0x";
  if (param.type.startsWith("bytes")) return ethers.ZeroHash.slice(0, 2 + 2 * Number(param.type.slice(5)));
  return 0n;
}

/**
 * Calls (eth_call) every state-changing function of `contract` from `caller`, with `argumentFor` values (default
 * {@link zeroValue}), and reports which exist and which revert `OwnableUnauthorizedAccount(caller)`: the owner's
 * powers as the ABI shows them, not as a test author lists them.
 *
 * @returns Both lists of function names, sorted.
 */
export async function scanOwnerOnly(
  contract: BaseContract,
  caller: Signer,
  argumentFor: (param: ParamType) => unknown = zeroValue,
): Promise<{ stateChanging: string[]; ownerOnly: string[] }> {
  const iface = contract.interface;
  const functions: FunctionFragment[] = [];
  iface.forEachFunction((fn) => functions.push(fn));
  const stateChanging: string[] = [];
  const ownerOnly: string[] = [];
  for (const fn of functions) {
    if (fn.constant) continue;
    stateChanging.push(fn.name);
    const data = iface.encodeFunctionData(fn, fn.inputs.map(argumentFor));
    try {
      await caller.call({ to: contract, data });
    } catch (error) {
      const revertData = (error as { data?: string }).data;
      const parsed = revertData ? iface.parseError(revertData) : null;
      if (parsed?.name === "OwnableUnauthorizedAccount" && parsed.args[0] === caller.address) ownerOnly.push(fn.name);
    }
  }
  return { stateChanging: stateChanging.sort(), ownerOnly: ownerOnly.sort() };
}
