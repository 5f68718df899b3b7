/**
 * The parts of {@link Activity} both implementations compute the same way: entries ordered newest first, and one
 * statement line per campaign an entry names.
 */
import type { Activity, ActivityEntry, StatementLine } from "./CampaignData.ts";

/** An entry with the index of its log in the block (the tie-break of the order). */
export type LocatedEntry = ActivityEntry & { logIndex: number };

/** Per campaign: gross revenue of its settled reports and revenue credited to its holders. */
export interface CampaignRevenue {
  grossReported: bigint;
  toHolders: bigint;
}

/** Ids of the campaigns the entries name, ascending. */
export function entryCampaignIds(entries: readonly ActivityEntry[]): bigint[] {
  return [...new Set(entries.map((entry) => entry.campaignId))].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/**
 * Builds the activity: entries by block then log index, newest first (a stable sort: entries of one log keep the
 * order they were given in), and the statement of {@link entryCampaignIds}.
 *
 * @param revenue - Revenue of each campaign of the entries.
 * @param claimable - What the account can claim now, in the order of {@link entryCampaignIds}.
 */
export function buildActivity(
  located: readonly LocatedEntry[],
  revenue: ReadonlyMap<bigint, CampaignRevenue>,
  claimable: readonly bigint[],
): Activity {
  const entries: ActivityEntry[] = [...located]
    .sort((a, b) =>
      a.blockNumber === b.blockNumber ? b.logIndex - a.logIndex : a.blockNumber > b.blockNumber ? -1 : 1,
    )
    .map(({ logIndex: _, ...entry }) => entry);
  const statement: StatementLine[] = entryCampaignIds(entries).map((campaignId, index) => {
    const paid = entries
      .filter((entry) => entry.kind === "claimed" && entry.campaignId === campaignId)
      .reduce((total, entry) => total + entry.amount, 0n);
    const { grossReported, toHolders } = revenue.get(campaignId) ?? { grossReported: 0n, toHolders: 0n };
    return {
      campaignId,
      grossReported,
      toHolders,
      accrued: paid + claimable[index],
      paid,
      claimable: claimable[index],
    };
  });
  return { entries, statement };
}
