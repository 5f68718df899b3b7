// EncoreHub: investments and refunds (share balances move in the EncoreShares handlers).
import { BigInt, ethereum } from "@graphprotocol/graph-ts";

import { Invested, RefundSkipped, Refunded } from "../../../generated/EncoreHub/EncoreHub";
import { Account, Artist, Campaign, Investment, Refund } from "../../../generated/schema";
import { requireCampaign } from "../../utils/campaigns";
import { campaignDay } from "../../utils/dayData";
import { eventId } from "../../utils/ids";
import { touchPosition } from "../../utils/positions";
import { getProtocol } from "../../utils/protocol";

/** `Invested`: the record, the investor's position and totals, the campaign's raise, the day's flow. */
export function handleInvested(event: Invested): void {
  const campaign = requireCampaign(event.params.campaignId);
  const amount = event.params.amount;
  const position = touchPosition(campaign, event.params.investor, event);
  position.invested = position.invested.plus(amount);
  position.save();

  const account = Account.load(position.account)!;
  account.totalInvested = account.totalInvested.plus(amount);
  account.save();

  const artist = Artist.load(campaign.artist)!;
  artist.totalRaised = artist.totalRaised.plus(amount);
  artist.save();

  campaign.raised = event.params.raised;
  campaign.investmentCount = campaign.investmentCount + 1;
  campaign.save();

  const investment = new Investment(eventId(event));
  investment.campaign = campaign.id;
  investment.investor = position.account;
  investment.position = position.id;
  investment.payer = event.params.payer;
  investment.amount = amount;
  investment.raisedAfter = event.params.raised;
  investment.timestamp = event.block.timestamp;
  investment.blockNumber = event.block.number;
  investment.transactionHash = event.transaction.hash;
  investment.save();

  const protocol = getProtocol();
  protocol.totalInvested = protocol.totalInvested.plus(amount);
  protocol.save();

  const day = campaignDay(campaign, event);
  day.invested = day.invested.plus(amount);
  day.investmentCount = day.investmentCount + 1;
  day.save();
}

function saveRefund(
  event: ethereum.Event,
  campaign: Campaign,
  positionId: string,
  account: string,
  amount: BigInt,
  status: string,
): void {
  const refund = new Refund(eventId(event));
  refund.campaign = campaign.id;
  refund.account = account;
  refund.position = positionId;
  refund.amount = amount;
  refund.status = status;
  refund.timestamp = event.block.timestamp;
  refund.blockNumber = event.block.number;
  refund.transactionHash = event.transaction.hash;
  refund.save();
}

/** `Refunded`: shares were burned (TransferSingle) and `amount` paid back. */
export function handleRefunded(event: Refunded): void {
  const campaign = requireCampaign(event.params.campaignId);
  const amount = event.params.amount;
  const position = touchPosition(campaign, event.params.investor, event);
  position.refunded = position.refunded.plus(amount);
  position.save();

  const account = Account.load(position.account)!;
  account.totalRefunded = account.totalRefunded.plus(amount);
  account.save();

  campaign.refunded = campaign.refunded.plus(amount);
  campaign.save();
  saveRefund(event, campaign, position.id, position.account, amount, "Paid");

  const protocol = getProtocol();
  protocol.totalRefunded = protocol.totalRefunded.plus(amount);
  protocol.save();

  const day = campaignDay(campaign, event);
  day.refunded = day.refunded.plus(amount);
  day.save();
}

/** `RefundSkipped`: the token refused a pushed refund; only the attempt is recorded. */
export function handleRefundSkipped(event: RefundSkipped): void {
  const campaign = requireCampaign(event.params.campaignId);
  const position = touchPosition(campaign, event.params.investor, event);
  position.save();
  campaign.refundSkippedCount = campaign.refundSkippedCount + 1;
  campaign.save();
  saveRefund(event, campaign, position.id, position.account, event.params.amount, "Skipped");
}
