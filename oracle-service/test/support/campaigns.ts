/**
 * Campaigns and operator contexts for report and catalog tests: a campaign created, funded past its goal and
 * finalized on the local chain (as an artist and fans would, with viem), a service context per operator key, and
 * plain-SQL statement rows (the importer is tested on its own).
 */
import { createWalletClient, http, keccak256, stringToHex, type Address, type Hex } from "viem";
import { privateKeyToAccount } from "viem/accounts";

import type { ServiceContext } from "../../src/api/context.ts";
import { abis } from "../../src/chain/contracts.ts";
import { connectChain } from "../../src/chain/client.ts";
import { loadConfig } from "../../src/config.ts";
import type { Database, Queryable } from "../../src/db/database.ts";
import { DEV_ACCOUNTS, devKey, type TestChain } from "./localChain.ts";

/** One mock-USDC unit count: `usdc(5)` = 5,000,000 units. */
export function usdc(amount: number): bigint {
  return BigInt(amount) * 1_000_000n;
}

/** A finalized, successful campaign. */
export interface ActiveCampaign {
  campaignId: bigint;
  artist: Address;
  artistKey: Hex;
  /** Start and end of the share window (unix seconds). */
  activatedAt: bigint;
  shareEnd: bigint;
  revenueShareBps: number;
}

/** Options of {@link createActiveCampaign}. */
export interface CampaignOptions {
  /** Dev account index of the artist (default the first artist, 2). */
  artist?: number;
  revenueShareBps?: number;
  /** Share window length in seconds (default 3 years). */
  shareDuration?: bigint;
  /** What each of the first fans (dev accounts 4, 5, …) invests, in token units (default 600 USDC each, two fans). */
  investments?: readonly bigint[];
}

/**
 * Creates a campaign as the artist, has two fans invest past its goal, moves the clock past the funding deadline
 * and finalizes it: the campaign is `Active` and its share window open.
 */
export async function createActiveCampaign(chain: TestChain, options: CampaignOptions = {}): Promise<ActiveCampaign> {
  const context = await operatorContext(chain, DEV_ACCOUNTS.owner);
  const { publicClient } = context.chain;
  const hub = chain.addresses.EncoreHub as Address;
  const coin = chain.addresses.MockStablecoin as Address;
  const wallet = (index: number) =>
    createWalletClient({
      chain: context.chain.chain,
      transport: http(chain.url),
      account: privateKeyToAccount(devKey(index)),
    });
  const send = async (
    index: number,
    address: Address,
    abi: readonly unknown[],
    functionName: string,
    args: unknown[],
  ) => {
    const hash = await wallet(index).writeContract({
      address,
      abi: abi as never,
      functionName: functionName,
      args: args,
    });
    const receipt = await publicClient.waitForTransactionReceipt({ hash });
    if (receipt.status !== "success") throw new Error(`${functionName} reverted`);
  };
  const artistIndex = options.artist ?? DEV_ACCOUNTS.artists[0];
  const investments = options.investments ?? [usdc(600), usdc(600)];
  const fans = DEV_ACCOUNTS.fans.slice(0, investments.length);
  for (const index of fans) {
    await send(index, coin, abis.MockStablecoin, "mint", [privateKeyToAccount(devKey(index)).address, usdc(10_000)]);
    await send(index, coin, abis.MockStablecoin, "approve", [hub, usdc(10_000)]);
  }
  const now = (await publicClient.getBlock()).timestamp;
  const revenueShareBps = options.revenueShareBps ?? 5_000;
  await send(artistIndex, hub, abis.EncoreHub, "createCampaign", [
    {
      token: coin,
      goal: usdc(1_000),
      hardCap: usdc(5_000),
      fundingDeadline: now + 3_600n,
      minInvestment: usdc(10),
      maxPerInvestor: 0n,
      revenueShareBps,
      payoutCap: 0n,
      shareDuration: options.shareDuration ?? 3n * 365n * 86_400n,
      vestingDuration: 0n,
      bond: 0n,
      termsHash: keccak256(stringToHex("test terms")),
      metadataURI: "data:application/json,{}",
      compliance: "0x0000000000000000000000000000000000000000",
    },
  ]);
  const campaignId = await publicClient.readContract({
    address: hub,
    abi: abis.EncoreHub,
    functionName: "campaignCount",
  });
  for (const [n, index] of fans.entries())
    await send(index, hub, abis.EncoreHub, "invest", [campaignId, investments[n]]);
  await chain.increaseTime(3_601);
  await send(fans[0], hub, abis.EncoreHub, "finalize", [campaignId]);
  const terms = await publicClient.readContract({
    address: hub,
    abi: abis.EncoreHub,
    functionName: "settlementTerms",
    args: [campaignId],
  });
  if (!terms.succeeded) throw new Error(`campaign ${campaignId} did not succeed`);
  const artistKey = devKey(artistIndex);
  return {
    campaignId,
    artist: privateKeyToAccount(artistKey).address,
    artistKey,
    activatedAt: terms.activatedAt,
    shareEnd: terms.shareEnd,
    revenueShareBps,
  };
}

/**
 * A service context for dev account `index` as the operator key, on `chain`, with database `db` (a stub that
 * refuses queries when omitted) and the given peers.
 */
export async function operatorContext(
  chain: TestChain,
  index: number,
  db?: Database,
  peers: readonly string[] = [],
): Promise<ServiceContext> {
  const config = loadConfig({
    ENCORE_RPC_URL: chain.url,
    ENCORE_OPERATOR_KEY: devKey(index),
    ENCORE_CONTRACTS_FILE: chain.contractsFile,
    ENCORE_PEERS: peers.join(","),
  });
  const connected = await connectChain({ ...config, pollingIntervalMs: 50 });
  return { config, db: db ?? (NO_DATABASE as Database), chain: connected };
}

const NO_DATABASE = new Proxy(
  {},
  {
    get() {
      throw new Error("this test context has no database");
    },
  },
);

/** A statement line for {@link insertStatement}. */
export interface TestLine {
  lineNo: number;
  isrc: string;
  amountUnits: bigint;
}

/** A statement for {@link insertStatement}: usage dates inclusive, `YYYY-MM-DD`. */
export interface TestStatement {
  contentHash: string;
  periodStart: string;
  periodEnd: string;
  lines: readonly TestLine[];
}

/**
 * Inserts a statement and its lines with plain SQL, lines in the given order.
 *
 * @returns The statement's local id.
 */
export async function insertStatement(db: Queryable, statement: TestStatement): Promise<bigint> {
  const [row] = await db.query<{ id: bigint }>(
    `INSERT INTO statements (content_hash, format, period_start, period_end, currency, fx_rate, fx_source,
       token_decimals, file_names, line_count, gross_amount)
     VALUES ($1, 'csv', $2, $3, 'USD', 1, 'test', 6, '["test.csv"]', $4, 0) RETURNING id`,
    [statement.contentHash, statement.periodStart, statement.periodEnd, statement.lines.length],
  );
  for (const line of statement.lines) {
    await db.query(
      `INSERT INTO statement_lines (statement_id, line_no, file_name, file_line, isrc, quantity, amount, amount_units)
       VALUES ($1, $2, 'test.csv', $2, $3, 1, $4, $5)`,
      [
        row.id.toString(),
        line.lineNo,
        line.isrc,
        (Number(line.amountUnits) / 1e6).toString(),
        line.amountUnits.toString(),
      ],
    );
  }
  return row.id;
}
