/**
 * {@link CampaignData} read straight from the chain with viem: the `CampaignCreated` logs give the ids and metadata,
 * one multicall gives every campaign view (and, for a portfolio, every balance, supply and claimable) in a single
 * `eth_call` ({@link readMany}). A portfolio of any size therefore costs two RPC calls; no Multicall3 deployment is
 * needed on the local chain.
 */
import type { Address, PublicClient } from "viem";

import { abis, type ContractName } from "../generated/contracts.ts";
import { CAMPAIGN_STATES, type Campaign, type CampaignData, type Position, type TokenInfo } from "./CampaignData.ts";
import { readActivity } from "./chainActivity.ts";
import { readReports } from "./chainReports.ts";
import { readMany } from "./multicall3.ts";
import { parseMetadata } from "./metadata.ts";

type CampaignView = Omit<
  Campaign,
  "id" | "title" | "description" | "state" | "fundingDeadline" | "shareDuration" | "termsSource"
> & {
  state: number;
  fundingDeadline: bigint;
  shareDuration: bigint;
};

/** What the creation log tells about a campaign. */
type CreatedCampaign = Pick<Campaign, "id" | "title" | "description" | "termsSource">;

/**
 * Builds the chain implementation.
 *
 * @param client - A viem public client on the deployment's chain.
 * @param contracts - Deployed addresses.
 */
export function createChainData(client: PublicClient, contracts: Record<ContractName, Address>): CampaignData {
  const hub = { address: contracts.EncoreHub, abi: abis.EncoreHub } as const;
  const shares = { address: contracts.EncoreShares, abi: abis.EncoreShares } as const;

  /** Ids, metadata and terms inputs of every campaign, from the creation logs. */
  async function created(): Promise<CreatedCampaign[]> {
    const logs = await client.getContractEvents({ ...hub, eventName: "CampaignCreated", fromBlock: 0n, strict: true });
    return logs.map(({ args }) => {
      const { terms, ...metadata } = parseMetadata(args.config.metadataURI);
      const { config } = args;
      return {
        id: args.campaignId,
        ...metadata,
        termsSource:
          terms === undefined
            ? undefined
            : {
                document: terms,
                artist: args.artist,
                token: config.token,
                goal: config.goal,
                hardCap: config.hardCap,
                fundingDeadline: BigInt(config.fundingDeadline),
                minInvestment: config.minInvestment,
                maxPerInvestor: config.maxPerInvestor,
                revenueShareBps: config.revenueShareBps,
                payoutCap: config.payoutCap,
                shareDuration: BigInt(config.shareDuration),
                vestingDuration: BigInt(config.vestingDuration),
                bond: config.bond,
                feeBps: args.feeBps,
              },
      };
    });
  }

  /** The interface's fields only (the view has more: treasury, bond, released, …). */
  function toCampaign(meta: CreatedCampaign, view: CampaignView): Campaign {
    return {
      ...meta,
      artist: view.artist,
      token: view.token,
      compliance: view.compliance,
      state: CAMPAIGN_STATES[view.state] ?? "Funding",
      goal: view.goal,
      hardCap: view.hardCap,
      raised: view.raised,
      minInvestment: view.minInvestment,
      maxPerInvestor: view.maxPerInvestor,
      payoutCap: view.payoutCap,
      paidToHolders: view.paidToHolders,
      fundingDeadline: Number(view.fundingDeadline),
      shareDuration: Number(view.shareDuration),
      revenueShareBps: view.revenueShareBps,
      termsHash: view.termsHash,
    };
  }

  async function readCampaigns(): Promise<Campaign[]> {
    const metas = await created();
    if (metas.length === 0) return [];
    const views = await readMany(
      client,
      metas.map((meta) => ({ ...hub, functionName: "campaign", args: [meta.id] }) as const),
    );
    return metas.map((meta, index) => toCampaign(meta, views[index] as CampaignView));
  }

  return {
    campaigns: readCampaigns,

    async campaign(id) {
      return (await readCampaigns()).find((campaign) => campaign.id === id);
    },

    async portfolio(account) {
      const metas = await created();
      if (metas.length === 0) return [];
      const ids = metas.map((meta) => meta.id);
      // Balances in one batch call; view, supply and claimable per campaign.
      const calls = [
        { ...shares, functionName: "balanceOfBatch", args: [ids.map(() => account), ids] },
        ...metas.flatMap(
          (meta) =>
            [
              { ...hub, functionName: "campaign", args: [meta.id] },
              { ...shares, functionName: "totalSupply", args: [meta.id] },
              { ...hub, functionName: "claimable", args: [meta.id, account] },
            ] as const,
        ),
      ] as const;
      const [balances, ...results] = await readMany(client, calls);
      const positions: Position[] = [];
      metas.forEach((meta, index) => {
        const held = (balances as readonly bigint[])[index];
        const [view, supply, claimable] = results.slice(index * 3, index * 3 + 3) as [CampaignView, bigint, bigint];
        if (held > 0n || claimable > 0n) {
          positions.push({ campaign: toCampaign(meta, view), shares: held, totalSupply: supply, claimable });
        }
      });
      return positions;
    },

    async token(address): Promise<TokenInfo> {
      const coin = { address, abi: abis.MockStablecoin } as const;
      const [symbol, decimals] = (await readMany(client, [
        { ...coin, functionName: "symbol" },
        { ...coin, functionName: "decimals" },
      ])) as [string, number];
      return { symbol, decimals };
    },

    activity: (account) => readActivity(client, contracts, account),

    reports: (campaignId, now) => readReports(client, contracts.RevenueOracle, campaignId, now),

    async balanceOf(token, account) {
      return client.readContract({
        address: token,
        abi: abis.MockStablecoin,
        functionName: "balanceOf",
        args: [account],
      });
    },
  };
}
