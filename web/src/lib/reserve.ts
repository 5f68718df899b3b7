/**
 * What an artist owes the revenue oracle, computed the way `RevenueOracle` does (contracts/RevenueOracle.sol): the
 * reserve's free part, what a `payDue` costs the caller's wallet after the reserve paid its share, and the fine an
 * unpaid debt would draw on enforcement.
 */

/** Basis-point denominator. */
const BPS = 10_000n;

/** An artist's reserve of one token, as `reserveOf` returns it. */
export interface ReserveBalance {
  /** Held by the oracle for the artist. */
  balance: bigint;
  /** Owed to pending reports and debts of that token. */
  committed: bigint;
}

/** Balance minus commitments, never negative (what `withdrawReserve` allows). */
export function freeReserve(reserve: ReserveBalance): bigint {
  return reserve.balance > reserve.committed ? reserve.balance - reserve.committed : 0n;
}

/** What the reserve lacks to cover every commitment (0 when it covers them). */
export function reserveShortfall(reserve: ReserveBalance): bigint {
  return reserve.committed > reserve.balance ? reserve.committed - reserve.balance : 0n;
}

/** What `payDue` settles on one report. */
export interface DueObligation {
  /** `Debt`: the debt; `Enforced`: what holders still miss (the part the bond could not advance). */
  toHolders: bigint;
  /** `Enforced` only: what the bond advanced and gets back. */
  toBond: bigint;
  /** Revenue the holders can still receive before the payout cap (`holderRoom`): the holders' part is capped by it. */
  holderRoom: bigint;
}

/** What one `payDue` moves in total: the holders' part capped by their room, plus the bond's part. */
export function payDueTotal(due: DueObligation): bigint {
  const toHolders = due.toHolders < due.holderRoom ? due.toHolders : due.holderRoom;
  return toHolders + due.toBond;
}

/**
 * How a `payDue` is paid: the artist's free reserve first (after the report's own commitment is released), the
 * caller's wallet the rest.
 *
 * @param reserve - The artist's reserve of the campaign's token.
 * @param owed - The report's recorded amount (`getReport(id).amount`), released from the commitments first.
 * @returns What the reserve pays and what the caller must approve and pay.
 */
export function payDueSplit(
  due: DueObligation,
  reserve: ReserveBalance,
  owed: bigint,
): { fromReserve: bigint; fromWallet: bigint } {
  const total = payDueTotal(due);
  const committed = reserve.committed > owed ? reserve.committed - owed : 0n;
  const free = freeReserve({ balance: reserve.balance, committed });
  const fromReserve = total < free ? total : free;
  return { fromReserve, fromWallet: total - fromReserve };
}

/** The fine `enforce` would add to an unpaid `debt` at the report's fine rate (rounded down like the contract). */
export function enforcementFine(debt: bigint, penaltyBps: number): bigint {
  return (debt * BigInt(penaltyBps)) / BPS;
}
