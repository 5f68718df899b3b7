/**
 * Demo data for the local platform, written through the hub like a real user would, with the node's unlocked dev
 * accounts: two artists, five fans holding mock USDC, and three campaigns, one in each state a newcomer wants to
 * see (see {@link seedDemo}).
 */
import { Contract, HDNodeWallet, JsonRpcProvider, formatUnits, parseUnits } from "ethers";
import type { InterfaceAbi, JsonRpcSigner } from "ethers";

import type {
  ComplianceRegistry,
  EncoreHub,
  MockStablecoin,
  RevenueOracle,
} from "../../types/ethers-contracts/index.js";
import { renderTerms } from "../legal/renderTerms.ts";
import { readAbi } from "../lib/artifacts.ts";
import { countryCode } from "../lib/eip712.ts";

/** Mnemonic of Hardhat's default dev accounts (public: never fund these keys on a real network). */
const HARDHAT_MNEMONIC = "test test test test test test test test test test test junk";

/** `IEncoreHub.State`, by value. */
const STATE_NAMES = ["Funding", "Failed", "Active", "Ended"] as const;

/** Name of an `IEncoreHub.State`. */
export type StateName = (typeof STATE_NAMES)[number];

const HOUR = 3_600;
const DAY = 24 * HOUR;
const YEAR = 365 * DAY;
/** Mock USDC minted to every fan. */
const FAN_BALANCE = 50_000;
/** Mock USDC minted to every artist (bonds and revenue deposits). */
const ARTIST_BALANCE = 20_000;

/** Dev accounts registered as oracle operators by `ignition/parameters/localhost.json` (threshold 2). */
const OPERATOR_ACCOUNTS = [10, 11, 12] as const;
/** Dev account registered as the oracle's guardian by `ignition/parameters/localhost.json`. */
const GUARDIAN_ACCOUNT = 13;
/** Dev account registered as the compliance attester (KYC provider) by `npm start`. */
const ATTESTER_ACCOUNT = 14;
/** Country (ISO 3166-1 alpha-2) and accreditation the attester records for fans 1–5. */
const FAN_RESIDENCES: readonly (readonly [string, boolean])[] = [
  ["US", false],
  ["KR", false],
  ["BR", false],
  ["FR", true],
  ["NG", true],
];
const ZERO_ADDRESS = "0x0000000000000000000000000000000000000000";
/** Version of the investment-contract templates the demo campaigns use. */
const TERMS_VERSION = "v1";

/** A dev account the demo uses, with its role. */
export interface DemoAccount {
  role: "owner" | "treasury" | "artist" | "fan" | "operator" | "guardian" | "attester";
  name: string;
  address: string;
  /** Private key when the node uses Hardhat's default dev mnemonic (public keys; local use only). */
  privateKey?: string;
}

/** A seeded campaign as it stands after seeding. */
export interface DemoCampaign {
  id: bigint;
  title: string;
  artist: string;
  state: StateName;
  /** What was done with it, in words. */
  story: string;
}

/** Everything {@link seedDemo} created. */
export interface DemoSummary {
  accounts: DemoAccount[];
  campaigns: DemoCampaign[];
}

/** Where to seed. */
export interface SeedOptions {
  /** JSON-RPC URL of a local node with unlocked dev accounts (Hardhat node or Anvil). */
  rpcUrl: string;
  /** `EncoreHub` address; the first dev account must own it (it does after `EncoreLocal`). */
  hub: string;
  /** `MockStablecoin` address, allow-listed on the hub. */
  stablecoin: string;
  /** `RevenueOracle` address, registered in the hub, with dev accounts 10–12 as operators (threshold 2). */
  revenueOracle: string;
  /** `ComplianceRegistry` address, with the jurisdiction presets and dev account 14 as attester. */
  complianceRegistry: string;
}

/** Campaign parameters the demo varies; everything else is fixed in {@link createCampaignAs}. */
export interface CampaignPlan {
  title: string;
  description: string;
  goal: number;
  hardCap: number;
  fundingSeconds: number;
  revenueShareBps: number;
  bond: number;
  /** `ComplianceRegistry` the campaign names (zero address: open to anyone). */
  compliance: string;
  /** Jurisdiction of the terms (`legal/terms/<jurisdiction>/`). */
  jurisdiction: string;
}

/** Whole mock-USDC tokens to base units (6 decimals). */
const usdc = (amount: number): bigint => parseUnits(String(amount), 6);

/** Base units to a readable amount, e.g. `11,000 mUSDC`. */
const show = (amount: bigint): string =>
  `${Number(formatUnits(amount, 6)).toLocaleString("en-US", { maximumFractionDigits: 2 })} mUSDC`;

/** Private keys of Hardhat's default accounts 0..count-1. */
function devKeys(count: number): Map<string, string> {
  const keys = new Map<string, string>();
  for (let index = 0; index < count; index++) {
    const wallet = HDNodeWallet.fromPhrase(HARDHAT_MNEMONIC, undefined, `m/44'/60'/0'/0/${index}`);
    keys.set(wallet.address.toLowerCase(), wallet.privateKey);
  }
  return keys;
}

/**
 * Creates a campaign as the hub's signer, with the jurisdiction's investment contract rendered from its parameters
 * and hashed on-chain (`termsHash`), the way the studio does.
 *
 * @returns The new campaign's id.
 */
async function createCampaignAs(
  hub: EncoreHub,
  provider: JsonRpcProvider,
  stablecoin: string,
  plan: CampaignPlan,
): Promise<bigint> {
  const artist = (hub.runner as JsonRpcSigner).address;
  const [{ chainId }, feeBps, latest] = await Promise.all([
    provider.getNetwork(),
    hub.feeBps(),
    provider.getBlock("latest"),
  ]);
  const terms = { jurisdiction: plan.jurisdiction, version: TERMS_VERSION, language: "en" as const };
  const metadata = JSON.stringify({ name: plan.title, description: plan.description, terms });
  const config = {
    token: stablecoin,
    goal: usdc(plan.goal),
    hardCap: usdc(plan.hardCap),
    fundingDeadline: BigInt(latest?.timestamp ?? 0) + BigInt(plan.fundingSeconds),
    minInvestment: usdc(10),
    maxPerInvestor: 0n,
    revenueShareBps: plan.revenueShareBps,
    payoutCap: 0n,
    shareDuration: BigInt(3 * YEAR),
    vestingDuration: BigInt(90 * DAY),
    bond: usdc(plan.bond),
    metadataURI: `data:application/json,${encodeURIComponent(metadata)}`,
    compliance: plan.compliance,
  };
  // The investment contract: the jurisdiction's terms rendered from these very parameters, hashed on-chain.
  const { termsHash } = renderTerms(
    {
      ...config,
      artist,
      tokenSymbol: "mUSDC",
      tokenDecimals: 6,
      feeBps,
      chainId,
      hubAddress: await hub.getAddress(),
    },
    terms,
  );
  await (await hub.createCampaign({ ...config, termsHash })).wait();
  return hub.campaignCount();
}

/**
 * Creates one more campaign as `artist` (an unlocked dev account of the node), e.g. for a test that needs a
 * campaign of its own after the demo is seeded.
 *
 * @returns The new campaign's id.
 */
export async function createDemoCampaign(
  options: Pick<SeedOptions, "rpcUrl" | "hub" | "stablecoin">,
  artist: string,
  plan: CampaignPlan,
): Promise<bigint> {
  const provider = new JsonRpcProvider(options.rpcUrl, undefined, { staticNetwork: true, pollingInterval: 50 });
  try {
    const signer = await provider.getSigner(artist);
    const hub = new Contract(options.hub, readAbi("EncoreHub"), signer) as unknown as EncoreHub;
    return await createCampaignAs(hub, provider, options.stablecoin, plan);
  } finally {
    provider.destroy();
  }
}

/**
 * Seeds the demo through the hub:
 * 1. an **Active** campaign (artist 1): fans invest past the goal, funding closes, it is finalized, the artist
 *    deposits revenue and one fan claims;
 * 2. a **Failed** campaign (artist 2): fans invest below the goal, funding closes, it is finalized; one fan took
 *    the refund, another's refund is still open;
 * 3. a **Funding** campaign (artist 2): created after the time jump, open for 30 days, with a few investments;
 * 4. on campaign 1, artist 1 funds a revenue reserve in the oracle (`npm start`'s oracle operators then report
 *    revenue on it and the keeper settles from this reserve: scripts/local/oracleNetwork.ts).
 *
 * Funding of (1) and (2) closes with one `evm_increaseTime` of just over an hour, so the chain clock runs about an
 * hour ahead of the wall clock afterwards.
 *
 * @param options - Node URL and contract addresses.
 * @returns The demo accounts and campaigns, with each campaign's state read back from the hub.
 * @throws When the node has fewer than 9 accounts, a transaction fails, or a campaign ends in another state than
 *   planned.
 */
export async function seedDemo(options: SeedOptions): Promise<DemoSummary> {
  const provider = new JsonRpcProvider(options.rpcUrl, undefined, { staticNetwork: true, pollingInterval: 50 });
  try {
    const signers = await provider.listAccounts();
    if (signers.length <= ATTESTER_ACCOUNT) {
      throw new Error(`the node has ${signers.length} accounts; the demo needs ${ATTESTER_ACCOUNT + 1}`);
    }
    const [owner, treasury, ...rest] = signers;
    const artists = rest.slice(0, 2);
    const fans = rest.slice(2, 7);
    const hubAbi = readAbi("EncoreHub") as InterfaceAbi;
    const coinAbi = readAbi("MockStablecoin") as InterfaceAbi;
    const hubAs = (signer: JsonRpcSigner) => new Contract(options.hub, hubAbi, signer) as unknown as EncoreHub;
    const coinAs = (signer: JsonRpcSigner) =>
      new Contract(options.stablecoin, coinAbi, signer) as unknown as MockStablecoin;
    const oracleAs = (signer: JsonRpcSigner) =>
      new Contract(options.revenueOracle, readAbi("RevenueOracle"), signer) as unknown as RevenueOracle;

    for (const [signer, amount] of [
      ...artists.map((a) => [a, ARTIST_BALANCE] as const),
      ...fans.map((f) => [f, FAN_BALANCE] as const),
    ]) {
      await (await coinAs(signer).mint(signer.address, usdc(amount))).wait();
      await (await coinAs(signer).approve(options.hub, usdc(amount))).wait();
    }

    const now = async () => BigInt((await provider.getBlock("latest"))?.timestamp ?? 0);
    /** Which investment-contract template each campaign's `termsHash` was rendered from. */
    const termsOf = new Map<bigint, string>();
    const createCampaign = async (artist: JsonRpcSigner, plan: CampaignPlan): Promise<bigint> => {
      const campaignId = await createCampaignAs(hubAs(artist), provider, options.stablecoin, plan);
      termsOf.set(campaignId, `legal/terms/${plan.jurisdiction}/${TERMS_VERSION}.md`);
      return campaignId;
    };
    const invest = async (campaignId: bigint, investments: readonly (readonly [number, number])[]) => {
      for (const [fan, amount] of investments) await (await hubAs(fans[fan]).invest(campaignId, usdc(amount))).wait();
    };

    // 1 and 2: funding closes an hour after creation.
    const active = await createCampaign(artists[0], {
      title: "Nova Lights — debut album “Afterglow”",
      description: "Ten songs recorded live to tape. Holders share 20 % of streaming and sales revenue for 3 years.",
      goal: 10_000,
      hardCap: 15_000,
      fundingSeconds: HOUR,
      revenueShareBps: 2_000,
      bond: 1_000,
      compliance: ZERO_ADDRESS,
      jurisdiction: "US",
    });
    await invest(active, [
      [0, 4_000],
      [1, 3_000],
      [2, 2_500],
      [3, 1_500],
    ]);
    const failed = await createCampaign(artists[1], {
      title: "The Harbor Kids — European tour 2026",
      description: "Twelve cities in three weeks. Holders share 15 % of the tour's net revenue for 3 years.",
      goal: 40_000,
      hardCap: 60_000,
      fundingSeconds: HOUR,
      revenueShareBps: 1_500,
      bond: 0,
      compliance: ZERO_ADDRESS,
      jurisdiction: "EU",
    });
    await invest(failed, [
      [1, 2_000],
      [4, 1_500],
    ]);

    await provider.send("evm_increaseTime", [HOUR + 60]);
    await provider.send("evm_mine", []);
    await (await hubAs(fans[4]).finalize(active)).wait();
    await (await hubAs(fans[4]).finalize(failed)).wait();
    const revenue = usdc(2_500);
    await (await hubAs(artists[0]).depositRevenue(active, revenue)).wait();
    const claimed = await hubAs(fans[0]).claim.staticCall(active);
    await (await hubAs(fans[0]).claim(active)).wait();
    await (await hubAs(fans[4]).refund(failed)).wait();

    // 3: created after the time jump, so it stays in Funding for a month; it checks investors' countries.
    const attester = signers[ATTESTER_ACCOUNT];
    const registry = new Contract(
      options.complianceRegistry,
      readAbi("ComplianceRegistry"),
      attester,
    ) as unknown as ComplianceRegistry;
    const attestedUntil = (await now()) + BigInt(YEAR);
    for (const [index, [country, accredited]] of FAN_RESIDENCES.entries()) {
      await (await registry.attest(fans[index].address, countryCode(country), accredited, attestedUntil)).wait();
    }
    const funding = await createCampaign(artists[1], {
      title: "The Harbor Kids — live EP “Low Tide”",
      description: "Five songs from the club shows, mixed by the band. Holders share 25 % of revenue for 3 years.",
      goal: 8_000,
      hardCap: 12_000,
      fundingSeconds: 30 * DAY,
      revenueShareBps: 2_500,
      bond: 500,
      compliance: options.complianceRegistry,
      jurisdiction: "BR",
    });
    await invest(funding, [
      [2, 1_000],
      [3, 750],
      [4, 500],
    ]);

    // 4: the artist's revenue reserve on campaign 1, for the oracle's reports.
    const report = await fundDemoReserve(
      oracleAs(artists[0]),
      coinAs(artists[0]),
      artists[0].address,
      options.stablecoin,
    );

    const keys = devKeys(signers.length);
    const account = (role: DemoAccount["role"], name: string, signer: JsonRpcSigner): DemoAccount => ({
      role,
      name,
      address: signer.address,
      privateKey: keys.get(signer.address.toLowerCase()),
    });
    const hub = hubAs(owner);
    const campaigns: DemoCampaign[] = [];
    const describe = async (campaignId: bigint, title: string, artist: string, expected: StateName, story: string) => {
      const view = await hub.campaign(campaignId);
      const state = STATE_NAMES[Number(view.state)];
      if (state !== expected) throw new Error(`demo campaign #${campaignId} is ${state}, expected ${expected}`);
      const raised = `raised ${show(view.raised)} of ${show(view.goal)}`;
      const terms = `terms ${termsOf.get(campaignId) ?? "?"}`;
      campaigns.push({ id: campaignId, title, artist, state, story: `${raised}; ${story}; ${terms}` });
    };
    await describe(
      active,
      "Afterglow",
      "Nova Lights",
      "Active",
      `${show(revenue)} revenue in, fan 1 claimed ${show(claimed)}; ${report}`,
    );
    await describe(failed, "European tour 2026", "The Harbor Kids", "Failed", "fan 5 refunded, fan 2's refund open");
    await describe(
      funding,
      "Low Tide",
      "The Harbor Kids",
      "Funding",
      "open for 30 days, per-country rules (fans attested: " +
        FAN_RESIDENCES.map(([c, acc], i) => `${i + 1} ${c}${acc ? " accredited" : ""}`).join(", ") +
        ")",
    );

    return {
      accounts: [
        account("owner", "protocol owner (deployer)", owner),
        account("treasury", "fee treasury", treasury),
        account("artist", "artist 1 · Nova Lights", artists[0]),
        account("artist", "artist 2 · The Harbor Kids", artists[1]),
        ...fans.map((fan, index) => account("fan", `fan ${index + 1}`, fan)),
        ...OPERATOR_ACCOUNTS.map((index, n) => account("operator", `oracle operator ${n + 1}`, signers[index])),
        account("guardian", "oracle guardian", signers[GUARDIAN_ACCOUNT]),
        account("attester", "compliance attester (KYC)", signers[ATTESTER_ACCOUNT]),
      ],
      campaigns,
    };
  } finally {
    provider.destroy();
  }
}

/**
 * Artist 1 funds a revenue reserve in the oracle, from which the keeper settles the campaign's reports (`npm start`
 * then runs the oracle operators, who report the demo statement's revenue; see scripts/local/oracleNetwork.ts).
 *
 * @returns The reserve in words, for the campaign's story.
 */
async function fundDemoReserve(oracle: RevenueOracle, coin: MockStablecoin, artist: string, stablecoin: string) {
  const reserve = usdc(1_000);
  await (await coin.approve(await oracle.getAddress(), reserve)).wait();
  await (await oracle.fundReserve(artist, stablecoin, reserve)).wait();
  return `revenue reserve ${show(reserve)} funded`;
}
