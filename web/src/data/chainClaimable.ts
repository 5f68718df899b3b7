/** What an account can claim now in several campaigns, read in one multicall (`readMany`). */
import type { Address, PublicClient } from "viem";

import { abis } from "../generated/contracts.ts";
import { readMany } from "./multicall3.ts";

/**
 * Reads `EncoreHub.claimable(id, account)` for every id in one RPC call (none when `ids` is empty).
 *
 * @param hub - `EncoreHub` address.
 * @returns One amount per id, in the order of `ids`.
 */
export async function readClaimable(
  client: PublicClient,
  hub: Address,
  ids: readonly bigint[],
  account: Address,
): Promise<bigint[]> {
  return (await readMany(
    client,
    ids.map((id) => ({ address: hub, abi: abis.EncoreHub, functionName: "claimable", args: [id, account] }) as const),
  )) as bigint[];
}
