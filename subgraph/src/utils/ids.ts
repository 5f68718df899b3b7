// Entity ID builders: the formats documented in schema.graphql.
import { Address, BigInt, Bytes, ethereum } from "@graphprotocol/graph-ts";

/** `<txHash>-<logIndex>` for immutable event records. */
export function eventId(event: ethereum.Event): string {
  return event.transaction.hash.toHexString() + "-" + event.logIndex.toString();
}

/** `<txHash>-<logIndex>-<index>` for one item of a batch event. */
export function batchItemId(event: ethereum.Event, index: i32): string {
  return eventId(event) + "-" + index.toString();
}

/** Decimal id of a campaign or a report. */
export function numericId(value: BigInt): string {
  return value.toString();
}

/** Lowercase hex id of an address. */
export function addressId(address: Address): string {
  return address.toHexString();
}

/** `<campaignId>-<account>` of a Position. */
export function positionId(campaignId: BigInt, account: Address): string {
  return campaignId.toString() + "-" + account.toHexString();
}

/** `<a>-<b>` for entities keyed by two addresses (reserve, deferred payment, approval). */
export function pairId(a: Address, b: Bytes): string {
  return a.toHexString() + "-" + b.toHexString();
}

/** `<campaignId>-<dayId>` of a CampaignDayData. */
export function dayDataId(campaignId: string, dayId: i32): string {
  return campaignId + "-" + dayId.toString();
}

/** `<artist>-<n>` of the n-th Suspension (n from 1). */
export function suspensionId(artist: string, n: i32): string {
  return artist + "-" + n.toString();
}
