/** The connected artist's {@link StudioDesk}, re-read after every action (every query is invalidated then). */
import { useQuery } from "@tanstack/react-query";
import type { Address } from "viem";
import { usePublicClient } from "wagmi";

import { readStudio } from "../../data/chainStudio.ts";
import { useCampaigns, useDataContext } from "../../data/hooks.ts";

/**
 * @param artist - The connected account.
 * @param now - Chain time (unix seconds).
 */
export function useStudioDesk(artist: Address, now: number) {
  const { runtime } = useDataContext();
  const client = usePublicClient();
  const campaigns = useCampaigns();
  return useQuery({
    queryKey: ["studio", artist, now, campaigns.data?.length],
    enabled: client !== undefined && campaigns.data !== undefined,
    queryFn: () => {
      if (client === undefined || campaigns.data === undefined) throw new Error("no chain client yet");
      return readStudio(client, runtime.contracts, artist, campaigns.data, [runtime.contracts.MockStablecoin], now);
    },
  });
}
