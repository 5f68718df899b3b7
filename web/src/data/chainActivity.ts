/**
 * A holder's history and revenue statement read straight from the chain: the hub's `Invested`, `Claimed` and
 * `Refunded` logs and the share token's transfers for the account, the hub's `RevenueDeposited` and the oracle's
 * `ReportSubmitted`/`ReportSettled` logs for the campaigns involved, one multicall for what is claimable now, and
 * the timestamps of the blocks involved.
 */
import type { Address, Hex, PublicClient } from "viem";
import { zeroAddress } from "viem";

import { abis, type ContractName } from "../generated/contracts.ts";
import type { Activity, ActivityEntry, StatementLine } from "./CampaignData.ts";

/** A log with the fields the history needs. */
interface Located {
  blockNumber: bigint | null;
  transactionHash: Hex | null;
  logIndex: number | null;
}

/**
 * Reads the account's activity.
 *
 * @param client - Public client on the deployment's chain.
 * @param contracts - Deployed addresses.
 * @param account - The holder.
 */
export async function readActivity(
  client: PublicClient,
  contracts: Record<ContractName, Address>,
  account: Address,
): Promise<Activity> {
  const hub = { address: contracts.EncoreHub, abi: abis.EncoreHub, fromBlock: 0n, strict: true } as const;
  const shares = { address: contracts.EncoreShares, abi: abis.EncoreShares, fromBlock: 0n, strict: true } as const;
  const oracle = { address: contracts.RevenueOracle, abi: abis.RevenueOracle, fromBlock: 0n, strict: true } as const;
  const [invested, claimed, refunded, sent, received, deposits, submitted, settled] = await Promise.all([
    client.getContractEvents({ ...hub, eventName: "Invested", args: { investor: account } }),
    client.getContractEvents({ ...hub, eventName: "Claimed", args: { account } }),
    client.getContractEvents({ ...hub, eventName: "Refunded", args: { investor: account } }),
    client.getContractEvents({ ...shares, eventName: "TransferSingle", args: { from: account } }),
    client.getContractEvents({ ...shares, eventName: "TransferSingle", args: { to: account } }),
    client.getContractEvents({ ...hub, eventName: "RevenueDeposited" }),
    client.getContractEvents({ ...oracle, eventName: "ReportSubmitted" }),
    client.getContractEvents({ ...oracle, eventName: "ReportSettled" }),
  ]);

  const raw: (Omit<ActivityEntry, "timestamp" | "blockNumber" | "transactionHash"> & Located)[] = [
    ...invested.map((log) => ({
      ...log,
      kind: "invested" as const,
      campaignId: log.args.campaignId,
      amount: log.args.amount,
    })),
    ...claimed.map((log) => ({
      ...log,
      kind: "claimed" as const,
      campaignId: log.args.campaignId,
      amount: log.args.amount,
    })),
    ...refunded.map((log) => ({
      ...log,
      kind: "refunded" as const,
      campaignId: log.args.campaignId,
      amount: log.args.amount,
    })),
    // Mints and burns are the investments and refunds above; only holder-to-holder transfers are added.
    ...sent
      .filter((log) => log.args.to !== zeroAddress)
      .map((log) => ({ ...log, kind: "sent" as const, campaignId: log.args.id, amount: log.args.value })),
    ...received
      .filter((log) => log.args.from !== zeroAddress)
      .map((log) => ({ ...log, kind: "received" as const, campaignId: log.args.id, amount: log.args.value })),
  ];
  const blocks = [...new Set(raw.map((entry) => entry.blockNumber ?? 0n))];
  const times = new Map(
    await Promise.all(
      blocks.map(
        async (number) => [number, Number((await client.getBlock({ blockNumber: number })).timestamp)] as const,
      ),
    ),
  );
  const entries: ActivityEntry[] = raw
    .map((entry) => ({
      kind: entry.kind,
      campaignId: entry.campaignId,
      amount: entry.amount,
      blockNumber: entry.blockNumber ?? 0n,
      transactionHash: entry.transactionHash ?? "0x",
      timestamp: times.get(entry.blockNumber ?? 0n) ?? 0,
      logIndex: entry.logIndex ?? 0,
    }))
    .sort((a, b) =>
      a.blockNumber === b.blockNumber ? b.logIndex - a.logIndex : a.blockNumber > b.blockNumber ? -1 : 1,
    )
    .map(({ logIndex: _, ...entry }) => entry);

  const ids = [...new Set(entries.map((entry) => entry.campaignId))].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const claimable =
    ids.length === 0
      ? []
      : await client.multicall({
          contracts: ids.map(
            (id) =>
              ({
                address: contracts.EncoreHub,
                abi: abis.EncoreHub,
                functionName: "claimable",
                args: [id, account],
              }) as const,
          ),
          allowFailure: false,
          deployless: true,
          // One eth_call for any number of campaigns (viem would split calldata above 1 kB).
          batchSize: 0,
        });
  const settledReports = new Set(settled.map((log) => log.args.reportId));
  const statement: StatementLine[] = ids.map((campaignId, index) => {
    const sum = (values: bigint[]) => values.reduce((total, value) => total + value, 0n);
    const paid = sum(entries.filter((e) => e.kind === "claimed" && e.campaignId === campaignId).map((e) => e.amount));
    return {
      campaignId,
      grossReported: sum(
        submitted
          .filter((log) => log.args.campaignId === campaignId && settledReports.has(log.args.reportId))
          .map((log) => log.args.grossRevenue),
      ),
      toHolders: sum(deposits.filter((log) => log.args.campaignId === campaignId).map((log) => log.args.toHolders)),
      accrued: paid + claimable[index],
      paid,
      claimable: claimable[index],
    };
  });
  return { entries, statement };
}
