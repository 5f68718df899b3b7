/**
 * Gas scenarios of protocol.md's table, each measured next to a plain baseline contract deployed in the same run
 * (same local EVM, same optimizer settings), so every ratio is exact. Gas is a transaction's receipt `gasUsed`.
 */
import { StandardMerkleTree } from "@openzeppelin/merkle-tree";
import type { ContractTransactionResponse } from "ethers";
import type { HardhatEthers } from "@nomicfoundation/hardhat-ethers/types";
import type { NetworkHelpers } from "@nomicfoundation/hardhat-network-helpers/types";

/** One measured transaction. */
export interface Measurement {
  /** Stable name: the key of the gas snapshot. */
  name: string;
  /** Gas used by the transaction (receipt). */
  gas: bigint;
}

/** One row of protocol.md's table: a figure, its baseline and its target. */
export interface Figure {
  /** Name of the figure as printed and written to `bench/results/gas.json`. */
  name: string;
  /** Measured value: a ratio (unit "ratio") or gas (unit "gas"). */
  value: number;
  unit: "ratio" | "gas";
  /** What the value is compared with (a baseline name, or "absolute"). */
  baseline: string;
  /** Target the value must not exceed. */
  target: number;
}

const HOLDERS_LARGE = 10_000;
const BATCH = 100;
const MERKLE_LEAVES = 10_000;
const UNIT = 1_000_000n; // one mUSDC (6 decimals)
const TERMS_HASH = "0x" + "ab".repeat(32);
const METADATA_URI = "ipfs://bafybeigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy55fbzdi/campaign.json";

/** Gas used by `tx` (receipt `gasUsed`); throws when it failed. */
export async function gasOf(tx: Promise<ContractTransactionResponse>): Promise<bigint> {
  const receipt = await (await tx).wait();
  if (receipt === null || receipt.status !== 1) throw new Error("benchmark transaction failed");
  return receipt.gasUsed;
}

/** Runs every scenario on a fresh in-process chain and returns the raw measurements. */
export async function measureAll(ethers: HardhatEthers, helpers: NetworkHelpers): Promise<Measurement[]> {
  const [deployer, artist, fanA, fanB, fanC, newHolder, merkleClaimant, bareNewHolder] = await ethers.getSigners();
  const out: Measurement[] = [];
  const record = (name: string, gas: bigint) => out.push({ name, gas });

  const usdc = await ethers.deployContract("MockStablecoin", ["Mock USD Coin", "mUSDC"]);
  const hub = await ethers.deployContract("EncoreHub", [deployer.address, deployer.address, 250, "ipfs://shares/{id}"]);
  await (await hub.setSettlementToken(await usdc.getAddress(), true)).wait();
  const hubAddress = await hub.getAddress();
  const shares = await ethers.getContractAt("EncoreShares", await hub.SHARES());

  const now = BigInt(await helpers.time.latest());
  const config = (hardCap: bigint, goal: bigint) => ({
    token: usdc.target as string,
    goal,
    hardCap,
    fundingDeadline: now + 30n * 86_400n,
    minInvestment: 1n,
    maxPerInvestor: 0n,
    revenueShareBps: 2_000,
    payoutCap: 1_000_000_000n * UNIT,
    shareDuration: 5n * 365n * 86_400n,
    vestingDuration: 180n * 86_400n,
    bond: 0n,
    termsHash: TERMS_HASH,
    metadataURI: METADATA_URI,
    compliance: ethers.ZeroAddress,
  });

  for (const fan of [fanA, fanB, fanC, newHolder, merkleClaimant, bareNewHolder, artist]) {
    await (await usdc.mint(fan.address, 1_000_000n * UNIT)).wait();
    await (await usdc.connect(fan).approve(hubAddress, ethers.MaxUint256 - 1n)).wait();
  }

  // createCampaign (bond 0): the figure is the artist's second campaign, so the global counter is warm-written.
  await (await hub.connect(artist).createCampaign(config(30_000n * UNIT, 10_000n * UNIT))).wait();
  record(
    "createCampaign (bond 0)",
    await gasOf(hub.connect(artist).createCampaign(config(3_000n * UNIT, 1_000n * UNIT))),
  );
  const investCampaign = 1n;
  const singleCampaign = 2n;

  // invest by a new investor, after earlier investors (the hub already holds the token).
  await (await hub.connect(fanA).invest(investCampaign, 1_000n * UNIT)).wait();
  record("invest (new investor)", await gasOf(hub.connect(fanB).invest(investCampaign, 1_000n * UNIT)));

  // Baseline: bare ERC-20 transferFrom to a holder of the token + bare ERC-1155 mint to a new holder.
  const bare20 = await ethers.deployContract("BareERC20");
  const bare1155 = await ethers.deployContract("BareERC1155");
  const bareSink = await bare20.getAddress();
  await (await bare20.mint(fanC.address, 1_000_000n * UNIT)).wait();
  await (await bare20.mint(bareSink, 1n)).wait();
  await (await bare20.connect(fanC).approve(deployer.address, ethers.MaxUint256 - 1n)).wait();
  record("bare ERC-20 transferFrom", await gasOf(bare20.transferFrom(fanC.address, bareSink, 1_000n * UNIT)));
  record("bare ERC-1155 mint (new holder)", await gasOf(bare1155.mint(bareNewHolder.address, 1n, 1_000n * UNIT)));

  // Fill and activate the invest campaign, deposit revenue twice, then transfer shares to a new holder.
  await (await hub.connect(fanC).invest(investCampaign, 28_000n * UNIT)).wait();
  await (await hub.finalize(investCampaign)).wait();
  await (await hub.connect(artist).depositRevenue(investCampaign, 5_000n * UNIT)).wait();
  await (await hub.connect(artist).depositRevenue(investCampaign, 3_333n * UNIT)).wait();
  record(
    "share transfer (new holder, revenue accrued)",
    await gasOf(
      shares.connect(fanA).safeTransferFrom(fanA.address, newHolder.address, investCampaign, 400n * UNIT, "0x"),
    ),
  );
  await (await bare1155.mint(fanA.address, 1n, 1_000n * UNIT)).wait();
  record(
    "bare ERC-1155 safeTransferFrom (new holder)",
    await gasOf(bare1155.connect(fanA).safeTransferFrom(fanA.address, newHolder.address, 1n, 400n * UNIT, "0x")),
  );

  // First claim by an account that already holds the token.
  record("claim (first by account)", await gasOf(hub.connect(fanB).claim(investCampaign)));

  // Baseline: Uniswap-style Merkle claim in a fresh bitmap word of a 10,000-leaf tree, recipient holds the token.
  const claimIndex = 5_000;
  const leaves: [bigint, string, bigint][] = [];
  for (let i = 0; i < MERKLE_LEAVES; i++) {
    const account = i === claimIndex ? merkleClaimant.address : ethers.getAddress(ethers.toBeHex(0x10000 + i, 20));
    leaves.push([BigInt(i), account, 100n * UNIT + BigInt(i)]);
  }
  const tree = StandardMerkleTree.of(leaves, ["uint256", "address", "uint256"]);
  const distributor = await ethers.deployContract("MerkleDistributor", [usdc.target as string, tree.root]);
  await (await usdc.mint(await distributor.getAddress(), 10_000_000n * UNIT)).wait();
  const [index, account, amount] = leaves[claimIndex];
  const proof = tree.getProof(claimIndex);
  record(
    "merkle claim (10,000 leaves, fresh word)",
    await gasOf(distributor.connect(merkleClaimant).claim(index, account, amount, proof)),
  );

  // depositRevenue in steady state: 1 holder vs 10,000 holders (second deposit of each campaign measured).
  await (await hub.connect(fanA).invest(singleCampaign, 3_000n * UNIT)).wait();
  await (await hub.finalize(singleCampaign)).wait();

  const perHolder = 10n * UNIT;
  const largeCap = perHolder * BigInt(HOLDERS_LARGE);
  await (await hub.connect(artist).createCampaign(config(largeCap, largeCap))).wait();
  const largeCampaign = await hub.campaignCount();
  const batch = await ethers.deployContract("BatchInvestor");
  await (await usdc.mint(await batch.getAddress(), largeCap)).wait();
  for (let first = 0; first < HOLDERS_LARGE; first += BATCH) {
    await (
      await batch.investForRange(hubAddress, usdc.target, largeCampaign, 0x100000n + BigInt(first), BATCH, perHolder)
    ).wait();
  }
  if ((await shares.totalSupply(largeCampaign)) !== largeCap) throw new Error("10,000-holder campaign not filled");
  await (await hub.finalize(largeCampaign)).wait();

  for (const [name, id] of [
    ["depositRevenue (1 holder)", singleCampaign],
    ["depositRevenue (10,000 holders)", largeCampaign],
  ] as const) {
    await (await hub.connect(artist).depositRevenue(id, 1_234n * UNIT + 567n)).wait();
    record(name, await gasOf(hub.connect(artist).depositRevenue(id, 987n * UNIT + 654n)));
  }
  return out;
}

/** Turns raw measurements into protocol.md's five figures. */
export function figuresFrom(measurements: Measurement[]): Figure[] {
  const gas = (name: string): number => {
    const m = measurements.find((x) => x.name === name);
    if (m === undefined) throw new Error(`measurement "${name}" is missing`);
    return Number(m.gas);
  };
  return [
    {
      name: "depositRevenue steady state, 10,000 holders vs 1 holder",
      value: gas("depositRevenue (10,000 holders)") / gas("depositRevenue (1 holder)"),
      unit: "ratio",
      baseline: "depositRevenue (1 holder)",
      target: 1.01,
    },
    {
      name: "first claim vs Merkle-distributor claim (10,000 leaves, fresh word)",
      value: gas("claim (first by account)") / gas("merkle claim (10,000 leaves, fresh word)"),
      unit: "ratio",
      baseline: "merkle claim (10,000 leaves, fresh word)",
      target: 0.8,
    },
    {
      name: "invest (new investor) vs bare transferFrom + bare ERC-1155 mint",
      value: gas("invest (new investor)") / (gas("bare ERC-20 transferFrom") + gas("bare ERC-1155 mint (new holder)")),
      unit: "ratio",
      baseline: "bare ERC-20 transferFrom + bare ERC-1155 mint (new holder)",
      target: 1.15,
    },
    {
      name: "share transfer to a new holder (revenue accrued) vs bare ERC-1155 safeTransferFrom",
      value: gas("share transfer (new holder, revenue accrued)") / gas("bare ERC-1155 safeTransferFrom (new holder)"),
      unit: "ratio",
      baseline: "bare ERC-1155 safeTransferFrom (new holder)",
      target: 1.1,
    },
    {
      name: "createCampaign (bond 0)",
      value: gas("createCampaign (bond 0)"),
      unit: "gas",
      baseline: "absolute",
      target: 200_000,
    },
  ];
}
