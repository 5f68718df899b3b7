/**
 * Gas of `invest` with a compliance registry vs without: a new investor in a campaign that names a
 * `ComplianceRegistry`, resident of a country without a 12-month limit and of one with it, against a new investor in
 * an otherwise identical campaign without a registry. Gas is a transaction's receipt `gasUsed`.
 */
import type { HardhatEthers } from "@nomicfoundation/hardhat-ethers/types";
import type { NetworkHelpers } from "@nomicfoundation/hardhat-network-helpers/types";

import { countryCode } from "../lib/eip712.ts";
import { gasOf, type Figure, type Measurement } from "./scenarios.ts";

const UNIT = 1_000_000n; // one mUSDC (6 decimals)
const DAY = 86_400n;
const YEAR = 365n * DAY;
const TERMS_HASH = "0x" + "ef".repeat(32);
const METADATA_URI = "ipfs://bafybeigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy55fbzdi/compliance-bench.json";

/** Runs the compliance scenarios on the given chain (fresh contracts) and returns the raw measurements. */
export async function measureCompliance(ethers: HardhatEthers, helpers: NetworkHelpers): Promise<Measurement[]> {
  const [deployer, artist, early, plain, noLimit, withLimit] = await ethers.getSigners();
  const out: Measurement[] = [];
  const usdc = await ethers.deployContract("MockStablecoin", ["Mock USD Coin", "mUSDC"]);
  const hub = await ethers.deployContract("EncoreHub", [deployer.address, deployer.address, 250, "ipfs://shares/{id}"]);
  await (await hub.setSettlementToken(usdc.target, true)).wait();
  const registry = await ethers.deployContract("ComplianceRegistry", [deployer.address, hub.target, UNIT]);
  await (await registry.setAttester(deployer.address, true)).wait();
  const rule = (maxPer12Months: bigint) => ({
    allowed: true,
    accreditationRequired: false,
    accreditedUnlimited: true,
    lockup: 0,
    maxPerCampaign: 10_000n,
    maxPer12Months,
  });
  await (await registry.setCountryRule(countryCode("KR"), rule(0n))).wait();
  await (await registry.setCountryRule(countryCode("US"), rule(5_000n))).wait();
  const expiry = BigInt(await helpers.time.latest()) + YEAR;
  for (const [account, code] of [
    [early, "KR"],
    [noLimit, "KR"],
    [withLimit, "US"],
  ] as const) {
    await (await registry.attest(account.address, countryCode(code), false, expiry)).wait();
  }
  for (const account of [artist, early, plain, noLimit, withLimit]) {
    await (await usdc.mint(account.address, 1_000_000n * UNIT)).wait();
    await (await usdc.connect(account).approve(hub.target, ethers.MaxUint256)).wait();
  }

  const create = async (compliance: string): Promise<bigint> => {
    const now = BigInt(await helpers.time.latest());
    await (
      await hub.connect(artist).createCampaign({
        token: usdc.target as string,
        goal: 10_000n * UNIT,
        hardCap: 100_000n * UNIT,
        fundingDeadline: now + 30n * DAY,
        minInvestment: 1n,
        maxPerInvestor: 0n,
        revenueShareBps: 2_000,
        payoutCap: 0n,
        shareDuration: 5n * YEAR,
        vestingDuration: 0n,
        bond: 0n,
        termsHash: TERMS_HASH,
        metadataURI: METADATA_URI,
        compliance,
      })
    ).wait();
    return hub.campaignCount();
  };
  const open = await create(ethers.ZeroAddress);
  const checked = await create(registry.target as string);
  // An earlier investor in each campaign, so the hub already holds the token in both.
  await (await hub.connect(early).invest(open, 1_000n * UNIT)).wait();
  await (await hub.connect(early).invest(checked, 1_000n * UNIT)).wait();

  const amount = 1_000n * UNIT;
  out.push({
    name: "compliance off: invest (new investor)",
    gas: await gasOf(hub.connect(plain).invest(open, amount)),
  });
  out.push({
    name: "compliance on: invest (new investor, no 12-month limit)",
    gas: await gasOf(hub.connect(noLimit).invest(checked, amount)),
  });
  out.push({
    name: "compliance on: invest (new investor, 12-month limit)",
    gas: await gasOf(hub.connect(withLimit).invest(checked, amount)),
  });
  return out;
}

/** The two compliance figures: overhead of the registry on `invest`, without and with a 12-month limit. */
export function complianceFiguresFrom(measurements: Measurement[]): Figure[] {
  const gas = (name: string): number => {
    const m = measurements.find((x) => x.name === name);
    if (m === undefined) throw new Error(`measurement "${name}" is missing`);
    return Number(m.gas);
  };
  const off = gas("compliance off: invest (new investor)");
  return [
    {
      name: "compliance overhead on invest (country without 12-month limit)",
      value: gas("compliance on: invest (new investor, no 12-month limit)") - off,
      unit: "gas",
      baseline: "compliance off: invest (new investor)",
      target: 8_000,
    },
    {
      name: "compliance overhead on invest (country with 12-month limit)",
      value: gas("compliance on: invest (new investor, 12-month limit)") - off,
      unit: "gas",
      baseline: "compliance off: invest (new investor)",
      target: 25_000,
    },
  ];
}
