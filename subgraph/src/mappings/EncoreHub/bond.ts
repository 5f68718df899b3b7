// EncoreHub: the artist's bond (slashed by enforcements, restored by repayments, withdrawn at the end).
import { BigInt, ethereum } from "@graphprotocol/graph-ts";

import { BondRestored, BondSlashed, BondWithdrawn } from "../../../generated/EncoreHub/EncoreHub";
import { BondChange, Campaign } from "../../../generated/schema";
import { requireCampaign } from "../../utils/campaigns";
import { campaignDay } from "../../utils/dayData";
import { eventId } from "../../utils/ids";
import { isPayoutCapReached } from "../../utils/math";
import { getProtocol } from "../../utils/protocol";

function saveBondChange(event: ethereum.Event, campaign: Campaign, kind: string, amount: BigInt): void {
  const change = new BondChange(eventId(event));
  change.campaign = campaign.id;
  change.kind = kind;
  change.amount = amount;
  change.bondAfter = campaign.bond;
  change.timestamp = event.block.timestamp;
  change.transactionHash = event.transaction.hash;
  change.save();
}

/** `BondWithdrawn`: the whole remaining bond went back to the artist. */
export function handleBondWithdrawn(event: BondWithdrawn): void {
  const campaign = requireCampaign(event.params.campaignId);
  campaign.bond = BigInt.zero();
  campaign.save();
  saveBondChange(event, campaign, "Withdrawn", event.params.amount);
}

/** `BondSlashed`: part of the bond was credited to holders (counts toward the payout cap). */
export function handleBondSlashed(event: BondSlashed): void {
  const campaign = requireCampaign(event.params.campaignId);
  const amount = event.params.amount;
  campaign.bond = campaign.bond.minus(amount);
  campaign.bondSlashed = campaign.bondSlashed.plus(amount);
  campaign.paidToHolders = campaign.paidToHolders.plus(amount);
  campaign.payoutCapReached = isPayoutCapReached(campaign.payoutCap, campaign.paidToHolders);
  campaign.save();
  saveBondChange(event, campaign, "Slashed", amount);

  const protocol = getProtocol();
  protocol.totalBondSlashed = protocol.totalBondSlashed.plus(amount);
  protocol.save();

  const day = campaignDay(campaign, event);
  day.paidToHolders = day.paidToHolders.plus(amount);
  day.save();
}

/** `BondRestored`: a repaid enforcement paid the bond back; the event carries the new bond. */
export function handleBondRestored(event: BondRestored): void {
  const campaign = requireCampaign(event.params.campaignId);
  campaign.bond = event.params.bond;
  campaign.bondRestored = campaign.bondRestored.plus(event.params.amount);
  campaign.save();
  saveBondChange(event, campaign, "Restored", event.params.amount);
}
