// EncoreShares: ERC-1155 share movements (mint on investment, burn on refund, transfers after success).
import { Address, BigInt, ethereum } from "@graphprotocol/graph-ts";

import { TransferBatch, TransferSingle } from "../../../generated/EncoreShares/EncoreShares";
import { ShareTransfer } from "../../../generated/schema";
import { requireCampaign } from "../../utils/campaigns";
import { campaignDay } from "../../utils/dayData";
import { batchItemId, eventId } from "../../utils/ids";
import { setShares, touchPosition } from "../../utils/positions";

/** Mint, Burn, Transfer or SelfTransfer, from the two ends of a movement. */
export function transferKind(from: Address, to: Address): string {
  if (from.equals(Address.zero())) return "Mint";
  if (to.equals(Address.zero())) return "Burn";
  if (from.equals(to)) return "SelfTransfer";
  return "Transfer";
}

/**
 * Applies one movement of `value` shares of token `id` (= campaign id) and records it under `recordId`.
 * Mints raise the supply and the receiver's balance; burns lower the sender's and the supply; a self-transfer
 * changes no balance (it is recorded and marks activity); a zero value changes nothing but is recorded.
 */
export function applyTransfer(
  event: ethereum.Event,
  recordId: string,
  operator: Address,
  from: Address,
  to: Address,
  id: BigInt,
  value: BigInt,
): void {
  const campaign = requireCampaign(id);
  const kind = transferKind(from, to);
  const record = new ShareTransfer(recordId);
  record.campaign = campaign.id;
  record.kind = kind;
  record.operator = operator;
  record.value = value;
  record.timestamp = event.block.timestamp;
  record.blockNumber = event.block.number;
  record.transactionHash = event.transaction.hash;

  if (kind == "SelfTransfer") {
    const position = touchPosition(campaign, from, event);
    position.save();
    record.from = position.account;
    record.to = position.account;
  } else {
    if (kind != "Mint") {
      const sender = touchPosition(campaign, from, event);
      setShares(campaign, sender, sender.shares.minus(value));
      if (kind == "Transfer") sender.sharesSent = sender.sharesSent.plus(value);
      sender.save();
      record.from = sender.account;
    }
    if (kind != "Burn") {
      const receiver = touchPosition(campaign, to, event);
      setShares(campaign, receiver, receiver.shares.plus(value));
      if (kind == "Transfer") receiver.sharesReceived = receiver.sharesReceived.plus(value);
      receiver.save();
      record.to = receiver.account;
    }
    if (kind == "Mint") campaign.shareSupply = campaign.shareSupply.plus(value);
    if (kind == "Burn") campaign.shareSupply = campaign.shareSupply.minus(value);
  }
  campaign.save();
  record.save();

  const day = campaignDay(campaign, event);
  if (kind == "Transfer") day.sharesTransferred = day.sharesTransferred.plus(value);
  day.save();
}

/** `TransferSingle`: one id moved. */
export function handleTransferSingle(event: TransferSingle): void {
  const p = event.params;
  applyTransfer(event, eventId(event), p.operator, p.from, p.to, p.id, p.value);
}

/** `TransferBatch`: several ids moved; item i is recorded as `<txHash>-<logIndex>-<i>`. */
export function handleTransferBatch(event: TransferBatch): void {
  const p = event.params;
  const ids = p.ids;
  const values = p.values;
  for (let i = 0; i < ids.length; i++) {
    applyTransfer(event, batchItemId(event, i), p.operator, p.from, p.to, ids[i], values[i]);
  }
}
