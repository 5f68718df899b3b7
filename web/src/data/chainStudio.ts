/**
 * What the artist studio reads for the connected artist, straight from the chain whatever the {@link CampaignData}
 * source: per campaign the bond and when it unlocks, per settlement token the revenue reserve in `RevenueOracle`,
 * whether the artist is suspended, each campaign's oracle reports, and what every open debt or enforced report still
 * asks of the artist (one multicall for the views, the report logs through {@link readReports}, one multicall and one
 * log query for the open obligations).
 */
import { getAddress, type Address, type ContractFunctionParameters, type PublicClient } from "viem";

import { abis, type ContractName } from "../generated/contracts.ts";
import { enforcementFine, freeReserve } from "../lib/reserve.ts";
import type { Campaign, OracleReport } from "./CampaignData.ts";
import { readReports } from "./chainReports.ts";
import { readMany } from "./multicall3.ts";

/** `IRevenueOracle.ReportStatus` values of the reports `payDue` accepts. */
const DEBT = 4;
const ENFORCED = 5;
/** `bondUnlockTime` while a campaign is still funding. */
const NEVER = 2n ** 256n - 1n;

/** One of the artist's campaigns with its bond. */
export interface StudioCampaign {
  campaign: Campaign;
  /** Bond held by the hub. */
  bond: bigint;
  /** Earliest unix time the bond can be withdrawn; undefined while the campaign is funding. */
  bondUnlockTime: number | undefined;
  /** The oracle holds the bond while a report is pending or a debt is open. */
  bondLockedByOracle: boolean;
  /** Revenue holders can still receive before the payout cap. */
  holderRoom: bigint;
  /** Oracle reports, oldest period first. */
  reports: OracleReport[];
}

/** The artist's reserve of one settlement token. */
export interface StudioReserve {
  token: Address;
  balance: bigint;
  /** Owed to pending reports and debts. */
  committed: bigint;
  /** Withdrawable now. */
  free: bigint;
  /** The artist's wallet balance of the token. */
  wallet: bigint;
}

/** What an open debt or enforced report still asks of the artist (`payDue` clears it). */
export interface StudioObligation {
  campaignId: bigint;
  reportId: bigint;
  token: Address;
  status: "inDebt" | "enforced";
  /** The report's recorded amount (what the reserve commits to it). */
  owed: bigint;
  /** Due to holders (capped by `holderRoom` when paid). */
  toHolders: bigint;
  /** Enforced only: what goes back into the bond. */
  toBond: bigint;
  holderRoom: bigint;
  /** Unix time after which the debt can be enforced. */
  dueDate: number;
  /** Enforced: the fine charged; debt: the fine enforcement would charge. */
  fine: bigint;
  /** Fine rate fixed when the report was submitted. */
  penaltyBps: number;
}

/** Everything the studio shows about an artist. */
export interface StudioDesk {
  campaigns: StudioCampaign[];
  reserves: StudioReserve[];
  obligations: StudioObligation[];
  /** An enforced report is unpaid: the hub refuses new campaigns. */
  suspended: boolean;
}

type ReportRecord = { status: number; dueDate: number; penaltyBps: number; amount: bigint };

/**
 * Reads an artist's studio.
 *
 * @param campaigns - Every campaign (from the {@link CampaignData} source); the artist's are picked out.
 * @param settlementTokens - Tokens to show a reserve for besides the campaigns' own (the deployment's stablecoin).
 * @param now - Chain time (unix seconds) for the reports' windows.
 */
export async function readStudio(
  client: PublicClient,
  contracts: Record<ContractName, Address>,
  artist: Address,
  campaigns: readonly Campaign[],
  settlementTokens: readonly Address[],
  now: number,
): Promise<StudioDesk> {
  const hub = { address: contracts.EncoreHub, abi: abis.EncoreHub } as const;
  const oracle = { address: contracts.RevenueOracle, abi: abis.RevenueOracle } as const;
  const mine = campaigns.filter((campaign) => campaign.artist.toLowerCase() === artist.toLowerCase());
  const tokens = [
    ...new Set([...settlementTokens, ...mine.map((campaign) => campaign.token)].map((token) => getAddress(token))),
  ];
  // Mixed calls: typed loosely, their results are cast by position below.
  const calls: ContractFunctionParameters[] = [
    { ...oracle, functionName: "isSuspended", args: [artist] },
    ...mine.flatMap(({ id }) => [
      { ...hub, functionName: "campaign", args: [id] },
      { ...hub, functionName: "bondUnlockTime", args: [id] },
      { ...oracle, functionName: "isBondLocked", args: [id] },
      { ...hub, functionName: "holderRoom", args: [id] },
    ]),
    ...tokens.flatMap((token) => [
      { ...oracle, functionName: "reserveOf", args: [artist, token] },
      { address: token, abi: abis.MockStablecoin, functionName: "balanceOf", args: [artist] },
    ]),
  ];
  const [results, reports] = await Promise.all([
    readMany(client, calls),
    Promise.all(mine.map(({ id }) => readReports(client, contracts.RevenueOracle, id, now))),
  ]);
  const suspended = results[0] as boolean;
  const studioCampaigns = mine.map((campaign, index): StudioCampaign => {
    const [view, unlock, locked, room] = results.slice(1 + index * 4, 5 + index * 4) as [
      { bond: bigint },
      bigint,
      boolean,
      bigint,
    ];
    return {
      campaign,
      bond: view.bond,
      bondUnlockTime: unlock === NEVER ? undefined : Number(unlock),
      bondLockedByOracle: locked,
      holderRoom: room,
      reports: reports[index],
    };
  });
  const reserveStart = 1 + mine.length * 4;
  const reserves = tokens.map((token, index): StudioReserve => {
    const [[balance, committed], wallet] = results.slice(reserveStart + index * 2, reserveStart + index * 2 + 2) as [
      readonly [bigint, bigint, bigint],
      bigint,
    ];
    return { token, balance, committed, free: freeReserve({ balance, committed }), wallet };
  });
  return {
    campaigns: studioCampaigns,
    reserves,
    obligations: await readObligations(client, oracle, artist, studioCampaigns),
    suspended,
  };
}

/** The open debts and enforced reports of the artist's campaigns, soonest due first. */
async function readObligations(
  client: PublicClient,
  oracle: { address: Address; abi: typeof abis.RevenueOracle },
  artist: Address,
  campaigns: readonly StudioCampaign[],
): Promise<StudioObligation[]> {
  const open = campaigns.flatMap((entry) =>
    entry.reports
      .filter((report) => report.status === "inDebt" || report.status === "enforced")
      .map((report) => ({ entry, report })),
  );
  if (open.length === 0) return [];
  const [records, enforced] = await Promise.all([
    readMany(
      client,
      open.flatMap(({ report }): ContractFunctionParameters[] => [
        { ...oracle, functionName: "getReport", args: [report.reportId] },
        { ...oracle, functionName: "getEnforcement", args: [report.reportId] },
      ]),
    ),
    client.getContractEvents({ ...oracle, eventName: "Enforced", args: { artist }, fromBlock: 0n, strict: true }),
  ]);
  const fines = new Map(enforced.map((log) => [log.args.reportId, log.args.fine] as const));
  return open
    .flatMap(({ entry, report }, index): StudioObligation[] => {
      const record = records[index * 2] as ReportRecord;
      const enforcement = records[index * 2 + 1] as { toHolders: bigint; toBond: bigint };
      // The stored status is the truth: the logs cannot tell a repaid enforced report from an open one.
      if (record.status !== DEBT && record.status !== ENFORCED) return [];
      const isEnforced = record.status === ENFORCED;
      const obligation: StudioObligation = {
        campaignId: entry.campaign.id,
        reportId: report.reportId,
        token: getAddress(entry.campaign.token),
        status: isEnforced ? "enforced" : "inDebt",
        owed: record.amount,
        toHolders: isEnforced ? enforcement.toHolders : record.amount,
        toBond: isEnforced ? enforcement.toBond : 0n,
        holderRoom: entry.holderRoom,
        dueDate: Number(record.dueDate),
        fine: isEnforced ? (fines.get(report.reportId) ?? 0n) : enforcementFine(record.amount, record.penaltyBps),
        penaltyBps: record.penaltyBps,
      };
      return [obligation];
    })
    .sort((a, b) => a.dueDate - b.dueDate);
}
