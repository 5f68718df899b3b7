// Constants shared by the mappings.
import { BigInt } from "@graphprotocol/graph-ts";

/** ID of the single Protocol entity. */
export const PROTOCOL_ID = "encore";
/** Seconds in a UTC day (daily snapshots). */
export const SECONDS_PER_DAY: i32 = 86400;
/** Contract names stored in `Contract.name`. */
export const HUB = "EncoreHub";
export const ORACLE = "RevenueOracle";
export const COMPLIANCE = "ComplianceRegistry";

/** BigInt zero. */
export function zero(): BigInt {
  return BigInt.zero();
}

/** BigInt one. */
export function one(): BigInt {
  return BigInt.fromI32(1);
}
