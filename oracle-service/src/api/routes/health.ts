/** `GET /health`: liveness plus the database and chain as this instance sees them. */
import Type from "typebox";

import type { App, ServiceContext } from "../context.ts";

const Health = Type.Object({
  status: Type.Union([Type.Literal("ok"), Type.Literal("degraded")]),
  database: Type.Object({ engine: Type.String(), ok: Type.Boolean() }),
  chain: Type.Object({ chainId: Type.Integer(), ok: Type.Boolean(), blockNumber: Type.Optional(Type.String()) }),
  operator: Type.String({ description: "this operator's address" }),
});

/** Registers the health route. */
export function healthRoutes(app: App, context: ServiceContext): void {
  app.get(
    "/health",
    { schema: { tags: ["service"], summary: "Liveness, database and chain status", response: { 200: Health } } },
    async () => {
      const database = await context.db
        .query("SELECT 1")
        .then(() => true)
        .catch(() => false);
      const blockNumber = await context.chain.publicClient.getBlockNumber().catch(() => undefined);
      return {
        status: database && blockNumber !== undefined ? ("ok" as const) : ("degraded" as const),
        database: { engine: context.db.engine, ok: database },
        chain: { chainId: context.chain.chain.id, ok: blockNumber !== undefined, blockNumber: blockNumber?.toString() },
        operator: context.chain.account.address,
      };
    },
  );
}
