/**
 * What `GET /health` reports: the database, the chain (reachable, head block), the outbox (counts, age of the oldest
 * open entry) and the keeper (cursor, lag behind the head). The status is `degraded` when the database or the chain
 * does not answer or the keeper lags more than `ENCORE_HEALTH_MAX_KEEPER_LAG` blocks; `problems` says which.
 */
import Type, { type Static } from "typebox";

import type { ServiceContext } from "../api/context.ts";
import { chainHead, databaseOk, readKeeperStatus, readOutboxStatus } from "./status.ts";

/** The `/health` answer (the first four fields are the original contract; the rest were added). */
export const HealthBody = Type.Object({
  status: Type.Union([Type.Literal("ok"), Type.Literal("degraded")]),
  database: Type.Object({ engine: Type.String(), ok: Type.Boolean() }),
  chain: Type.Object({
    chainId: Type.Integer(),
    ok: Type.Boolean({ description: "the node answered" }),
    blockNumber: Type.Optional(Type.String({ description: "head block, decimal" })),
  }),
  operator: Type.String({ description: "this operator's address" }),
  outbox: Type.Optional(
    Type.Object({
      queued: Type.Integer(),
      signed: Type.Integer(),
      mined: Type.Integer(),
      confirmed: Type.Integer(),
      failed: Type.Integer(),
      oldestOpenAgeSeconds: Type.Number({ description: "age of the oldest queued/signed/mined entry (0 = none)" }),
    }),
  ),
  keeper: Type.Optional(
    Type.Object({
      cursorBlock: Type.Union([Type.String(), Type.Null()], { description: "last indexed block (null: none yet)" }),
      lagBlocks: Type.Union([Type.String(), Type.Null()], { description: "head − cursor (null: head unknown)" }),
    }),
  ),
  problems: Type.Optional(Type.Array(Type.String(), { description: "why the status is degraded" })),
});

/** The `/health` answer as a value. */
export type Health = Static<typeof HealthBody>;

/** Takes every reading of `/health`; never throws (a failed reading is a problem in the answer). */
export async function readHealth(context: ServiceContext): Promise<Health> {
  const problems: string[] = [];
  const [database, head] = await Promise.all([databaseOk(context.db), chainHead(context)]);
  if (!database) problems.push("database: does not answer");
  if (head === undefined) problems.push("chain: the node does not answer");
  const health: Health = {
    status: "ok",
    database: { engine: context.db.engine, ok: database },
    chain: { chainId: context.chain.chain.id, ok: head !== undefined, blockNumber: head?.toString() },
    operator: context.chain.account.address,
  };
  if (database) {
    try {
      const [outbox, keeper] = await Promise.all([readOutboxStatus(context.db), readKeeperStatus(context.db, head)]);
      health.outbox = { ...outbox.counts, oldestOpenAgeSeconds: Math.round(outbox.oldestOpenAgeSeconds) };
      health.keeper = {
        cursorBlock: keeper.cursorBlock?.toString() ?? null,
        lagBlocks: keeper.lagBlocks?.toString() ?? null,
      };
      const maxLag = BigInt(context.config.monitoring.maxKeeperLagBlocks);
      if (keeper.lagBlocks !== undefined && keeper.cursorBlock !== undefined && keeper.lagBlocks > maxLag) {
        problems.push(`keeper: ${keeper.lagBlocks} blocks behind the chain head (more than ${maxLag})`);
      }
    } catch (error) {
      problems.push(`database: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  if (problems.length > 0) {
    health.status = "degraded";
    health.problems = problems;
  }
  return health;
}
