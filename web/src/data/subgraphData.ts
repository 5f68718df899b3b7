/// <reference types="vite/client" />
/**
 * {@link CampaignData} read from the Encore subgraph: plain `fetch` POSTs of the operations in
 * `subgraph/queries/*.graphql` (imported as raw text, so the subgraph's query validation covers exactly what the
 * dApp sends). Lists are paged with id cursors (`campaignId_gt`, `id_gt`) or `skip`, so any number of campaigns or
 * positions is read.
 *
 * The subgraph indexes events; what it does not hold is read from the chain:
 * - `claimable` (revenue a holder can claim now: per-share accounting inside the hub, not evented per holder) — one
 *   multicall per portfolio or activity, for the campaigns involved;
 * - token symbol/decimals and wallet balances — the chain implementation's `token` and `balanceOf`.
 * The time-based `Ended` state (no event) is derived from `shareEnd` and `payoutCapReached` at the time of the last
 * indexed block.
 */
import type { Address, Hex, PublicClient } from "viem";
import { getAddress, zeroAddress } from "viem";

import campaignDocument from "../../../subgraph/queries/campaign.graphql?raw";
import campaignsDocument from "../../../subgraph/queries/campaigns.graphql?raw";
import historyDocument from "../../../subgraph/queries/history.graphql?raw";
import portfolioDocument from "../../../subgraph/queries/portfolio.graphql?raw";
import { buildActivity, entryCampaignIds, type CampaignRevenue, type LocatedEntry } from "./activityStatement.ts";
import type {
  ActivityKind,
  Campaign,
  CampaignData,
  CampaignState,
  OracleReport,
  Position,
  ReportStatus,
} from "./CampaignData.ts";
import { readClaimable } from "./chainClaimable.ts";
import { parseMetadata } from "./metadata.ts";

/** Why a subgraph request failed. */
export type SubgraphFailure = "unreachable" | "timeout" | "http" | "graphql";

/** A failed subgraph request. */
export class SubgraphError extends Error {
  /** What went wrong. */
  readonly failure: SubgraphFailure;

  constructor(failure: SubgraphFailure, message: string) {
    super(message);
    this.name = "SubgraphError";
    this.failure = failure;
  }
}

/** The last block the subgraph indexed. */
export interface IndexedBlock {
  number: bigint;
  /** Unix seconds. */
  timestamp: number;
}

/** The subgraph implementation, plus the indexing head the fallback compares with the chain. */
export interface SubgraphData extends CampaignData {
  /** The last indexed block (cached for `metaTtlMs`, so one data call and its lag check share one request). */
  indexedBlock(): Promise<IndexedBlock>;
}

/** Options of {@link createSubgraphData}. */
export interface SubgraphDataOptions {
  /** Chain client for what the subgraph does not index (claimable amounts). */
  client: PublicClient;
  /** `EncoreHub` address (claimable amounts). */
  hub: Address;
  /** Chain implementation: token facts and wallet balances are read through it. */
  chain: Pick<CampaignData, "token" | "balanceOf">;
  /** Abort a request after this many milliseconds (default 5,000). */
  timeoutMs?: number;
  /** Page size of list queries (default 1,000, graph-node's largest `first`). */
  pageSize?: number;
  /** How long an `_meta` answer is reused (default 1,000 ms). */
  metaTtlMs?: number;
}

/** A campaign as `CampaignCard` selects it (BigInt and Bytes as strings). */
interface CampaignCard {
  id: string;
  campaignId: string;
  metadataURI: string;
  state: "Funding" | "Failed" | "Active";
  token: string;
  compliance: string | null;
  goal: string;
  hardCap: string;
  raised: string;
  shareSupply: string;
  minInvestment: string;
  maxPerInvestor: string;
  payoutCap: string;
  payoutCapReached: boolean;
  paidToHolders: string;
  fundingDeadline: string;
  shareDuration: string;
  shareEnd: string | null;
  vestingDuration: string;
  initialBond: string;
  revenueShareBps: number;
  feeBps: number;
  termsHash: string;
  artist: { id: string };
}

/** A report as `CampaignDetail` selects it. */
interface ReportRow {
  reportId: string;
  sequence: string;
  periodStart: string;
  periodEnd: string;
  grossRevenue: string;
  amountDue: string;
  statementRoot: string;
  challengeEnd: string;
  status: "Pending" | "Disputed" | "Settled" | "Debt" | "Enforced" | "Paid";
  disputed: boolean;
  settled: boolean;
  paidAtSettlement: string | null;
  debtAtSettlement: string | null;
  debt: { dueDate: string; payments: { toHolders: string }[] } | null;
  enforcement: { id: string } | null;
}

/** An event record of `AccountHistory`. */
interface HistoryRow {
  id: string;
  amount: string;
  timestamp: string;
  blockNumber: string;
  transactionHash: string;
  campaign: { id: string };
}

interface HistoryPage {
  investments: HistoryRow[];
  refunds: (HistoryRow & { status: "Paid" | "Skipped" })[];
  claims: HistoryRow[];
  shareTransfers: (Omit<HistoryRow, "amount"> & {
    kind: "Mint" | "Burn" | "Transfer" | "SelfTransfer";
    value: string;
    from: { id: string } | null;
    to: { id: string } | null;
  })[];
}

/** Which document holds each operation the dApp sends. */
const DOCUMENTS = {
  Campaigns: campaignsDocument,
  CampaignDetail: campaignDocument,
  AccountPositions: portfolioDocument,
  AccountHistory: historyDocument,
  CampaignStatements: historyDocument,
  IndexingStatus: historyDocument,
} as const;

/** An operation of {@link DOCUMENTS}. */
export type OperationName = keyof typeof DOCUMENTS;

/** The log index of an event record id (`<txHash>-<logIndex>[-<item>]`). */
function logIndexOf(id: string): number {
  return Number(id.split("-")[1] ?? 0);
}

/**
 * The state the hub's `campaign` view reports: events give Funding/Failed/Active; an Active campaign is `Ended`
 * once its share window closed or its payout cap was reached (`EncoreHub._state`).
 */
function campaignState(row: CampaignCard, now: number): CampaignState {
  if (row.state !== "Active") return row.state;
  const windowClosed = row.shareEnd !== null && now >= Number(row.shareEnd);
  return windowClosed || row.payoutCapReached ? "Ended" : "Active";
}

function toCampaign(row: CampaignCard, now: number): Campaign {
  const { terms, ...metadata } = parseMetadata(row.metadataURI);
  const artist = getAddress(row.artist.id);
  const token = getAddress(row.token);
  const numbers = {
    goal: BigInt(row.goal),
    hardCap: BigInt(row.hardCap),
    minInvestment: BigInt(row.minInvestment),
    maxPerInvestor: BigInt(row.maxPerInvestor),
    payoutCap: BigInt(row.payoutCap),
    revenueShareBps: row.revenueShareBps,
  };
  return {
    id: BigInt(row.campaignId),
    ...metadata,
    artist,
    token,
    compliance: row.compliance === null ? zeroAddress : getAddress(row.compliance),
    state: campaignState(row, now),
    ...numbers,
    raised: BigInt(row.raised),
    paidToHolders: BigInt(row.paidToHolders),
    fundingDeadline: Number(row.fundingDeadline),
    shareDuration: Number(row.shareDuration),
    termsHash: row.termsHash as Hex,
    termsSource:
      terms === undefined
        ? undefined
        : {
            document: terms,
            artist,
            token,
            ...numbers,
            fundingDeadline: BigInt(row.fundingDeadline),
            shareDuration: BigInt(row.shareDuration),
            vestingDuration: BigInt(row.vestingDuration),
            bond: BigInt(row.initialBond),
            feeBps: row.feeBps,
          },
  };
}

/** Where a report stands, as the chain implementation derives it from the oracle's logs. */
function reportStatus(row: ReportRow, debt: bigint, now: number): ReportStatus {
  if (row.disputed) return "disputed";
  if (row.status === "Paid") return "settled";
  if (row.enforcement !== null) return "enforced";
  if (row.settled) return debt > 0n ? "inDebt" : "settled";
  return Number(row.challengeEnd) > now ? "challenge" : "awaitingSettlement";
}

function toReport(row: ReportRow, now: number): OracleReport {
  const repaid = (row.debt?.payments ?? []).reduce((total, payment) => total + BigInt(payment.toHolders), 0n);
  const owed = BigInt(row.debtAtSettlement ?? "0") - repaid;
  const debt = row.settled && row.status !== "Paid" && owed > 0n ? owed : 0n;
  return {
    reportId: BigInt(row.reportId),
    sequence: BigInt(row.sequence),
    periodStart: Number(row.periodStart),
    periodEnd: Number(row.periodEnd),
    grossRevenue: BigInt(row.grossRevenue),
    amountDue: BigInt(row.amountDue),
    statementRoot: row.statementRoot as Hex,
    challengeEnd: Number(row.challengeEnd),
    status: reportStatus(row, debt, now),
    paid: BigInt(row.paidAtSettlement ?? "0") + repaid,
    debt,
    dueDate: row.debt === null ? undefined : Number(row.debt.dueDate),
  };
}

/**
 * Builds the subgraph implementation.
 *
 * @param url - The subgraph's GraphQL endpoint (graph-node: `…/subgraphs/name/<name>`).
 */
export function createSubgraphData(url: string, options: SubgraphDataOptions): SubgraphData {
  const { client, hub, chain, timeoutMs = 5_000, pageSize = 1_000, metaTtlMs = 1_000 } = options;

  /** Sends one operation; throws a {@link SubgraphError} on any failure, GraphQL `errors` included. */
  async function request<T>(operationName: OperationName, variables: Record<string, unknown>): Promise<T> {
    let response: Response;
    try {
      response = await fetch(url, {
        method: "POST",
        headers: { "content-type": "application/json", accept: "application/json" },
        body: JSON.stringify({ query: DOCUMENTS[operationName], operationName, variables }),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      const timedOut = error instanceof DOMException && error.name === "TimeoutError";
      const message = error instanceof Error ? error.message : String(error);
      throw new SubgraphError(timedOut ? "timeout" : "unreachable", `${operationName}: ${message}`);
    }
    if (!response.ok) throw new SubgraphError("http", `${operationName}: HTTP ${response.status}`);
    const body = (await response.json()) as { data?: T | null; errors?: { message: string }[] };
    if (body.errors !== undefined && body.errors.length > 0) {
      throw new SubgraphError("graphql", `${operationName}: ${body.errors.map((e) => e.message).join("; ")}`);
    }
    if (body.data === undefined || body.data === null) throw new SubgraphError("graphql", `${operationName}: no data`);
    return body.data;
  }

  /** Every item of a list read page by page until a short page. */
  async function allPages<T>(page: (after: T | undefined) => Promise<T[]>): Promise<T[]> {
    const items: T[] = [];
    for (;;) {
      const next = await page(items.at(-1));
      items.push(...next);
      if (next.length < pageSize) return items;
    }
  }

  let meta: { at: number; block: Promise<IndexedBlock> } | undefined;
  function indexedBlock(): Promise<IndexedBlock> {
    if (meta !== undefined && Date.now() - meta.at < metaTtlMs) return meta.block;
    const block = request<{ _meta: { block: { number: number; timestamp: number | null } } }>(
      "IndexingStatus",
      {},
    ).then(({ _meta }) => ({ number: BigInt(_meta.block.number), timestamp: _meta.block.timestamp ?? 0 }));
    meta = { at: Date.now(), block };
    block.catch(() => (meta = undefined));
    return block;
  }

  /** Campaigns matching `where`, ascending by id, every page. */
  async function campaignRows(where: Record<string, unknown>): Promise<CampaignCard[]> {
    return allPages(async (last) => {
      const { campaigns } = await request<{ campaigns: CampaignCard[] }>("Campaigns", {
        where: { ...where, campaignId_gt: last?.campaignId ?? "-1" },
        orderBy: "campaignId",
        orderDirection: "asc",
        first: pageSize,
        skip: 0,
      });
      return campaigns;
    });
  }

  async function readCampaigns(where: Record<string, unknown>): Promise<Campaign[]> {
    const [rows, head] = await Promise.all([campaignRows(where), indexedBlock()]);
    return rows.map((row) => toCampaign(row, head.timestamp));
  }

  /** Revenue of each campaign: credited to holders, and the gross of its settled reports. */
  async function campaignRevenue(ids: bigint[]): Promise<Map<bigint, CampaignRevenue>> {
    if (ids.length === 0) return new Map();
    type Row = { id: string; campaignId: string; revenueToHolders: string; reports: { grossRevenue: string }[] };
    const rows = await allPages<Row>(async (last) => {
      const { campaigns } = await request<{ campaigns: Row[] }>("CampaignStatements", {
        ids: ids.map(String),
        after: last?.campaignId ?? "-1",
        first: pageSize,
      });
      return campaigns;
    });
    return new Map(
      rows.map((row) => [
        BigInt(row.campaignId),
        {
          toHolders: BigInt(row.revenueToHolders),
          grossReported: row.reports.reduce((total, report) => total + BigInt(report.grossRevenue), 0n),
        },
      ]),
    );
  }

  /** Every event record of an account's history, paged with `skip` (all four lists advance together). */
  async function history(account: Address): Promise<HistoryPage> {
    const all: HistoryPage = { investments: [], refunds: [], claims: [], shareTransfers: [] };
    for (let skip = 0; ; skip += pageSize) {
      const page = await request<HistoryPage>("AccountHistory", {
        account: account.toLowerCase(),
        first: pageSize,
        skip,
      });
      all.investments.push(...page.investments);
      all.refunds.push(...page.refunds);
      all.claims.push(...page.claims);
      all.shareTransfers.push(...page.shareTransfers);
      const longest = Math.max(...Object.values(page).map((list: unknown[]) => list.length));
      if (longest < pageSize) return all;
    }
  }

  return {
    indexedBlock,

    campaigns: () => readCampaigns({}),

    async campaign(id) {
      return (await readCampaigns({ id: String(id) }))[0];
    },

    async portfolio(account) {
      type Row = { id: string; shares: string; campaign: { id: string } };
      const rows = await allPages<Row>(async (last) => {
        const { positions } = await request<{ positions: Row[] }>("AccountPositions", {
          accountRef: account.toLowerCase(),
          after: last?.id ?? "",
          first: pageSize,
        });
        return positions;
      });
      if (rows.length === 0) return [];
      const ids = rows.map((row) => BigInt(row.campaign.id));
      const [campaigns, claimable, head] = await Promise.all([
        campaignRows({ id_in: ids.map(String) }),
        readClaimable(client, hub, ids, account),
        indexedBlock(),
      ]);
      const byId = new Map(campaigns.map((row) => [row.id, row]));
      const positions: Position[] = [];
      rows.forEach((row, index) => {
        const campaign = byId.get(row.campaign.id);
        const shares = BigInt(row.shares);
        if (campaign === undefined || (shares === 0n && claimable[index] === 0n)) return;
        positions.push({
          campaign: toCampaign(campaign, head.timestamp),
          shares,
          totalSupply: BigInt(campaign.shareSupply),
          claimable: claimable[index],
        });
      });
      return positions.sort((a, b) => (a.campaign.id < b.campaign.id ? -1 : 1));
    },

    token: (address) => chain.token(address),

    balanceOf: (token, account) => chain.balanceOf(token, account),

    async reports(campaignId, now) {
      const { campaign } = await request<{ campaign: { reports: ReportRow[] } | null }>("CampaignDetail", {
        id: String(campaignId),
        reports: 1_000,
        days: 0,
      });
      // Oldest period first; equal periods in report-id order, as the chain implementation lists them.
      return (campaign?.reports ?? [])
        .map((row) => toReport(row, now))
        .sort((a, b) => a.periodStart - b.periodStart || (a.reportId < b.reportId ? -1 : 1));
    },

    async activity(account) {
      const page = await history(account);
      const me = account.toLowerCase();
      const entry = (kind: ActivityKind, row: Omit<HistoryRow, "amount">, amount: string): LocatedEntry => ({
        kind,
        campaignId: BigInt(row.campaign.id),
        amount: BigInt(amount),
        timestamp: Number(row.timestamp),
        blockNumber: BigInt(row.blockNumber),
        transactionHash: row.transactionHash as Hex,
        logIndex: logIndexOf(row.id),
      });
      const transfers = page.shareTransfers.filter((row) => row.kind === "Transfer" || row.kind === "SelfTransfer");
      // Same order as the chain implementation before its stable sort: a self-transfer is "sent" then "received".
      const located: LocatedEntry[] = [
        ...page.investments.map((row) => entry("invested", row, row.amount)),
        ...page.claims.map((row) => entry("claimed", row, row.amount)),
        ...page.refunds.filter((row) => row.status === "Paid").map((row) => entry("refunded", row, row.amount)),
        ...transfers.filter((row) => row.from?.id === me).map((row) => entry("sent", row, row.value)),
        ...transfers.filter((row) => row.to?.id === me).map((row) => entry("received", row, row.value)),
      ];
      const ids = entryCampaignIds(located);
      const [revenue, claimable] = await Promise.all([campaignRevenue(ids), readClaimable(client, hub, ids, account)]);
      return buildActivity(located, revenue, claimable);
    },
  };
}
