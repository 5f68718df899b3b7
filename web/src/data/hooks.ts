/**
 * TanStack Query hooks over the {@link CampaignData} in context. Every write action invalidates all of them, so
 * pages show the chain's new state after a transaction.
 */
import { useQuery } from "@tanstack/react-query";
import { createContext, useContext, useSyncExternalStore } from "react";
import type { Address } from "viem";

import type { RuntimeConfig } from "../config/runtime.ts";
import type { CampaignData } from "./CampaignData.ts";
import type { SourceStatus, SourceStatusStore } from "./sourceStatus.ts";

/** What pages need besides queries: the data source, where its reads come from, and the deployment. */
export interface DataContextValue {
  data: CampaignData;
  status: SourceStatusStore;
  runtime: RuntimeConfig;
}

/** Provided once by `main.tsx`. */
export const DataContext = createContext<DataContextValue | undefined>(undefined);

/** The data source and deployment. */
export function useDataContext(): DataContextValue {
  const value = useContext(DataContext);
  if (value === undefined) throw new Error("useDataContext outside DataContext");
  return value;
}

/** Which source served the latest read (subgraph or chain, and why the chain). */
export function useSourceStatus(): SourceStatus {
  const { status } = useDataContext();
  return useSyncExternalStore(status.subscribe, status.get);
}

/** Every campaign. */
export function useCampaigns() {
  const { data } = useDataContext();
  return useQuery({ queryKey: ["campaigns"], queryFn: () => data.campaigns() });
}

/** One campaign (`null` when it does not exist). */
export function useCampaign(id: bigint) {
  const { data } = useDataContext();
  return useQuery({ queryKey: ["campaign", String(id)], queryFn: async () => (await data.campaign(id)) ?? null });
}

/** The account's positions; idle without an account. */
export function usePortfolio(account: Address | undefined) {
  const { data } = useDataContext();
  return useQuery({
    queryKey: ["portfolio", account],
    queryFn: () => data.portfolio(account as Address),
    enabled: account !== undefined,
  });
}

/** A campaign's oracle reports at chain time `now`. */
export function useReports(campaignId: bigint, now: number) {
  const { data } = useDataContext();
  return useQuery({ queryKey: ["reports", String(campaignId), now], queryFn: () => data.reports(campaignId, now) });
}

/** The account's history and statement; idle without an account. */
export function useActivity(account: Address | undefined) {
  const { data } = useDataContext();
  return useQuery({
    queryKey: ["activity", account],
    queryFn: () => data.activity(account as Address),
    enabled: account !== undefined,
  });
}

/** Symbol and decimals of a token; idle without an address. */
export function useToken(address: Address | undefined) {
  const { data } = useDataContext();
  return useQuery({
    queryKey: ["token", address],
    queryFn: () => data.token(address as Address),
    enabled: address !== undefined,
    staleTime: Infinity,
  });
}

/** The account's balance of a token; idle without both. */
export function useTokenBalance(token: Address | undefined, account: Address | undefined) {
  const { data } = useDataContext();
  return useQuery({
    queryKey: ["balance", token, account],
    queryFn: () => data.balanceOf(token as Address, account as Address),
    enabled: token !== undefined && account !== undefined,
  });
}
