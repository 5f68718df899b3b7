// EncoreHub: revenue in (deposits), revenue out (claims) and releases of raised funds.
import { Bytes } from "@graphprotocol/graph-ts";

import { Claimed, FundsReleased, RevenueDeposited } from "../../../generated/EncoreHub/EncoreHub";
import { Account, Artist, Claim, Release, RevenueDeposit } from "../../../generated/schema";
import { requireCampaign } from "../../utils/campaigns";
import { campaignDay } from "../../utils/dayData";
import { eventId } from "../../utils/ids";
import { isPayoutCapReached } from "../../utils/math";
import { touchPosition } from "../../utils/positions";
import { getProtocol } from "../../utils/protocol";

/** True when `from` is the registered revenue oracle (settlement deposits come from it). */
function isOracle(oracle: Bytes | null, from: Bytes): boolean {
  if (!oracle) return false;
  return oracle.equals(from);
}

/** `RevenueDeposited`: holders' part credited (counts toward the payout cap), the excess went to the artist. */
export function handleRevenueDeposited(event: RevenueDeposited): void {
  const campaign = requireCampaign(event.params.campaignId);
  const protocol = getProtocol();
  campaign.revenueDeposited = campaign.revenueDeposited.plus(event.params.amount);
  campaign.revenueToHolders = campaign.revenueToHolders.plus(event.params.toHolders);
  campaign.revenueToArtist = campaign.revenueToArtist.plus(event.params.toArtist);
  campaign.paidToHolders = campaign.paidToHolders.plus(event.params.toHolders);
  campaign.payoutCapReached = isPayoutCapReached(campaign.payoutCap, campaign.paidToHolders);
  campaign.save();

  const deposit = new RevenueDeposit(eventId(event));
  deposit.campaign = campaign.id;
  deposit.from = event.params.from;
  deposit.viaOracle = isOracle(protocol.revenueOracle, event.params.from);
  deposit.amount = event.params.amount;
  deposit.toHolders = event.params.toHolders;
  deposit.toArtist = event.params.toArtist;
  deposit.timestamp = event.block.timestamp;
  deposit.blockNumber = event.block.number;
  deposit.transactionHash = event.transaction.hash;
  deposit.save();

  protocol.totalRevenueDeposited = protocol.totalRevenueDeposited.plus(event.params.amount);
  protocol.totalRevenueToHolders = protocol.totalRevenueToHolders.plus(event.params.toHolders);
  protocol.totalRevenueToArtists = protocol.totalRevenueToArtists.plus(event.params.toArtist);
  protocol.save();

  const day = campaignDay(campaign, event);
  day.revenueDeposited = day.revenueDeposited.plus(event.params.amount);
  day.paidToHolders = day.paidToHolders.plus(event.params.toHolders);
  day.save();
}

/** `Claimed`: a holder took `amount` of credited revenue. */
export function handleClaimed(event: Claimed): void {
  const campaign = requireCampaign(event.params.campaignId);
  const amount = event.params.amount;
  const position = touchPosition(campaign, event.params.account, event);
  position.claimed = position.claimed.plus(amount);
  position.save();

  const account = Account.load(position.account)!;
  account.totalClaimed = account.totalClaimed.plus(amount);
  account.save();

  campaign.claimed = campaign.claimed.plus(amount);
  campaign.save();

  const claim = new Claim(eventId(event));
  claim.campaign = campaign.id;
  claim.account = position.account;
  claim.position = position.id;
  claim.amount = amount;
  claim.timestamp = event.block.timestamp;
  claim.blockNumber = event.block.number;
  claim.transactionHash = event.transaction.hash;
  claim.save();

  const protocol = getProtocol();
  protocol.totalClaimed = protocol.totalClaimed.plus(amount);
  protocol.save();

  const day = campaignDay(campaign, event);
  day.claimed = day.claimed.plus(amount);
  day.save();
}

/** `FundsReleased`: vested raised funds went to the artist. */
export function handleFundsReleased(event: FundsReleased): void {
  const campaign = requireCampaign(event.params.campaignId);
  campaign.released = event.params.totalReleased;
  campaign.save();

  const artist = Artist.load(campaign.artist)!;
  artist.totalReleased = artist.totalReleased.plus(event.params.amount);
  artist.save();

  const release = new Release(eventId(event));
  release.campaign = campaign.id;
  release.amount = event.params.amount;
  release.totalReleased = event.params.totalReleased;
  release.timestamp = event.block.timestamp;
  release.transactionHash = event.transaction.hash;
  release.save();

  const protocol = getProtocol();
  protocol.totalReleased = protocol.totalReleased.plus(event.params.amount);
  protocol.save();
}
