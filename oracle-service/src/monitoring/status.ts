/**
 * The readings health, metrics and the operator overview share: is the database answering, the chain head, the
 * outbox (counts per status, age of the oldest open entry), the keeper (cursor, lag behind the head) and the
 * treasury's stablecoin balance. Each reading is one or two cheap queries; none throws for an unreachable chain
 * (it says so instead).
 */
import { erc20Abi, type Address } from "viem";

import type { ServiceContext } from "../api/context.ts";
import type { Queryable } from "../db/database.ts";
import { KEEPER_CURSOR } from "../keeper/keeper.ts";
import { outboxCounts, type OutboxStatus } from "../outbox/outboxStore.ts";

/** Outbox statuses still in progress. */
export const OPEN_OUTBOX_STATUSES: readonly OutboxStatus[] = ["queued", "signed", "mined"];

/** Whether the database answers a trivial query. */
export async function databaseOk(db: Queryable): Promise<boolean> {
  return db
    .query("SELECT 1")
    .then(() => true)
    .catch(() => false);
}

/** The chain's latest block number, or undefined when the node does not answer. */
export async function chainHead(context: Pick<ServiceContext, "chain">): Promise<bigint | undefined> {
  return context.chain.publicClient.getBlockNumber({ cacheTime: 0 }).catch(() => undefined);
}

/** The outbox at a glance. */
export interface OutboxStatusReading {
  counts: Record<OutboxStatus, number>;
  /** Entries not final yet (queued + signed + mined). */
  open: number;
  /** Age of the oldest open entry in seconds (0 when none is open). */
  oldestOpenAgeSeconds: number;
}

/** Reads the outbox counts and the age of its oldest open entry. */
export async function readOutboxStatus(db: Queryable, now: Date = new Date()): Promise<OutboxStatusReading> {
  const counts = await outboxCounts(db);
  const [oldest] = await db.query<{ created_at: Date | null }>(
    "SELECT min(created_at) AS created_at FROM outbox_transactions WHERE status IN ('queued', 'signed', 'mined')",
  );
  const since = oldest?.created_at ?? undefined;
  return {
    counts,
    open: OPEN_OUTBOX_STATUSES.reduce((sum, status) => sum + counts[status], 0),
    oldestOpenAgeSeconds: since === undefined ? 0 : Math.max(0, (now.getTime() - since.getTime()) / 1_000),
  };
}

/** How far the keeper has followed the chain. */
export interface KeeperStatusReading {
  /** Last block the keeper indexed; undefined before its first round. */
  cursorBlock?: bigint;
  /** When the cursor last moved. */
  cursorUpdatedAt?: Date;
  /** Chain head; undefined when the node does not answer. */
  headBlock?: bigint;
  /** head − cursor (the whole head before the first round); undefined when the head is unknown. */
  lagBlocks?: bigint;
}

/** Reads the keeper's cursor and its lag behind `head`. */
export async function readKeeperStatus(db: Queryable, head: bigint | undefined): Promise<KeeperStatusReading> {
  const [row] = await db.query<{ block_number: bigint; updated_at: Date }>(
    "SELECT block_number, updated_at FROM chain_cursors WHERE name = $1",
    [KEEPER_CURSOR],
  );
  const cursorBlock = row?.block_number;
  const lag = head === undefined ? undefined : head - (cursorBlock ?? 0n);
  return {
    cursorBlock,
    cursorUpdatedAt: row?.updated_at,
    headBlock: head,
    lagBlocks: lag === undefined ? undefined : lag < 0n ? 0n : lag,
  };
}

/** The treasury account and the stablecoin whose balance is watched. */
export interface TreasuryTarget {
  token: Address;
  holder: Address;
}

/** Which token and holder the treasury balance is read for, or undefined when no stablecoin is known. */
export function treasuryTarget(context: Pick<ServiceContext, "config" | "chain">): TreasuryTarget | undefined {
  const deployment = context.chain.deployment as Partial<Record<string, Address>> | undefined;
  const token = context.config.monitoring.treasuryToken ?? deployment?.MockStablecoin;
  if (token === undefined) return undefined;
  return { token, holder: context.config.monitoring.treasuryAddress ?? context.chain.account.address };
}

/** The treasury's stablecoin balance in token units, or undefined when unknown or unreadable. */
export async function readTreasuryBalance(
  context: Pick<ServiceContext, "config" | "chain">,
): Promise<(TreasuryTarget & { balance: bigint }) | undefined> {
  const target = treasuryTarget(context);
  if (target === undefined) return undefined;
  const balance = await context.chain.publicClient
    .readContract({ address: target.token, abi: erc20Abi, functionName: "balanceOf", args: [target.holder] })
    .catch(() => undefined);
  return balance === undefined ? undefined : { ...target, balance };
}
