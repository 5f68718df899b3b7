/**
 * The time-driven work `EncoreAutomation` finds — finalize, settle, enforce, release — asked of the contract itself
 * (`dueTasks` per shard of at most 200 ids, at the follower's confirmed block) for the campaigns and reports the
 * index says are still open, and enqueued as `performUpkeep` batches of at most 14 tasks. Each task has a key per
 * occurrence (`finalize:<id>`, `settle:<id>`, `enforce:<id>`, `release:<id>:<lastReleasedAt>:<released>`), recorded
 * in `keeper_tasks` in the same transaction as the outbox entry, so the same work is enqueued once.
 */
import { createHash } from "node:crypto";
import { encodeAbiParameters, encodeFunctionData, type Chain, type PublicClient, type Transport } from "viem";

import type { ChainContext } from "../chain/client.ts";
import { abis } from "../chain/contracts.ts";
import type { Database, Queryable } from "../db/database.ts";
import { enqueueTransaction } from "../outbox/outbox.ts";

/** `EncoreAutomation.TaskKind`, by name. */
export const TASK_KINDS = ["finalize", "settle", "enforce", "release"] as const;
/** Name of a task kind. */
export type TaskKind = (typeof TASK_KINDS)[number];

/** `EncoreAutomation.MAX_SHARD_SIZE` and `MAX_TASKS`. */
const MAX_SHARD_SIZE = 200n;
const MAX_TASKS = 14;
/** A task whose outbox entry failed is enqueued again, up to this many times in all. */
const MAX_TRIES = 3;

/** A due task, with its occurrence key. */
export interface DueTask {
  kind: TaskKind;
  id: bigint;
  key: string;
}

/** A task the keeper enqueued, and the outbox entry carrying it. */
export interface EnqueuedTask extends DueTask {
  outboxKey: string;
}

/** Campaigns not finished for automation: not finalized, or successful with raised funds left to release. */
async function openCampaignIds(db: Queryable): Promise<bigint[]> {
  const rows = await db.query<{ campaign_id: string }>(
    `SELECT c.campaign_id FROM keeper_campaigns c LEFT JOIN keeper_finalizations f USING (campaign_id)
     WHERE f.campaign_id IS NULL OR (f.success AND f.raised - f.fee >
       coalesce((SELECT max(r.total_released) FROM keeper_releases r WHERE r.campaign_id = c.campaign_id), 0))
     ORDER BY c.campaign_id`,
  );
  return rows.map((row) => BigInt(row.campaign_id));
}

/** Reports waiting for settlement (pending) or enforcement (debt), by their latest event. */
async function openReportIds(db: Queryable): Promise<bigint[]> {
  const rows = await db.query<{ report_id: string }>(
    `SELECT report_id FROM (SELECT DISTINCT ON (report_id) report_id, status FROM keeper_report_events
       ORDER BY report_id, block_number DESC, log_index DESC) AS latest
     WHERE status IN ('pending', 'debt') ORDER BY report_id`,
  );
  return rows.map((row) => BigInt(row.report_id));
}

/** Groups sorted ids into shards `[firstId, firstId + 200)` that each start at an open id. */
export function shardsOf(ids: readonly bigint[]): { firstId: bigint; count: bigint }[] {
  const shards: { firstId: bigint; count: bigint }[] = [];
  for (const id of ids) {
    const last = shards.at(-1);
    if (last === undefined || id >= last.firstId + last.count) shards.push({ firstId: id, count: MAX_SHARD_SIZE });
  }
  return shards;
}

/**
 * Asks `EncoreAutomation.dueTasks` which tasks are due at `blockNumber` for the open campaigns and reports. A shard
 * that returns a full page (14 tasks) is asked again from after its last task, so none is starved.
 */
export async function findDueTasks(db: Queryable, chain: ChainContext, blockNumber: bigint): Promise<DueTask[]> {
  const client = chain.publicClient;
  const automation = chain.deployment.EncoreAutomation;
  const found: { kind: number; id: bigint }[] = [];
  for (const [shardKind, ids] of [
    [0, await openCampaignIds(db)],
    [1, await openReportIds(db)],
  ] as const) {
    for (const shard of shardsOf(ids)) {
      const end = shard.firstId + shard.count;
      let firstId = shard.firstId;
      while (firstId < end) {
        const tasks = await client.readContract({
          address: automation,
          abi: abis.EncoreAutomation,
          functionName: "dueTasks",
          args: [{ kind: shardKind, firstId, count: end - firstId }],
          blockNumber,
        });
        found.push(...tasks);
        if (tasks.length < MAX_TASKS) break;
        firstId = (tasks.at(-1)?.id ?? end) + 1n;
      }
    }
  }
  return Promise.all(found.map(async (task) => withKey(client, chain, task, blockNumber)));
}

/** Gives a task its occurrence key; a release is keyed by the state a release changes. */
async function withKey(
  client: PublicClient<Transport, Chain>,
  chain: ChainContext,
  task: { kind: number; id: bigint },
  blockNumber: bigint,
): Promise<DueTask> {
  const kind = TASK_KINDS[task.kind];
  if (kind !== "release") return { kind, id: task.id, key: `${kind}:${task.id}` };
  const [lastReleasedAt, campaign] = await Promise.all([
    client.readContract({
      address: chain.deployment.EncoreAutomation,
      abi: abis.EncoreAutomation,
      functionName: "lastReleasedAt",
      args: [task.id],
      blockNumber,
    }),
    client.readContract({
      address: chain.deployment.EncoreHub,
      abi: abis.EncoreHub,
      functionName: "campaign",
      args: [task.id],
      blockNumber,
    }),
  ]);
  return { kind, id: task.id, key: `release:${task.id}:${lastReleasedAt}:${campaign.released}` };
}

/**
 * Enqueues the due tasks nobody enqueued yet (or whose entry failed, up to 3 tries) as `performUpkeep` batches.
 *
 * @returns The tasks enqueued now.
 */
export async function enqueueDueTasks(
  db: Database,
  chain: ChainContext,
  due: readonly DueTask[],
): Promise<EnqueuedTask[]> {
  if (due.length === 0) return [];
  const known = await db.query<{ task_key: string; tries: number; status: string | null }>(
    `SELECT t.task_key, t.tries, o.status FROM keeper_tasks t LEFT JOIN outbox_transactions o ON o.key = t.outbox_key
     WHERE t.task_key = ANY($1)`,
    [due.map((task) => task.key)],
  );
  const triesOf = new Map(known.map((row) => [row.task_key, row.status === "failed" ? row.tries : MAX_TRIES]));
  const fresh = due
    .map((task) => ({ task, tries: (triesOf.get(task.key) ?? 0) + 1 }))
    .filter(({ tries }) => tries <= MAX_TRIES);
  const enqueued: EnqueuedTask[] = [];
  for (let start = 0; start < fresh.length; start += MAX_TASKS) {
    const batch = fresh.slice(start, start + MAX_TASKS);
    const digest = createHash("sha256")
      .update(batch.map(({ task, tries }) => `${task.key}#${tries}`).join(","))
      .digest("hex");
    const outboxKey = `keeper:upkeep:${digest.slice(0, 32)}`;
    await db.transaction(async (tx) => {
      await enqueueTransaction(tx, {
        key: outboxKey,
        to: chain.deployment.EncoreAutomation,
        data: performUpkeepData(batch.map(({ task }) => task)),
        label: `keeper: ${batch.map(({ task }) => `${task.kind} ${task.id}`).join(", ")}`,
      });
      for (const { task, tries } of batch) {
        await tx.query(
          `INSERT INTO keeper_tasks (task_key, outbox_key, tries) VALUES ($1, $2, $3)
           ON CONFLICT (task_key) DO UPDATE SET outbox_key = EXCLUDED.outbox_key, tries = EXCLUDED.tries,
             enqueued_at = now()`,
          [task.key, outboxKey, tries],
        );
      }
    });
    enqueued.push(...batch.map(({ task }) => ({ ...task, outboxKey })));
  }
  return enqueued;
}

/** Calldata of `EncoreAutomation.performUpkeep(abi.encode(Task[]))`. */
export function performUpkeepData(tasks: readonly DueTask[]): `0x${string}` {
  const performData = encodeAbiParameters(
    [
      {
        type: "tuple[]",
        components: [
          { name: "kind", type: "uint8" },
          { name: "id", type: "uint256" },
        ],
      },
    ],
    [tasks.map((task) => ({ kind: TASK_KINDS.indexOf(task.kind), id: task.id }))],
  );
  return encodeFunctionData({ abi: abis.EncoreAutomation, functionName: "performUpkeep", args: [performData] });
}
