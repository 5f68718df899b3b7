// Set-up of the EncoreAutomation flow tests: the hub of `fixtures.ts`, a RevenueOracle with three ethers-Wallet
// operators (2 of 3), registered in the hub, and an EncoreAutomation over both; helpers that sign and submit
// EIP-712 reports, encode `checkData` shards and `performData` task lists, and run a keeper loop.
import { Wallet, type ContractTransactionReceipt } from "ethers";

import { reportDomain, signReport as signSorted } from "../../scripts/lib/eip712.ts";
import type { EncoreAutomation, RevenueOracle } from "../../types/ethers-contracts/index.js";
import type { IRevenueOracle } from "../../types/ethers-contracts/RevenueOracle.js";
import {
  ALICE_IN,
  BOB_IN,
  CAROL_IN,
  DAY,
  ONE,
  createCampaign,
  deployFixture,
  ethers,
  finalizeAfterDeadline,
  investAll,
  type CampaignConfig,
  type Env,
  type Signer,
} from "./fixtures.js";

/** Oracle settings of the fixture. */
export const THRESHOLD = 2n;
export const CHALLENGE_WINDOW = 2n * DAY;
export const PAYMENT_GRACE = 7n * DAY;
export const PENALTY_BPS = 2_500n;
/** Least time between two automated releases of one campaign. */
export const RELEASE_INTERVAL = 7n * DAY;
/** `EncoreAutomation.MAX_SHARD_SIZE` and `MAX_TASKS`. */
export const MAX_SHARD_SIZE = 200n;
export const MAX_TASKS = 14n;
/** Bond of the fixture's bonded campaigns. */
export const BOND = 20_000n * ONE;

/** `EncoreAutomation.TaskKind`. */
export const TaskKind = { Finalize: 0n, Settle: 1n, Enforce: 2n, Release: 3n } as const;
/** `EncoreAutomation.ShardKind`. */
export const ShardKind = { Campaigns: 0n, Reports: 1n } as const;
/** `IRevenueOracle.ReportStatus`. */
export const ReportStatus = { None: 0n, Pending: 1n, Disputed: 2n, Settled: 3n, Debt: 4n, Enforced: 5n, Paid: 6n };

export interface Task {
  kind: bigint;
  id: bigint;
}

export type Report = IRevenueOracle.ReportStruct;

export interface AutomationEnv extends Env {
  oracle: RevenueOracle;
  automation: EncoreAutomation;
  /** Report signers, sorted by address ascending (the order signatures must come in). */
  operators: Wallet[];
  guardian: Signer;
}

const coder = ethers.AbiCoder.defaultAbiCoder();
const SHARD_TYPE = "tuple(uint8 kind, uint256 firstId, uint256 count)";
const TASKS_TYPE = "tuple(uint8 kind, uint256 id)[]";

/** `checkData` of a shard: `abi.encode(Shard{kind, firstId, count})`. */
export function shard(kind: bigint, firstId: bigint, count: bigint): string {
  return coder.encode([SHARD_TYPE], [[kind, firstId, count]]);
}

/** `performData` of a task list: `abi.encode(Task[])`. */
export function encodeTasks(tasks: Task[]): string {
  return coder.encode([TASKS_TYPE], [tasks.map((t) => [t.kind, t.id])]);
}

/** Decodes `performData` back into tasks. */
export function decodeTasks(performData: string): Task[] {
  const [tasks] = coder.decode([TASKS_TYPE], performData) as unknown as [[bigint, bigint][]];
  return tasks.map(([kind, id]) => ({ kind, id }));
}

/** Shorthands for tasks. */
export const finalizeTask = (id: bigint): Task => ({ kind: TaskKind.Finalize, id });
export const settleTask = (id: bigint): Task => ({ kind: TaskKind.Settle, id });
export const enforceTask = (id: bigint): Task => ({ kind: TaskKind.Enforce, id });
export const releaseTask = (id: bigint): Task => ({ kind: TaskKind.Release, id });

/** Deploys the hub (see `deployFixture`), the oracle (2 of 3 Wallet operators, registered in the hub) and the
 * automation. */
export async function automationFixture(): Promise<AutomationEnv> {
  const env = await deployFixture();
  const operators = [1, 2, 3]
    .map((i) => new Wallet(ethers.id(`encore automation operator ${i}`)))
    .sort((a, b) => (BigInt(a.address) < BigInt(b.address) ? -1 : 1));
  const guardian = env.extras[0];
  const oracle = await ethers.deployContract("RevenueOracle", [
    env.owner.address,
    env.hub,
    operators.map((o) => o.address),
    THRESHOLD,
    [guardian.address],
    CHALLENGE_WINDOW,
    PAYMENT_GRACE,
    PENALTY_BPS,
  ]);
  await env.hub.connect(env.owner).setRevenueOracle(oracle);
  const automation = await ethers.deployContract("EncoreAutomation", [env.hub, oracle, RELEASE_INTERVAL]);
  return { ...env, oracle, automation, operators, guardian };
}

/** EIP-712 signatures of `report` by `signers`, sorted by signer address ascending. */
export async function signReport(oracle: RevenueOracle, report: Report, signers: Wallet[]): Promise<string[]> {
  const { chainId } = await ethers.provider.getNetwork();
  return signSorted(report, signers, reportDomain(chainId, await oracle.getAddress()));
}

/** Submits a report on `campaignId` for [periodStart, periodEnd) signed by the first two operators (a keeper
 * submits); returns the report id. The period defaults to [activation, activation + 30 days). */
export async function submitReport(
  env: AutomationEnv,
  campaignId: bigint,
  grossRevenue: bigint,
  opts: { sequence?: bigint; periodStart?: bigint; periodEnd?: bigint } = {},
): Promise<bigint> {
  const { activatedAt } = await env.hub.campaign(campaignId);
  const periodStart = opts.periodStart ?? activatedAt;
  const report: Report = {
    campaignId,
    periodStart,
    periodEnd: opts.periodEnd ?? periodStart + 30n * DAY,
    grossRevenue,
    statementRoot: ethers.id(`statement ${campaignId} ${opts.sequence ?? 1n}`),
    sequence: opts.sequence ?? 1n,
  };
  const signatures = await signReport(env.oracle, report, env.operators.slice(0, Number(THRESHOLD)));
  await env.oracle.connect(env.keeper).submitReport(report, signatures);
  return env.oracle.reportCount();
}

/** Creates a campaign (default configuration plus `overrides`), has alice, bob and carol invest 2,000, 3,000 and
 * 5,000 and finalizes it after its deadline; returns its id. */
export async function activeCampaign(env: Env, overrides: Partial<CampaignConfig> = {}): Promise<bigint> {
  const id = await createCampaign(env, overrides);
  await investAll(env, id, [
    [env.alice, ALICE_IN],
    [env.bob, BOB_IN],
    [env.carol, CAROL_IN],
  ]);
  await finalizeAfterDeadline(env, id);
  return id;
}

/** Names and arguments of the EncoreAutomation events in `receipt`, in log order. */
export function automationEvents(
  automation: EncoreAutomation,
  receipt: ContractTransactionReceipt | null,
): { name: string; kind: bigint; id: bigint }[] {
  // Deployed through `ethers.deployContract`, so `target` is the address.
  const address = (automation.target as string).toLowerCase();
  return (receipt?.logs ?? [])
    .filter((log) => log.address.toLowerCase() === address)
    .map((log) => automation.interface.parseLog(log))
    .filter((parsed) => parsed !== null)
    .map((parsed) => ({ name: parsed.name, kind: parsed.args[0] as bigint, id: parsed.args[1] as bigint }));
}

/** A task an automation event names, with the time of the block it was emitted in. */
export interface Done {
  name: string;
  kind: bigint;
  id: bigint;
  at: bigint;
}

/** One keeper round: `checkUpkeep` on each shard, `performUpkeep` with its performData when needed, as Chainlink's
 * registry would. Returns every TaskPerformed, TaskSkipped and TaskFailed event, in order. */
export async function keeperRound(env: AutomationEnv, checkDatas: string[]): Promise<Done[]> {
  const done: Done[] = [];
  for (const checkData of checkDatas) {
    const [needed, performData] = await env.automation.checkUpkeep(checkData);
    if (!needed) continue;
    const receipt = await (await env.automation.connect(env.keeper).performUpkeep(performData)).wait();
    const block = await ethers.provider.getBlock(receipt!.blockNumber);
    for (const e of automationEvents(env.automation, receipt)) done.push({ ...e, at: BigInt(block!.timestamp) });
  }
  return done;
}
