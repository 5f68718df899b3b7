// EncoreHub: owner settings and ownership.
import { Bytes } from "@graphprotocol/graph-ts";

import {
  CampaignCreationPausedSet,
  FeeBpsSet,
  InvestmentPausedSet,
  OwnershipTransferStarted,
  OwnershipTransferred,
  RevenueOracleSet,
  SettlementTokenSet,
  TreasurySet,
} from "../../../generated/EncoreHub/EncoreHub";
import { SettlementToken, Treasury } from "../../../generated/schema";
import { HUB } from "../../utils/constants";
import { recordOwnershipTransferStarted, recordOwnershipTransferred } from "../../utils/ownership";
import { getProtocol } from "../../utils/protocol";

/** `FeeBpsSet`: fee of campaigns created from now on. */
export function handleFeeBpsSet(event: FeeBpsSet): void {
  const protocol = getProtocol();
  protocol.feeBps = event.params.feeBps;
  protocol.save();
}

/** `TreasurySet`: a new fee receiver at `treasuryIndex`, used by campaigns created from now on. */
export function handleTreasurySet(event: TreasurySet): void {
  const treasury = new Treasury(event.params.treasuryIndex.toString());
  treasury.index = event.params.treasuryIndex;
  treasury.address = event.params.treasury;
  treasury.setAt = event.block.timestamp;
  treasury.save();
  const protocol = getProtocol();
  protocol.treasury = treasury.id;
  protocol.save();
}

/** `SettlementTokenSet`: a token added to or removed from the allow-list. */
export function handleSettlementTokenSet(event: SettlementTokenSet): void {
  const token = new SettlementToken(event.params.token.toHexString());
  token.allowed = event.params.allowed;
  token.updatedAt = event.block.timestamp;
  token.save();

  const protocol = getProtocol();
  const allowed: Bytes[] = [];
  const current = protocol.allowedTokens;
  for (let i = 0; i < current.length; i++) {
    if (!current[i].equals(event.params.token)) allowed.push(current[i]);
  }
  if (event.params.allowed) allowed.push(event.params.token);
  protocol.allowedTokens = allowed;
  protocol.save();
}

/** `CampaignCreationPausedSet`: creation paused or resumed. */
export function handleCampaignCreationPausedSet(event: CampaignCreationPausedSet): void {
  const protocol = getProtocol();
  protocol.campaignCreationPaused = event.params.paused;
  protocol.save();
}

/** `InvestmentPausedSet`: investments paused or resumed. */
export function handleInvestmentPausedSet(event: InvestmentPausedSet): void {
  const protocol = getProtocol();
  protocol.investmentPaused = event.params.paused;
  protocol.save();
}

/** `RevenueOracleSet`: the oracle registered in the hub (set once). */
export function handleRevenueOracleSet(event: RevenueOracleSet): void {
  const protocol = getProtocol();
  protocol.revenueOracle = event.params.oracle;
  protocol.save();
}

/** `OwnershipTransferStarted` on the hub. */
export function handleHubOwnershipTransferStarted(event: OwnershipTransferStarted): void {
  recordOwnershipTransferStarted(event.address, HUB, event.params.newOwner);
}

/** `OwnershipTransferred` on the hub. */
export function handleHubOwnershipTransferred(event: OwnershipTransferred): void {
  recordOwnershipTransferred(event.address, HUB, event.params.newOwner);
}
