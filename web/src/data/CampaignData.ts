/**
 * The dApp's one data interface. Pages read campaigns and positions only through it; {@link createChainData} reads
 * the chain directly (the local default), `createSubgraphData` (subgraphData.ts) reads the subgraph, and
 * `createFallbackData` (fallbackData.ts) uses the subgraph with a per-call fallback to the chain; dataSource.ts
 * picks one from the runtime config.
 */
import type { Address, Hex } from "viem";

/** `IEncoreHub.State` by value. */
export const CAMPAIGN_STATES = ["Funding", "Failed", "Active", "Ended"] as const;

/** A campaign lifecycle state. */
export type CampaignState = (typeof CAMPAIGN_STATES)[number];

/** A campaign as the pages show it: the hub's `CampaignView` plus the title and description of its metadata. */
export interface Campaign {
  id: bigint;
  title: string;
  description: string;
  artist: Address;
  token: Address;
  compliance: Address;
  state: CampaignState;
  goal: bigint;
  hardCap: bigint;
  raised: bigint;
  minInvestment: bigint;
  /** 0 = no limit. */
  maxPerInvestor: bigint;
  /** 0 = no cap. */
  payoutCap: bigint;
  paidToHolders: bigint;
  /** Unix seconds. */
  fundingDeadline: number;
  /** Seconds the revenue share lasts after success. */
  shareDuration: number;
  revenueShareBps: number;
  termsHash: Hex;
  /** What the investment contract was rendered from; undefined when the metadata does not name its template. */
  termsSource?: TermsSource;
}

/** Which terms template a campaign used (from its metadata's `terms`). */
export interface TermsDocument {
  /** Template folder, e.g. `US` or `EU`. */
  jurisdiction: string;
  /** Template version, e.g. `v1`. */
  version: string;
  /** Template language, `en` or `fr`. */
  language: "en" | "fr";
}

/** The numbers an artist fixes in `CampaignConfig` (amounts in token units, times and durations in seconds). */
export interface CampaignNumbers {
  goal: bigint;
  hardCap: bigint;
  fundingDeadline: bigint;
  minInvestment: bigint;
  maxPerInvestor: bigint;
  revenueShareBps: number;
  payoutCap: bigint;
  shareDuration: bigint;
  vestingDuration: bigint;
  bond: bigint;
}

/**
 * The inputs of a campaign's terms: the template and the parameters exactly as the `CampaignCreated` event recorded
 * them (the bond and other values may change later; the terms quote the creation values).
 */
export interface TermsSource extends CampaignNumbers {
  document: TermsDocument;
  artist: Address;
  token: Address;
  feeBps: number;
}

/** One holder's stake in one campaign. */
export interface Position {
  campaign: Campaign;
  /** Shares held (minted 1:1 with the amount invested; refundable 1:1 when the campaign failed). */
  shares: bigint;
  /** Share supply of the campaign. */
  totalSupply: bigint;
  /** Revenue the holder can claim now. */
  claimable: bigint;
}

/** What happened to a holder, one entry per event. */
export type ActivityKind = "invested" | "received" | "sent" | "claimed" | "refunded";

/** One event of a holder's history. */
export interface ActivityEntry {
  kind: ActivityKind;
  campaignId: bigint;
  /** Settlement-token units (shares are 1:1 with what they cost). */
  amount: bigint;
  /** Unix seconds of the block. */
  timestamp: number;
  blockNumber: bigint;
  transactionHash: Hex;
}

/**
 * One campaign's line of a holder's statement: revenue the oracle reported and settled (gross), what reached the
 * holders, and the holder's part of it — accrued (claimed + claimable, exact: accrual survives transfers) and paid.
 */
export interface StatementLine {
  campaignId: bigint;
  /** Gross revenue of the campaign's settled oracle reports. */
  grossReported: bigint;
  /** Revenue credited to all holders (settlements, debt payments, enforced bonds). */
  toHolders: bigint;
  /** The holder's revenue: claimed + claimable. */
  accrued: bigint;
  /** What the holder claimed. */
  paid: bigint;
  claimable: bigint;
}

/** A holder's history and statement. */
export interface Activity {
  /** Newest first. */
  entries: ActivityEntry[];
  /** One line per campaign the holder ever held or was credited in, by id. */
  statement: StatementLine[];
}

/** Where an oracle report stands. */
export type ReportStatus = "challenge" | "awaitingSettlement" | "settled" | "inDebt" | "enforced" | "disputed";

/** An oracle revenue report of a campaign, as the chain recorded it. */
export interface OracleReport {
  reportId: bigint;
  sequence: bigint;
  /** Unix seconds. */
  periodStart: number;
  periodEnd: number;
  grossRevenue: bigint;
  amountDue: bigint;
  statementRoot: Hex;
  /** Unix seconds the challenge window ends. */
  challengeEnd: number;
  status: ReportStatus;
  /** Paid into the campaign's revenue at settlement (0 before). */
  paid: bigint;
  /** Owed by the artist after settlement (0 when paid in full). */
  debt: bigint;
  /** Unix seconds the debt is due, when there is one. */
  dueDate?: number;
}

/** ERC-20 facts the pages need to show amounts. */
export interface TokenInfo {
  symbol: string;
  decimals: number;
}

/** Read access to campaigns and positions, whatever the source. */
export interface CampaignData {
  /** Every campaign, oldest first. */
  campaigns(): Promise<Campaign[]>;
  /** One campaign, or `undefined` when the id does not exist. */
  campaign(id: bigint): Promise<Campaign | undefined>;
  /** The account's positions (campaigns where it holds shares or has revenue to claim). */
  portfolio(account: Address): Promise<Position[]>;
  /** Symbol and decimals of a settlement token. */
  token(address: Address): Promise<TokenInfo>;
  /** A campaign's oracle reports, oldest period first; `now` (chain time) decides which windows are open. */
  reports(campaignId: bigint, now: number): Promise<OracleReport[]>;
  /** The account's history (investments, transfers, claims, refunds) and revenue statement per campaign. */
  activity(account: Address): Promise<Activity>;
  /** The account's balance of a settlement token. */
  balanceOf(token: Address, account: Address): Promise<bigint>;
}
