/**
 * Gas scenarios of the revenue oracle and its automation: `submitReport` with 2-of-3 and 7-of-13 signatures,
 * `settle`, `enforce` and `performUpkeep` with 10 tasks. Gas is a transaction's receipt `gasUsed`.
 */
import type { Wallet } from "ethers";
import type { HardhatEthers } from "@nomicfoundation/hardhat-ethers/types";
import type { NetworkHelpers } from "@nomicfoundation/hardhat-network-helpers/types";

import { reportDomain, signReport, type RevenueReport } from "../lib/eip712.ts";
import { gasOf, type Figure, type Measurement } from "./scenarios.ts";

const UNIT = 1_000_000n; // one mUSDC (6 decimals)
const DAY = 86_400n;
const CHALLENGE_WINDOW = 2n * DAY;
const PAYMENT_GRACE = 7n * DAY;
const TERMS_HASH = "0x" + "cd".repeat(32);
const METADATA_URI = "ipfs://bafybeigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy55fbzdi/oracle-bench.json";
const UPKEEP_TASKS = 10;

/** Runs the oracle scenarios on the given chain (fresh contracts) and returns the raw measurements. */
export async function measureOracle(ethers: HardhatEthers, helpers: NetworkHelpers): Promise<Measurement[]> {
  const [deployer, artist, defaulter, fan, guardian] = await ethers.getSigners();
  const out: Measurement[] = [];
  const record = (name: string, gas: bigint) => out.push({ name, gas });

  const operators: Wallet[] = [];
  for (let i = 0; i < 13; i++) operators.push(new ethers.Wallet(ethers.id(`encore bench operator ${i}`)));
  const usdc = await ethers.deployContract("MockStablecoin", ["Mock USD Coin", "mUSDC"]);
  const hub = await ethers.deployContract("EncoreHub", [deployer.address, deployer.address, 250, "ipfs://shares/{id}"]);
  await (await hub.setSettlementToken(usdc.target, true)).wait();
  const oracle = await ethers.deployContract("RevenueOracle", [
    deployer.address,
    hub.target,
    operators.slice(0, 3).map((w) => w.address),
    2,
    [guardian.address],
    CHALLENGE_WINDOW,
    PAYMENT_GRACE,
    1_000,
  ]);
  await (await hub.setRevenueOracle(oracle.target)).wait();
  const automation = await ethers.deployContract("EncoreAutomation", [hub.target, oracle.target, DAY]);
  const { chainId } = await ethers.provider.getNetwork();
  const domain = reportDomain(chainId, oracle.target as string);

  for (const account of [artist, defaulter, fan]) {
    await (await usdc.mint(account.address, 10_000_000n * UNIT)).wait();
    await (await usdc.connect(account).approve(hub.target, ethers.MaxUint256)).wait();
  }
  await (await usdc.connect(artist).approve(oracle.target, ethers.MaxUint256)).wait();
  await (await oracle.connect(artist).fundReserve(artist.address, usdc.target, 1_000_000n * UNIT)).wait();

  /** Creates a campaign of `owner`, fills its hard cap (so it finalizes at once) and activates it. */
  const activeCampaign = async (owner: typeof artist, bond: bigint): Promise<bigint> => {
    const now = BigInt(await helpers.time.latest());
    await (
      await hub.connect(owner).createCampaign({
        token: usdc.target as string,
        goal: 1_000n * UNIT,
        hardCap: 1_000n * UNIT,
        fundingDeadline: now + 30n * DAY,
        minInvestment: 1n,
        maxPerInvestor: 0n,
        revenueShareBps: 2_000,
        payoutCap: 0n,
        shareDuration: 5n * 365n * DAY,
        vestingDuration: 0n,
        bond,
        termsHash: TERMS_HASH,
        metadataURI: METADATA_URI,
        compliance: ethers.ZeroAddress,
      })
    ).wait();
    const id = await hub.campaignCount();
    await (await hub.connect(fan).invest(id, 1_000n * UNIT)).wait();
    await (await hub.finalize(id)).wait();
    return id;
  };

  const sign = (report: RevenueReport, signers: Wallet[]) => signReport(report, signers, domain);

  /** A report on the 30 days after `start`, with sequence `sequence`. */
  const reportOn = (campaignId: bigint, start: bigint, sequence: bigint): RevenueReport => ({
    campaignId,
    periodStart: start,
    periodEnd: start + 30n * DAY,
    grossRevenue: 12_345n * UNIT + sequence,
    statementRoot: ethers.id(`statement ${campaignId}/${sequence}`),
    sequence,
  });

  // Campaign of an artist with a funded reserve; its first report settles before the measured (second) one.
  const paying = await activeCampaign(artist, 0n);
  const start = BigInt(await helpers.time.latest());
  await helpers.time.increaseTo(start + 95n * DAY);
  const first = reportOn(paying, start, 1n);
  await (await oracle.submitReport(first, await sign(first, operators.slice(0, 2)))).wait();
  await helpers.time.increase(CHALLENGE_WINDOW);
  await (await oracle.settle(await oracle.reportCount())).wait();

  const second = reportOn(paying, start + 30n * DAY, 2n);
  record("submitReport (2-of-3)", await gasOf(oracle.submitReport(second, await sign(second, operators.slice(0, 2)))));
  await helpers.time.increase(CHALLENGE_WINDOW);
  record("settle (from reserve)", await gasOf(oracle.settle(await oracle.reportCount())));

  for (const w of operators.slice(3)) await (await oracle.addOperator(w.address)).wait();
  await (await oracle.setThreshold(7)).wait();
  const third = reportOn(paying, start + 60n * DAY, 3n);
  record("submitReport (7-of-13)", await gasOf(oracle.submitReport(third, await sign(third, operators.slice(0, 7)))));
  await helpers.time.increase(CHALLENGE_WINDOW);
  await (await oracle.settle(await oracle.reportCount())).wait();
  await (await oracle.setThreshold(2)).wait();

  // A defaulting artist with a bond and no reserve: settle records a debt, enforce slashes the bond.
  const defaulted = await activeCampaign(defaulter, 5_000n * UNIT);
  const debtStart = BigInt(await helpers.time.latest());
  await helpers.time.increase(31n * DAY);
  const unpaid = reportOn(defaulted, debtStart, 1n);
  await (await oracle.submitReport(unpaid, await sign(unpaid, operators.slice(0, 2)))).wait();
  const unpaidId = await oracle.reportCount();
  await helpers.time.increase(CHALLENGE_WINDOW);
  await (await oracle.settle(unpaidId)).wait();
  await helpers.time.increase(PAYMENT_GRACE);
  record("enforce", await gasOf(oracle.enforce(unpaidId)));

  // performUpkeep settling one report on each of 10 campaigns.
  const campaigns: bigint[] = [];
  for (let i = 0; i < UPKEEP_TASKS; i++) campaigns.push(await activeCampaign(artist, 0n));
  const upkeepStart = BigInt(await helpers.time.latest());
  await helpers.time.increase(31n * DAY);
  const firstReport = (await oracle.reportCount()) + 1n;
  for (const id of campaigns) {
    const report = reportOn(id, upkeepStart, 1n);
    await (await oracle.submitReport(report, await sign(report, operators.slice(0, 2)))).wait();
  }
  await helpers.time.increase(CHALLENGE_WINDOW);
  const shard = ethers.AbiCoder.defaultAbiCoder().encode(
    ["tuple(uint8 kind, uint256 firstId, uint256 count)"],
    [[1, firstReport, UPKEEP_TASKS]],
  );
  const [needed, performData] = await automation.checkUpkeep.staticCall(shard);
  if (!needed) throw new Error("automation found no due report to settle");
  record("performUpkeep (10 settle tasks)", await gasOf(automation.performUpkeep(performData)));
  for (let id = firstReport; id < firstReport + BigInt(UPKEEP_TASKS); id++) {
    if ((await oracle.getReport(id)).status !== 3n) throw new Error(`report ${id} was not settled by performUpkeep`);
  }
  return out;
}

/** Turns the oracle measurements into the figures (per extra signature and the 2-of-3 target). */
export function oracleFiguresFrom(measurements: Measurement[]): Figure[] {
  const gas = (name: string): number => {
    const m = measurements.find((x) => x.name === name);
    if (m === undefined) throw new Error(`measurement "${name}" is missing`);
    return Number(m.gas);
  };
  return [
    {
      name: "submitReport (2-of-3 signatures)",
      value: gas("submitReport (2-of-3)"),
      unit: "gas",
      baseline: "absolute",
      target: 120_000,
    },
    {
      name: "submitReport: gas per extra signature ((7-of-13 − 2-of-3) / 5)",
      value: (gas("submitReport (7-of-13)") - gas("submitReport (2-of-3)")) / 5,
      unit: "gas",
      baseline: "submitReport (2-of-3)",
      target: 8_000,
    },
  ];
}
