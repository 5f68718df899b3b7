// Positions (account × campaign) and share balances.
import { Address, BigInt, ethereum } from "@graphprotocol/graph-ts";

import { Campaign, Position } from "../../generated/schema";
import { getOrCreateAccount } from "./accounts";
import { positionId } from "./ids";
import { holderCountAfter } from "./math";

/** Loads the Position of `account` in `campaign`, creating it (and the Account) at this event; marks activity. */
export function touchPosition(campaign: Campaign, account: Address, event: ethereum.Event): Position {
  const id = positionId(campaign.campaignId, account);
  let position = Position.load(id);
  if (position == null) {
    getOrCreateAccount(account, event.block.timestamp);
    position = new Position(id);
    position.account = account.toHexString();
    position.campaign = campaign.id;
    position.shares = BigInt.zero();
    position.invested = BigInt.zero();
    position.refunded = BigInt.zero();
    position.claimed = BigInt.zero();
    position.sharesReceived = BigInt.zero();
    position.sharesSent = BigInt.zero();
    position.firstActivityAt = event.block.timestamp;
    position.firstActivityBlock = event.block.number;
  }
  position.lastActivityAt = event.block.timestamp;
  position.lastActivityBlock = event.block.number;
  return position;
}

/** Sets a position's share balance and keeps the campaign's holder count in step (caller saves both). */
export function setShares(campaign: Campaign, position: Position, shares: BigInt): void {
  campaign.holderCount = holderCountAfter(campaign.holderCount, position.shares, shares);
  position.shares = shares;
}
