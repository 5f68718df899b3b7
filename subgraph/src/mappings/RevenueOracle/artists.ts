// RevenueOracle: artist suspensions and revenue reserves.
import { Address, BigInt } from "@graphprotocol/graph-ts";

import {
  ArtistReinstated,
  ArtistSuspended,
  ReserveFunded,
  ReserveWithdrawn,
} from "../../../generated/RevenueOracle/RevenueOracle";
import { ArtistReserve, Suspension } from "../../../generated/schema";
import { getOrCreateArtist } from "../../utils/accounts";
import { pairId, suspensionId } from "../../utils/ids";

/** `ArtistSuspended`: the artist's first open enforcement (on `campaignId`) starts a suspension. */
export function handleArtistSuspended(event: ArtistSuspended): void {
  const artist = getOrCreateArtist(event.params.artist, event.block.timestamp);
  artist.suspensionCount = artist.suspensionCount + 1;
  artist.suspended = true;
  artist.save();

  const suspension = new Suspension(suspensionId(artist.id, artist.suspensionCount));
  suspension.artist = artist.id;
  suspension.campaign = event.params.campaignId.toString();
  suspension.startedAt = event.block.timestamp;
  suspension.active = true;
  suspension.save();
}

/** `ArtistReinstated`: the last enforced obligation (on `campaignId`) was repaid; the suspension ends. */
export function handleArtistReinstated(event: ArtistReinstated): void {
  const artist = getOrCreateArtist(event.params.artist, event.block.timestamp);
  artist.suspended = false;
  artist.save();

  const suspension = Suspension.load(suspensionId(artist.id, artist.suspensionCount));
  if (suspension == null) return;
  suspension.active = false;
  suspension.endedAt = event.block.timestamp;
  suspension.endedByCampaign = event.params.campaignId.toString();
  suspension.save();
}

function getReserve(artist: Address, token: Address, timestamp: BigInt): ArtistReserve {
  const id = pairId(artist, token);
  let reserve = ArtistReserve.load(id);
  if (reserve == null) {
    reserve = new ArtistReserve(id);
    reserve.artist = getOrCreateArtist(artist, timestamp).id;
    reserve.token = token;
    reserve.totalFunded = BigInt.zero();
    reserve.totalWithdrawn = BigInt.zero();
  }
  reserve.updatedAt = timestamp;
  return reserve;
}

/** `ReserveFunded`: `payer` added to the artist's reserve. */
export function handleReserveFunded(event: ReserveFunded): void {
  const reserve = getReserve(event.params.artist, event.params.token, event.block.timestamp);
  reserve.totalFunded = reserve.totalFunded.plus(event.params.amount);
  reserve.save();
}

/** `ReserveWithdrawn`: the artist took free reserve back. */
export function handleReserveWithdrawn(event: ReserveWithdrawn): void {
  const reserve = getReserve(event.params.artist, event.params.token, event.block.timestamp);
  reserve.totalWithdrawn = reserve.totalWithdrawn.plus(event.params.amount);
  reserve.save();
}
