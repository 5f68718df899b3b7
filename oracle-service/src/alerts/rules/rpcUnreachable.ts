/**
 * `rpc_unreachable`: the chain's JSON-RPC endpoint does not answer, or its latest block is older than
 * `ENCORE_RPC_STALE_SECONDS` (the node stopped following the chain). One key, `rpc`, for both, so a node that goes
 * from down to stale stays one alert. Resolves when a fresh head is read again.
 */
import type { AlertRule } from "../alertRule.ts";

/** Longest wait for the node's answer. */
const RPC_TIMEOUT_MS = 10_000;

/** The rule; `now` is injectable for tests. */
export function rpcUnreachableRule(options: { now?: () => Date } = {}): AlertRule {
  return {
    id: "rpc_unreachable",
    description: "the JSON-RPC node does not answer, or its head block is older than ENCORE_RPC_STALE_SECONDS",
    async evaluate({ chain, config }) {
      const host = new URL(config.rpcUrl).host;
      let block: { number: bigint; timestamp: bigint };
      try {
        let timer: NodeJS.Timeout | undefined;
        block = await Promise.race([
          chain.publicClient.getBlock({ blockTag: "latest" }),
          new Promise<never>((_, reject) => {
            timer = setTimeout(() => reject(new Error(`no answer within ${RPC_TIMEOUT_MS} ms`)), RPC_TIMEOUT_MS);
          }),
        ]).finally(() => clearTimeout(timer));
      } catch (error) {
        const message = String((error as Error)?.message ?? error)
          .split("\n")[0]
          .slice(0, 200);
        return [
          {
            key: "rpc",
            severity: "critical",
            summary: `RPC node ${host} is unreachable`,
            details: { rpc: host, error: message },
          },
        ];
      }
      const now = BigInt(Math.floor((options.now?.() ?? new Date()).getTime() / 1000));
      const age = now - block.timestamp;
      const stale = BigInt(config.notifications.rpcStaleSeconds);
      if (age <= stale) return [];
      return [
        {
          key: "rpc",
          severity: "critical",
          summary: `RPC node ${host} is stale: head block ${block.number} is ${age} s old`,
          details: {
            rpc: host,
            headBlock: block.number.toString(),
            ageSeconds: age.toString(),
            limit: stale.toString(),
          },
        },
      ];
    },
  };
}
