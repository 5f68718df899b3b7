/**
 * Picks the dApp's data source from the runtime config: direct chain reads (the local default), or — when a
 * `subgraphUrl` is configured — the subgraph with a per-call fallback to the chain. The subgraph code is loaded
 * only in that case, so chain mode ships none of it.
 */
import { createPublicClient, http } from "viem";

import type { RuntimeConfig } from "../config/runtime.ts";
import type { CampaignData } from "./CampaignData.ts";
import { createChainData } from "./chainData.ts";
import { createSourceStatus, type SourceStatusStore } from "./sourceStatus.ts";

/** The data source and where its reads come from. */
export interface DataSource {
  data: CampaignData;
  status: SourceStatusStore;
}

/** Builds the data source for `runtime`. */
export async function createDataSource(runtime: RuntimeConfig): Promise<DataSource> {
  const client = createPublicClient({ transport: http(runtime.rpcUrl) });
  const chain = createChainData(client, runtime.contracts);
  if (runtime.subgraphUrl === undefined) {
    return { data: chain, status: createSourceStatus({ source: "chain", reason: "unconfigured" }) };
  }
  const [{ createSubgraphData }, { createFallbackData }] = await Promise.all([
    import("./subgraphData.ts"),
    import("./fallbackData.ts"),
  ]);
  const subgraph = createSubgraphData(runtime.subgraphUrl, { client, hub: runtime.contracts.EncoreHub, chain });
  const status = createSourceStatus({ source: "pending" });
  const data = createFallbackData(subgraph, chain, {
    chainHead: () => client.getBlockNumber({ cacheTime: 1_000 }),
    status,
    maxLagBlocks: runtime.subgraphMaxLagBlocks,
  });
  return { data, status };
}
