// The Protocol singleton and the per-contract ownership records.
import { Address, BigInt } from "@graphprotocol/graph-ts";

import { Contract, Protocol } from "../../generated/schema";
import { PROTOCOL_ID } from "./constants";

/** Loads the Protocol entity, creating it with zero totals and default settings on first use. */
export function getProtocol(): Protocol {
  let protocol = Protocol.load(PROTOCOL_ID);
  if (protocol != null) return protocol;
  protocol = new Protocol(PROTOCOL_ID);
  protocol.campaignCount = BigInt.zero();
  protocol.successfulCampaignCount = BigInt.zero();
  protocol.failedCampaignCount = BigInt.zero();
  protocol.artistCount = BigInt.zero();
  protocol.accountCount = BigInt.zero();
  protocol.totalInvested = BigInt.zero();
  protocol.totalRefunded = BigInt.zero();
  protocol.totalFees = BigInt.zero();
  protocol.totalReleased = BigInt.zero();
  protocol.totalRevenueDeposited = BigInt.zero();
  protocol.totalRevenueToHolders = BigInt.zero();
  protocol.totalRevenueToArtists = BigInt.zero();
  protocol.totalBondSlashed = BigInt.zero();
  protocol.totalClaimed = BigInt.zero();
  protocol.reportCount = BigInt.zero();
  protocol.feeBps = 0;
  protocol.allowedTokens = [];
  protocol.campaignCreationPaused = false;
  protocol.investmentPaused = false;
  protocol.reportThreshold = 0;
  protocol.operatorCount = 0;
  protocol.challengeWindow = BigInt.zero();
  protocol.paymentGrace = BigInt.zero();
  protocol.penaltyBps = 0;
  return protocol;
}

/** Loads the Contract entity of `address`, creating it (no owner yet) on first use. */
export function getContract(address: Address, name: string): Contract {
  const id = address.toHexString();
  let contract = Contract.load(id);
  if (contract != null) return contract;
  contract = new Contract(id);
  contract.name = name;
  contract.eip712DomainChanges = 0;
  return contract;
}
