// Set-up of the RevenueOracle flow tests: the hub of `deployFixture`, a RevenueOracle with three operator wallets
// (threshold 2) and one guardian, set as the hub's oracle, and campaign 1 `Active` with a bond, alice 2,000, bob
// 3,000 and carol 5,000 (10,000 raised), its first 30-day period over. Helpers build, sign (EIP-712, signatures
// sorted by signer) and submit reports, and compute what holders are owed through the hub's accumulator.
import type { ContractTransactionResponse, TypedDataDomain, Wallet } from "ethers";

import { REPORT_TYPES, reportDomain as oracleDomain, signReport as signSorted } from "../../scripts/lib/eip712.ts";
import type { RevenueOracle } from "../../types/ethers-contracts/index.js";
import type { IRevenueOracle } from "../../types/ethers-contracts/RevenueOracle.js";
import {
  ALICE_IN,
  BOB_IN,
  BPS,
  CAROL_IN,
  DAY,
  MAGNITUDE,
  ONE,
  RAISED,
  createCampaign,
  deployFixture,
  ethers,
  finalizeAfterDeadline,
  investAll,
  networkHelpers,
  time,
  type CampaignConfig,
  type Env,
  type Signer,
} from "./fixtures.js";

export type Report = IRevenueOracle.ReportStruct & {
  campaignId: bigint;
  periodStart: bigint;
  periodEnd: bigint;
  grossRevenue: bigint;
  statementRoot: string;
  sequence: bigint;
};

/** `IRevenueOracle.ReportStatus`. */
export const Status = { None: 0n, Pending: 1n, Disputed: 2n, Settled: 3n, Debt: 4n, Enforced: 5n, Paid: 6n } as const;

export const THRESHOLD = 2n;
export const CHALLENGE_WINDOW = 2n * DAY;
export const PAYMENT_GRACE = 7n * DAY;
/** 25 %: keeps the fines of the standard debt a simple fraction of the supply. */
export const PENALTY_BPS = 2_500n;
export const REVENUE_SHARE_BPS = 2_000n;
export const BOND = 1_250n * ONE;
export const PERIOD = 30n * DAY;
/** Gross revenue of the standard report; holders are due 20 % of it, exactly the supply (1 token unit per share). */
export const GROSS = 50_000n * ONE;
export const DUE = (GROSS * REVENUE_SHARE_BPS) / BPS;
export const MAX_REVENUE_TO_HOLDERS = 2n ** 95n - 1n;
export const MAX_BOND = 2n ** 96n - 1n;
export const STATEMENT_ROOT = ethers.id("statement lines, period 1");
/** Root of a corrected statement of the same period: a report that differs from the standard one only by it. */
export const CORRECTED_ROOT = ethers.id("statement lines, period 1, corrected");

export const MIN_CHALLENGE_WINDOW = 3_600n;
export const MAX_CHALLENGE_WINDOW = 14n * DAY;
export const MIN_PAYMENT_GRACE = DAY;
export const MAX_PAYMENT_GRACE = 90n * DAY;
export const MAX_PENALTY_BPS = 5_000n;
export const MAX_OPERATORS = 31n;

export const REPORT_TYPE =
  "Report(uint256 campaignId,uint64 periodStart,uint64 periodEnd,uint256 grossRevenue,bytes32 statementRoot,uint64 sequence)";
export { REPORT_TYPES };

/** A wallet from a fixed key, connected to the in-process network (it signs; it sends nothing unless funded). */
export function walletFromSeed(seed: string): Wallet {
  return new ethers.Wallet(ethers.id(seed), ethers.provider);
}

/** Addresses sort as numbers: the order `submitReport` wants its signatures in. */
export function byAddress(a: { address: string }, b: { address: string }): number {
  const x = BigInt(a.address);
  const y = BigInt(b.address);
  return x < y ? -1 : x > y ? 1 : 0;
}

export interface OracleEnv extends Env {
  oracle: RevenueOracle;
  /** The three operators, sorted by address (operators[0] has the lowest). */
  operators: Wallet[];
  /** A wallet that is not an operator. */
  outsider: Wallet;
  guardian: Signer;
  /** Campaign 1: `Active`, bond `BOND`, alice 2,000, bob 3,000, carol 5,000. */
  id: bigint;
  activatedAt: bigint;
  shareEnd: bigint;
}

/** Deploys a RevenueOracle on `env.hub` (owner: the hub owner) and sets it as the hub's oracle. */
export async function deployOracle(
  env: Env,
): Promise<{ oracle: RevenueOracle; operators: Wallet[]; outsider: Wallet; guardian: Signer }> {
  const operators = ["operator 1", "operator 2", "operator 3"].map(walletFromSeed).sort(byAddress);
  const outsider = walletFromSeed("not an operator");
  const guardian = (await ethers.getSigners())[17];
  const oracle = await ethers.deployContract("RevenueOracle", [
    env.owner.address,
    await env.hub.getAddress(),
    operators.map((w) => w.address),
    THRESHOLD,
    [guardian.address],
    CHALLENGE_WINDOW,
    PAYMENT_GRACE,
    PENALTY_BPS,
  ]);
  await env.hub.connect(env.owner).setRevenueOracle(oracle);
  // A label (carol) and the keeper may fund reserves and pay debts. The artist grants the oracle no allowance
  // here: settlement would otherwise pull from the artist's wallet (see `fundArtistReserve`).
  for (const account of [env.carol, env.keeper]) {
    await env.usdc.connect(account).approve(oracle, ethers.MaxUint256);
  }
  return { oracle, operators, outsider, guardian };
}

/** Creates a campaign of `artist` with alice 2,000, bob 3,000 and carol 5,000 invested, and finalizes it. */
export async function activeCampaign(
  env: Env,
  overrides: Partial<CampaignConfig> = {},
  artist: Signer = env.artist,
): Promise<bigint> {
  const id = await createCampaign(env, overrides, artist);
  await investAll(env, id, [
    [env.alice, ALICE_IN],
    [env.bob, BOB_IN],
    [env.carol, CAROL_IN],
  ]);
  await finalizeAfterDeadline(env, id);
  return id;
}

/** Deploy + oracle + campaign 1 `Active` with a bond of `BOND`; time is at the end of its first 30-day period. */
export async function oracleFixture(): Promise<OracleEnv> {
  const env = await deployFixture();
  const deployed = await deployOracle(env);
  const id = await activeCampaign(env, { bond: BOND });
  const { activatedAt, shareDuration } = await env.hub.campaign(id);
  await time.increaseTo(activatedAt + PERIOD);
  return { ...env, ...deployed, id, activatedAt, shareEnd: activatedAt + shareDuration };
}

/** The standard report on campaign `id`: its first 30 days, gross `GROSS`, sequence 1. */
export function makeReport(env: OracleEnv, overrides: Partial<Report> = {}): Report {
  return {
    campaignId: env.id,
    periodStart: env.activatedAt,
    periodEnd: env.activatedAt + PERIOD,
    grossRevenue: GROSS,
    statementRoot: STATEMENT_ROOT,
    sequence: 1n,
    ...overrides,
  };
}

/** The tag a dispute voids: the low 40 bits of a report's EIP-712 digest (`CampaignRecord.pendingTag`). */
export function reportTag(digest: string): bigint {
  return BigInt(digest) & (2n ** 40n - 1n);
}

/** The oracle's EIP-712 domain, with optional changes (another chain, another verifying contract). */
export async function reportDomain(
  oracle: RevenueOracle,
  overrides: Partial<TypedDataDomain> = {},
): Promise<TypedDataDomain> {
  const { chainId } = await ethers.provider.getNetwork();
  return { ...oracleDomain(chainId, await oracle.getAddress()), ...overrides };
}

/** EIP-712 signatures of `report` by `wallets`, sorted by signer address (ascending). */
export async function signReport(
  oracle: RevenueOracle,
  report: Report,
  wallets: Wallet[],
  domainOverrides: Partial<TypedDataDomain> = {},
): Promise<string[]> {
  return signSorted(report, wallets, await reportDomain(oracle, domainOverrides));
}

/** Submits `report` signed by `wallets` (default: the two lowest operators), sent by the keeper. */
export async function submit(
  env: OracleEnv,
  report: Report = makeReport(env),
  wallets: Wallet[] = env.operators.slice(0, 2),
): Promise<ContractTransactionResponse> {
  const signatures = await signReport(env.oracle, report, wallets);
  return env.oracle.connect(env.keeper).submitReport(report, signatures);
}

/** The artist approves exactly `amount` and puts it in the reserve (the allowance is back to zero afterwards). */
export async function fundArtistReserve(env: OracleEnv, amount: bigint): Promise<ContractTransactionResponse> {
  await env.usdc.connect(env.artist).approve(env.oracle, amount);
  return env.oracle.connect(env.artist).fundReserve(env.artist.address, env.usdc, amount);
}

/** Fixes the timestamp of the next block `offset` seconds after the latest one and returns it. */
export async function nextBlockAt(offset = 10n): Promise<bigint> {
  const at = BigInt(await time.latest()) + offset;
  await time.setNextBlockTimestamp(at);
  return at;
}

/** Moves time forward to `at` (nothing if the chain is already there). */
export async function reach(at: bigint): Promise<void> {
  if (BigInt(await time.latest()) < at) await time.increaseTo(at);
}

/** Moves time to the end of report `reportId`'s challenge window (unless already past it). */
export async function passWindow(oracle: RevenueOracle, reportId: bigint): Promise<void> {
  await reach((await oracle.getReport(reportId)).challengeEnd);
}

/** Moves time to the due date of report `reportId` (unless already past it). */
export async function passDueDate(oracle: RevenueOracle, reportId: bigint): Promise<void> {
  await reach((await oracle.getReport(reportId)).dueDate);
}

/**
 * What a holder of `holding` shares (of a `supply`) may claim once `toHolders` went to holders in total, without
 * claims in between: the hub credits floor(toHolders * 2**64 / supply) per share (the remainder carried), the
 * holder gets floor(holding * that / 2**64).
 */
export function holderPart(toHolders: bigint, holding: bigint, supply: bigint = RAISED): bigint {
  return (holding * ((toHolders * MAGNITUDE) / supply)) / MAGNITUDE;
}

/** Gives `account` ether for gas (operator wallets that send a transaction, e.g. a dispute). */
export async function fundGas(account: { address: string }): Promise<void> {
  await networkHelpers.setBalance(account.address, 10n ** 18n);
}

/** `oracleFixture` + report 1 (the standard report) submitted by the keeper. */
export async function reportedFixture(): Promise<OracleEnv & { reportId: bigint }> {
  const env = await oracleFixture();
  await submit(env);
  return { ...env, reportId: await env.oracle.reportCount() };
}

/** Half of the standard report's amount due: what the artist's reserve holds in the debt fixtures. */
export const HALF = DUE / 2n;
/** The standard debt: the other half. */
export const DEBT = DUE - HALF;
/** The fine on the standard debt (25 %). */
export const FINE = (DEBT * PENALTY_BPS) / BPS;

/** `reportedFixture` + the artist's reserve holding half the amount due, settled after the window: a `Debt`. */
export async function debtFixture(): Promise<OracleEnv & { reportId: bigint }> {
  const env = await reportedFixture();
  await fundArtistReserve(env, HALF);
  await passWindow(env.oracle, env.reportId);
  await env.oracle.connect(env.keeper).settle(env.reportId);
  return env;
}

/**
 * `debtFixture` + the debt enforced at its due date: the artist's reserve is empty and the oracle has no allowance,
 * so nothing pays first; the bond (`BOND`) advanced part of debt + fine and the artist is suspended.
 */
export async function enforcedFixture(): Promise<OracleEnv & { reportId: bigint }> {
  const env = await debtFixture();
  await passDueDate(env.oracle, env.reportId);
  await env.oracle.connect(env.keeper).enforce(env.reportId);
  return env;
}

/** Submits the standard report on the first 30 days of campaign `campaignId` (time moved to its end if needed). */
export async function reportOn(env: OracleEnv, campaignId: bigint, grossRevenue: bigint = GROSS): Promise<bigint> {
  const { activatedAt } = await env.hub.campaign(campaignId);
  await reach(activatedAt + PERIOD);
  await submit(
    env,
    makeReport(env, { campaignId, periodStart: activatedAt, periodEnd: activatedAt + PERIOD, grossRevenue }),
  );
  return env.oracle.reportCount();
}

/** Reports on `campaignId`, puts `reserve` in the artist's reserve and settles after the window: a debt. */
export async function debtOn(env: OracleEnv, campaignId: bigint, reserve: bigint = HALF): Promise<bigint> {
  const reportId = await reportOn(env, campaignId);
  if (reserve !== 0n) await fundArtistReserve(env, reserve);
  await passWindow(env.oracle, reportId);
  await env.oracle.connect(env.keeper).settle(reportId);
  return reportId;
}
