// Exact BigInt maths of the protocol, mirrored from the contracts.
import { BigInt } from "@graphprotocol/graph-ts";

import { SECONDS_PER_DAY } from "./constants";

/** Day number of a timestamp: floor(timestamp / 86400). */
export function dayIdOf(timestamp: BigInt): i32 {
  return timestamp.div(BigInt.fromI32(SECONDS_PER_DAY)).toI32();
}

/** Unix time of the start of day `dayId`. */
export function dayStart(dayId: i32): BigInt {
  return BigInt.fromI32(dayId).times(BigInt.fromI32(SECONDS_PER_DAY));
}

/** End of the revenue-share window: activation time + share duration. */
export function shareEndOf(activatedAt: BigInt, shareDuration: BigInt): BigInt {
  return activatedAt.plus(shareDuration);
}

/** True when a non-zero payout cap is reached by what holders received. */
export function isPayoutCapReached(payoutCap: BigInt, paidToHolders: BigInt): boolean {
  return !payoutCap.isZero() && paidToHolders.ge(payoutCap);
}

/** The smaller of two BigInts. */
export function minBigInt(a: BigInt, b: BigInt): BigInt {
  return a.lt(b) ? a : b;
}

/**
 * What an artist owes after an enforcement (`RevenueOracle.enforce`): `min(debt + fine, room + paidFromBond)`,
 * where `room` is what holders can still receive after the slash (`payoutCap - paidToHolders`; no limit when the
 * cap is 0). `paidToHolders` must already include the slash (BondSlashed precedes Enforced).
 */
export function enforcedObligation(
  debt: BigInt,
  fine: BigInt,
  paidFromBond: BigInt,
  payoutCap: BigInt,
  paidToHolders: BigInt,
): BigInt {
  const owed = debt.plus(fine);
  if (payoutCap.isZero()) return owed;
  const room = payoutCap.gt(paidToHolders) ? payoutCap.minus(paidToHolders) : BigInt.zero();
  return minBigInt(owed, room.plus(paidFromBond));
}

/** New holder count after a balance moved from `before` to `after`. */
export function holderCountAfter(count: i32, before: BigInt, after: BigInt): i32 {
  if (before.isZero() && !after.isZero()) return count + 1;
  if (!before.isZero() && after.isZero()) return count - 1;
  return count;
}
