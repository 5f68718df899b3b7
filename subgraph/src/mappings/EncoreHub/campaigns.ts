// EncoreHub: campaign creation and finalization.
import { Address, BigInt } from "@graphprotocol/graph-ts";

import { CampaignCreated, Finalized } from "../../../generated/EncoreHub/EncoreHub";
import { Campaign } from "../../../generated/schema";
import { getOrCreateArtist } from "../../utils/accounts";
import { requireCampaign } from "../../utils/campaigns";
import { one } from "../../utils/constants";
import { shareEndOf } from "../../utils/math";
import { getProtocol } from "../../utils/protocol";

/** `CampaignCreated`: the campaign with its fixed configuration, in `Funding`. */
export function handleCampaignCreated(event: CampaignCreated): void {
  const config = event.params.config;
  const artist = getOrCreateArtist(event.params.artist, event.block.timestamp);
  artist.campaignCount = artist.campaignCount + 1;
  artist.save();

  const campaign = new Campaign(event.params.campaignId.toString());
  campaign.campaignId = event.params.campaignId;
  campaign.artist = artist.id;
  campaign.token = event.params.token;
  campaign.goal = config.goal;
  campaign.hardCap = config.hardCap;
  campaign.fundingDeadline = config.fundingDeadline;
  campaign.minInvestment = config.minInvestment;
  campaign.maxPerInvestor = config.maxPerInvestor;
  campaign.revenueShareBps = config.revenueShareBps;
  campaign.payoutCap = config.payoutCap;
  campaign.shareDuration = config.shareDuration;
  campaign.vestingDuration = config.vestingDuration;
  campaign.initialBond = config.bond;
  campaign.termsHash = config.termsHash;
  campaign.metadataURI = config.metadataURI;
  campaign.compliance = config.compliance.equals(Address.zero()) ? null : config.compliance;
  campaign.feeBps = event.params.feeBps;
  campaign.treasury = event.params.treasuryIndex.toString();
  campaign.state = "Funding";
  campaign.raised = BigInt.zero();
  campaign.shareSupply = BigInt.zero();
  campaign.holderCount = 0;
  campaign.investmentCount = 0;
  campaign.fee = BigInt.zero();
  campaign.refunded = BigInt.zero();
  campaign.refundSkippedCount = 0;
  campaign.released = BigInt.zero();
  campaign.bond = config.bond;
  campaign.bondSlashed = BigInt.zero();
  campaign.bondRestored = BigInt.zero();
  campaign.revenueDeposited = BigInt.zero();
  campaign.revenueToHolders = BigInt.zero();
  campaign.revenueToArtist = BigInt.zero();
  campaign.paidToHolders = BigInt.zero();
  campaign.claimed = BigInt.zero();
  campaign.payoutCapReached = false;
  campaign.reportCount = 0;
  campaign.openDebtCount = 0;
  campaign.delinquent = false;
  campaign.createdAt = event.block.timestamp;
  campaign.createdAtBlock = event.block.number;
  campaign.createdTx = event.transaction.hash;
  campaign.save();

  const protocol = getProtocol();
  protocol.campaignCount = protocol.campaignCount.plus(one());
  protocol.save();
}

/** `Finalized`: `Active` (fee paid, share window opens) or `Failed`. */
export function handleFinalized(event: Finalized): void {
  const campaign = requireCampaign(event.params.campaignId);
  const protocol = getProtocol();
  campaign.finalizedAt = event.block.timestamp;
  campaign.raised = event.params.raised;
  if (event.params.success) {
    campaign.state = "Active";
    campaign.fee = event.params.fee;
    campaign.activatedAt = event.block.timestamp;
    campaign.shareEnd = shareEndOf(event.block.timestamp, campaign.shareDuration);
    protocol.successfulCampaignCount = protocol.successfulCampaignCount.plus(one());
    protocol.totalFees = protocol.totalFees.plus(event.params.fee);
  } else {
    campaign.state = "Failed";
    protocol.failedCampaignCount = protocol.failedCampaignCount.plus(one());
  }
  campaign.save();
  protocol.save();
}
