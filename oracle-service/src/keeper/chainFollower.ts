/**
 * Follows the chain from a persisted cursor (`chain_cursors`) up to `head − confirmations`, in bounded block ranges,
 * storing the followed events together with the cursor in one transaction per range. Before advancing it checks that
 * the cursor's block is still canonical; if not, it finds the fork point among recent checkpoints, deletes the rows
 * indexed above it and follows again from there.
 */
import { BlockNotFoundError, type Address, type Chain, type Hash, type PublicClient, type Transport } from "viem";

import type { Database, Queryable } from "../db/database.ts";
import { FOLLOWED_EVENTS, rollBackAbove, storeLogs, type FollowedLog } from "./indexedEvents.ts";

/** Checkpoints kept per follower to find a fork point (deeper reorganisations re-index from the start). */
const CHECKPOINTS_KEPT = 256;

/** Settings of {@link followChain}. */
export interface FollowSettings {
  db: Database;
  client: PublicClient<Transport, Chain>;
  /** Name of the cursor row. */
  cursorName: string;
  /** Contracts whose logs are followed. */
  addresses: Address[];
  confirmations: number;
  /** First block to index when there is no cursor yet (e.g. the deployment block). */
  startBlock: bigint;
  /** Largest block range per `eth_getLogs` (default 2,000). */
  maxBlocksPerQuery: number;
  /** Most ranges per call, so one call stays short while catching up (default 25). */
  maxQueriesPerCall: number;
}

/** What one {@link followChain} call did. */
export interface FollowResult {
  /** The block range indexed now (inclusive), with the number of events stored. */
  indexed?: { fromBlock: bigint; toBlock: bigint; events: number };
  /** A reorganisation was found: rows above `forkBlock` were deleted; the cursor had been at `staleBlock`. */
  reorg?: { forkBlock: bigint; staleBlock: bigint };
  /** The cursor afterwards (undefined before the first indexed range). */
  cursor?: bigint;
  /** True when the cursor reached `head − confirmations`. */
  caughtUp: boolean;
}

interface Cursor {
  number: bigint;
  hash: Hash;
}

/** The follower's cursor, if it has indexed anything. */
export async function readCursor(db: Queryable, name: string): Promise<Cursor | undefined> {
  const [row] = await db.query<{ block_number: bigint; block_hash: Hash }>(
    "SELECT block_number, block_hash FROM chain_cursors WHERE name = $1",
    [name],
  );
  return row === undefined ? undefined : { number: row.block_number, hash: row.block_hash };
}

/** Indexes what is new (and confirmed) since the cursor; rolls back first after a reorganisation. */
export async function followChain(settings: FollowSettings): Promise<FollowResult> {
  const { db, client } = settings;
  let cursor = await readCursor(db, settings.cursorName);
  let reorg: FollowResult["reorg"];
  if (cursor !== undefined && (await blockHash(client, cursor.number)) !== cursor.hash) {
    const fork = await findForkPoint(settings);
    await db.transaction(async (tx) => {
      await rollBackAbove(tx, fork?.number ?? settings.startBlock - 1n);
      await tx.query("DELETE FROM chain_checkpoints WHERE cursor_name = $1 AND block_number > $2", [
        settings.cursorName,
        fork?.number ?? -1n,
      ]);
      if (fork === undefined) await tx.query("DELETE FROM chain_cursors WHERE name = $1", [settings.cursorName]);
      else await saveCursor(tx, settings.cursorName, fork);
    });
    reorg = { forkBlock: fork?.number ?? settings.startBlock - 1n, staleBlock: cursor.number };
    cursor = fork;
  }

  const target = (await client.getBlockNumber({ cacheTime: 0 })) - BigInt(settings.confirmations);
  let next = cursor === undefined ? settings.startBlock : cursor.number + 1n;
  const firstBlock = next;
  let events = 0;
  for (let query = 0; query < settings.maxQueriesPerCall && next <= target; query++) {
    const rangeEnd = next + BigInt(settings.maxBlocksPerQuery) - 1n;
    const last = rangeEnd < target ? rangeEnd : target;
    const [first, end] = await Promise.all([
      client.getBlock({ blockNumber: next }),
      client.getBlock({ blockNumber: last }),
    ]);
    // The range must continue the indexed chain, and must not change while its logs are read.
    if (cursor !== undefined && first.parentHash !== cursor.hash) break;
    const logs = (await client.getLogs({
      address: settings.addresses,
      events: FOLLOWED_EVENTS,
      fromBlock: next,
      toBlock: last,
      strict: true,
    })) as unknown as FollowedLog[];
    if ((await blockHash(client, last)) !== end.hash) break;
    const reached: Cursor = { number: last, hash: end.hash };
    events += await db.transaction(async (tx) => {
      const stored = await storeLogs(tx, logs);
      await saveCursor(tx, settings.cursorName, reached);
      return stored;
    });
    cursor = reached;
    next = last + 1n;
  }
  return {
    indexed: next > firstBlock ? { fromBlock: firstBlock, toBlock: next - 1n, events } : undefined,
    reorg,
    cursor: cursor?.number,
    caughtUp: next > target,
  };
}

/** Saves the cursor and a checkpoint of it; prunes old checkpoints. */
async function saveCursor(tx: Queryable, name: string, cursor: Cursor): Promise<void> {
  await tx.query(
    `INSERT INTO chain_cursors (name, block_number, block_hash) VALUES ($1, $2, $3)
     ON CONFLICT (name) DO UPDATE SET block_number = EXCLUDED.block_number, block_hash = EXCLUDED.block_hash,
       updated_at = now()`,
    [name, cursor.number, cursor.hash],
  );
  await tx.query(
    `INSERT INTO chain_checkpoints (cursor_name, block_number, block_hash) VALUES ($1, $2, $3)
     ON CONFLICT (cursor_name, block_number) DO UPDATE SET block_hash = EXCLUDED.block_hash`,
    [name, cursor.number, cursor.hash],
  );
  await tx.query(
    `DELETE FROM chain_checkpoints WHERE cursor_name = $1 AND block_number < (
       SELECT min(block_number) FROM (SELECT block_number FROM chain_checkpoints WHERE cursor_name = $1
         ORDER BY block_number DESC LIMIT $2) AS kept)`,
    [name, CHECKPOINTS_KEPT],
  );
}

/** The newest checkpoint still on the canonical chain, or undefined when none is. */
async function findForkPoint(settings: FollowSettings): Promise<Cursor | undefined> {
  const checkpoints = await settings.db.query<{ block_number: bigint; block_hash: Hash }>(
    "SELECT block_number, block_hash FROM chain_checkpoints WHERE cursor_name = $1 ORDER BY block_number DESC",
    [settings.cursorName],
  );
  for (const checkpoint of checkpoints) {
    if ((await blockHash(settings.client, checkpoint.block_number)) === checkpoint.block_hash) {
      return { number: checkpoint.block_number, hash: checkpoint.block_hash };
    }
  }
  return undefined;
}

/**
 * Hash of canonical block `number`, or undefined when the chain is shorter (after a reorganisation to a shorter
 * chain). Any other error (the node is unreachable) is thrown: it must never look like a reorganisation.
 */
async function blockHash(client: PublicClient<Transport, Chain>, number: bigint): Promise<Hash | undefined> {
  try {
    return (await client.getBlock({ blockNumber: number })).hash;
  } catch (error) {
    if (error instanceof BlockNotFoundError) return undefined;
    throw error;
  }
}
