/**
 * {@link CampaignData} that reads from the subgraph and falls back to the chain per call: when the subgraph request
 * fails (unreachable, timeout, HTTP error, GraphQL `errors`) or its last indexed block is more than `maxLagBlocks`
 * behind the chain head, the same call is answered by the chain implementation. Every call records which source
 * served it in a {@link SourceStatusStore} (the page footer shows it). Token facts and wallet balances always come
 * from the chain (the subgraph does not index them).
 */
import type { CampaignData } from "./CampaignData.ts";
import type { ChainReason, SourceStatusStore } from "./sourceStatus.ts";
import { SubgraphError, type SubgraphData } from "./subgraphData.ts";

/** Lag (blocks) tolerated by default: about a minute on Base (2 s blocks), a few minutes on Ethereum. */
export const DEFAULT_MAX_LAG_BLOCKS = 30;

/** Options of {@link createFallbackData}. */
export interface FallbackOptions {
  /** The chain head (e.g. viem's `getBlockNumber`). When it cannot be read, the lag check is skipped. */
  chainHead: () => Promise<bigint>;
  /** Where the source of each read is recorded. */
  status: SourceStatusStore;
  /** Largest tolerated `head − indexed block` (default {@link DEFAULT_MAX_LAG_BLOCKS}). */
  maxLagBlocks?: number;
}

/** The reason a failure is shown with: no answer at all, or an answer that was an error (or unreadable). */
function failureReason(error: unknown): ChainReason {
  return error instanceof SubgraphError && error.failure !== "graphql" ? "unreachable" : "error";
}

/**
 * Builds the wrapper.
 *
 * @param subgraph - Primary source.
 * @param chain - Fallback (and the source of token facts and balances).
 */
export function createFallbackData(
  subgraph: SubgraphData,
  chain: CampaignData,
  options: FallbackOptions,
): CampaignData {
  const { chainHead, status, maxLagBlocks = DEFAULT_MAX_LAG_BLOCKS } = options;

  /** Runs `read` on the subgraph, or on the chain when the subgraph fails or lags. */
  async function pick<T>(read: (data: CampaignData) => Promise<T>): Promise<T> {
    let result: T;
    let indexed: bigint;
    let head: bigint | undefined;
    try {
      [result, { number: indexed }, head] = await Promise.all([
        read(subgraph),
        subgraph.indexedBlock(),
        chainHead().catch(() => undefined),
      ]);
    } catch (error) {
      status.set({ source: "chain", reason: failureReason(error) });
      return read(chain);
    }
    const lag = head === undefined ? 0n : head - indexed;
    if (lag > BigInt(maxLagBlocks)) {
      status.set({ source: "chain", reason: "lagging", lagBlocks: lag });
      return read(chain);
    }
    status.set({ source: "subgraph", block: indexed });
    return result;
  }

  return {
    campaigns: () => pick((data) => data.campaigns()),
    campaign: (id) => pick((data) => data.campaign(id)),
    portfolio: (account) => pick((data) => data.portfolio(account)),
    reports: (campaignId, now) => pick((data) => data.reports(campaignId, now)),
    activity: (account) => pick((data) => data.activity(account)),
    token: (address) => chain.token(address),
    balanceOf: (token, account) => chain.balanceOf(token, account),
  };
}
