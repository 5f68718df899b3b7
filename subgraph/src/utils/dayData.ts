// Daily campaign snapshots for charts.
import { BigInt, ethereum } from "@graphprotocol/graph-ts";

import { Campaign, CampaignDayData } from "../../generated/schema";
import { dayDataId } from "./ids";
import { dayIdOf, dayStart } from "./math";

/**
 * Loads (or opens) the campaign's snapshot of the event's day and copies the campaign's running totals into it.
 * Call after updating the campaign; the caller adds the day's flows and saves.
 */
export function campaignDay(campaign: Campaign, event: ethereum.Event): CampaignDayData {
  const dayId = dayIdOf(event.block.timestamp);
  const id = dayDataId(campaign.id, dayId);
  let day = CampaignDayData.load(id);
  if (day == null) {
    day = new CampaignDayData(id);
    day.campaign = campaign.id;
    day.dayId = dayId;
    day.date = dayStart(dayId);
    day.invested = BigInt.zero();
    day.investmentCount = 0;
    day.refunded = BigInt.zero();
    day.revenueDeposited = BigInt.zero();
    day.paidToHolders = BigInt.zero();
    day.claimed = BigInt.zero();
    day.sharesTransferred = BigInt.zero();
  }
  day.raised = campaign.raised;
  day.cumulativePaidToHolders = campaign.paidToHolders;
  day.cumulativeClaimed = campaign.claimed;
  day.holderCount = campaign.holderCount;
  return day;
}
