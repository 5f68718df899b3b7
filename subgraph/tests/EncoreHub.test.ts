import { BigInt } from "@graphprotocol/graph-ts";
import { afterEach, assert, beforeEach, clearStore, describe, test } from "matchstick-as/assembly/index";

import {
  handleBondRestored,
  handleBondSlashed,
  handleBondWithdrawn,
  handleCampaignCreated,
  handleCampaignCreationPausedSet,
  handleClaimed,
  handleDeferredWithdrawn,
  handleFeeBpsSet,
  handleFinalized,
  handleFundsReleased,
  handleHubOwnershipTransferStarted,
  handleHubOwnershipTransferred,
  handleInvested,
  handleInvestmentPausedSet,
  handlePaymentDeferred,
  handleRefundSkipped,
  handleRefunded,
  handleRevenueDeposited,
  handleRevenueOracleSet,
  handleSettlementTokenSet,
  handleTreasurySet,
} from "../src/mappings/EncoreHub";
import { ALICE, ARTIST, BOB, HUB, ORACLE, PAYER, TOKEN, TREASURY } from "./helpers/addresses";
import { T0, big, lastEventId } from "./helpers/events";
import * as hub from "./helpers/hub";

const C = "1";
const ALICE_POSITION = "1-" + ALICE;

function createCampaign(options: hub.CampaignOptions = new hub.CampaignOptions()): void {
  handleTreasurySet(hub.treasurySet(TREASURY, 0));
  handleCampaignCreated(hub.campaignCreated(1, options));
}

describe("EncoreHub campaigns", () => {
  afterEach(() => {
    clearStore();
  });

  test("CampaignCreated stores the configuration in Funding and counts the artist once", () => {
    createCampaign();
    handleCampaignCreated(hub.campaignCreated(2));
    assert.fieldEquals("Campaign", C, "state", "Funding");
    assert.fieldEquals("Campaign", C, "artist", ARTIST);
    assert.fieldEquals("Campaign", C, "token", TOKEN);
    assert.fieldEquals("Campaign", C, "goal", "1000");
    assert.fieldEquals("Campaign", C, "hardCap", "2000");
    assert.fieldEquals("Campaign", C, "revenueShareBps", "2500");
    assert.fieldEquals("Campaign", C, "initialBond", "100");
    assert.fieldEquals("Campaign", C, "bond", "100");
    assert.fieldEquals("Campaign", C, "metadataURI", "ipfs://campaign-1");
    assert.fieldEquals("Campaign", C, "compliance", "null");
    assert.fieldEquals("Campaign", C, "treasury", "0");
    assert.fieldEquals("Campaign", C, "feeBps", "250");
    assert.fieldEquals("Artist", ARTIST, "campaignCount", "2");
    assert.fieldEquals("Protocol", "encore", "campaignCount", "2");
    assert.fieldEquals("Protocol", "encore", "artistCount", "1");
    assert.fieldEquals("Protocol", "encore", "accountCount", "1");
  });

  test("Finalized with success activates the campaign, opens the share window and books the fee", () => {
    createCampaign();
    handleFinalized(hub.finalized(1, true, 1500, 37, T0 + 100));
    assert.fieldEquals("Campaign", C, "state", "Active");
    assert.fieldEquals("Campaign", C, "raised", "1500");
    assert.fieldEquals("Campaign", C, "fee", "37");
    assert.fieldEquals("Campaign", C, "activatedAt", (T0 + 100).toString());
    assert.fieldEquals("Campaign", C, "shareEnd", (T0 + 100 + 86400 * 365).toString());
    assert.fieldEquals("Protocol", "encore", "successfulCampaignCount", "1");
    assert.fieldEquals("Protocol", "encore", "totalFees", "37");
  });

  test("Finalized without success fails the campaign and opens no window", () => {
    createCampaign();
    handleFinalized(hub.finalized(1, false, 400, 0));
    assert.fieldEquals("Campaign", C, "state", "Failed");
    assert.fieldEquals("Campaign", C, "activatedAt", "null");
    assert.fieldEquals("Protocol", "encore", "failedCampaignCount", "1");
    assert.fieldEquals("Protocol", "encore", "totalFees", "0");
  });
});

describe("EncoreHub investments and refunds", () => {
  beforeEach(() => {
    createCampaign();
  });
  afterEach(() => {
    clearStore();
  });

  test("Invested records the investment for the beneficiary, not the payer", () => {
    handleInvested(hub.invested(1, ALICE, PAYER, 300, 300));
    const id = lastEventId();
    assert.fieldEquals("Investment", id, "investor", ALICE);
    assert.fieldEquals("Investment", id, "payer", PAYER);
    assert.fieldEquals("Investment", id, "amount", "300");
    assert.fieldEquals("Investment", id, "position", ALICE_POSITION);
    assert.fieldEquals("Position", ALICE_POSITION, "invested", "300");
    assert.fieldEquals("Account", ALICE, "totalInvested", "300");
    assert.notInStore("Account", PAYER);
    assert.fieldEquals("Campaign", C, "raised", "300");
    assert.fieldEquals("Campaign", C, "investmentCount", "1");
    assert.fieldEquals("Artist", ARTIST, "totalRaised", "300");
  });

  test("Invested twice accumulates and keeps the first activity", () => {
    handleInvested(hub.invested(1, ALICE, ALICE, 300, 300, T0));
    handleInvested(hub.invested(1, ALICE, ALICE, 200, 500, T0 + 86400));
    assert.fieldEquals("Position", ALICE_POSITION, "invested", "500");
    assert.fieldEquals("Position", ALICE_POSITION, "firstActivityAt", T0.toString());
    assert.fieldEquals("Position", ALICE_POSITION, "lastActivityAt", (T0 + 86400).toString());
    assert.fieldEquals("Protocol", "encore", "totalInvested", "500");
    const day0 = "1-" + (T0 / 86400).toString();
    const day1 = "1-" + (T0 / 86400 + 1).toString();
    assert.fieldEquals("CampaignDayData", day0, "invested", "300");
    assert.fieldEquals("CampaignDayData", day1, "invested", "200");
    assert.fieldEquals("CampaignDayData", day1, "raised", "500");
    assert.fieldEquals("CampaignDayData", day1, "date", ((T0 / 86400 + 1) * 86400).toString());
  });

  test("Refunded books the refund on position, account, campaign and protocol", () => {
    handleInvested(hub.invested(1, ALICE, ALICE, 300, 300));
    handleFinalized(hub.finalized(1, false, 300, 0));
    handleRefunded(hub.refunded(1, ALICE, 300));
    const id = lastEventId();
    assert.fieldEquals("Refund", id, "status", "Paid");
    assert.fieldEquals("Refund", id, "amount", "300");
    assert.fieldEquals("Position", ALICE_POSITION, "refunded", "300");
    assert.fieldEquals("Account", ALICE, "totalRefunded", "300");
    assert.fieldEquals("Campaign", C, "refunded", "300");
    assert.fieldEquals("Protocol", "encore", "totalRefunded", "300");
  });

  test("RefundSkipped records the attempt and moves no money", () => {
    handleInvested(hub.invested(1, BOB, BOB, 100, 100));
    handleRefundSkipped(hub.refundSkipped(1, BOB, 100));
    assert.fieldEquals("Refund", lastEventId(), "status", "Skipped");
    assert.fieldEquals("Campaign", C, "refundSkippedCount", "1");
    assert.fieldEquals("Campaign", C, "refunded", "0");
    assert.fieldEquals("Position", "1-" + BOB, "refunded", "0");
  });
});

describe("EncoreHub revenue, claims and releases", () => {
  beforeEach(() => {
    const options = new hub.CampaignOptions();
    options.payoutCap = BigInt.fromI32(1000);
    createCampaign(options);
    handleRevenueOracleSet(hub.revenueOracleSet(ORACLE));
  });
  afterEach(() => {
    clearStore();
  });

  test("RevenueDeposited splits holders and artist with exact 256-bit amounts", () => {
    clearStore();
    createCampaign();
    const huge = big("115792089237316195423570985008687907853269984665640564039457584007913129639935");
    handleRevenueDeposited(hub.revenueDeposited(1, PAYER, huge, huge.minus(BigInt.fromI32(1)), BigInt.fromI32(1)));
    assert.fieldEquals("Campaign", C, "revenueDeposited", huge.toString());
    assert.fieldEquals(
      "Campaign",
      C,
      "revenueToHolders",
      "115792089237316195423570985008687907853269984665640564039457584007913129639934",
    );
    assert.fieldEquals("Campaign", C, "revenueToArtist", "1");
    assert.fieldEquals("RevenueDeposit", lastEventId(), "viaOracle", "false");
  });

  test("RevenueDeposited from the oracle is marked and the payout cap is detected", () => {
    handleRevenueDeposited(
      hub.revenueDeposited(1, ORACLE, BigInt.fromI32(1200), BigInt.fromI32(1000), BigInt.fromI32(200)),
    );
    assert.fieldEquals("RevenueDeposit", lastEventId(), "viaOracle", "true");
    assert.fieldEquals("Campaign", C, "paidToHolders", "1000");
    assert.fieldEquals("Campaign", C, "payoutCapReached", "true");
    assert.fieldEquals("Protocol", "encore", "totalRevenueToArtists", "200");
    assert.fieldEquals("CampaignDayData", "1-" + (T0 / 86400).toString(), "paidToHolders", "1000");
  });

  test("Claimed books the claim on position, account, campaign, protocol and day", () => {
    handleInvested(hub.invested(1, ALICE, ALICE, 1000, 1000));
    handleRevenueDeposited(hub.revenueDeposited(1, PAYER, BigInt.fromI32(400), BigInt.fromI32(400), BigInt.zero()));
    handleClaimed(hub.claimed(1, ALICE, 150));
    assert.fieldEquals("Claim", lastEventId(), "amount", "150");
    assert.fieldEquals("Position", ALICE_POSITION, "claimed", "150");
    assert.fieldEquals("Account", ALICE, "totalClaimed", "150");
    assert.fieldEquals("Campaign", C, "claimed", "150");
    assert.fieldEquals("Protocol", "encore", "totalClaimed", "150");
    assert.fieldEquals("CampaignDayData", "1-" + (T0 / 86400).toString(), "cumulativeClaimed", "150");
  });

  test("FundsReleased tracks the running total from the event", () => {
    handleFundsReleased(hub.fundsReleased(1, 100, 100));
    handleFundsReleased(hub.fundsReleased(1, 50, 150));
    assert.fieldEquals("Campaign", C, "released", "150");
    assert.fieldEquals("Release", lastEventId(), "totalReleased", "150");
    assert.fieldEquals("Artist", ARTIST, "totalReleased", "150");
    assert.fieldEquals("Protocol", "encore", "totalReleased", "150");
  });
});

describe("EncoreHub bond", () => {
  beforeEach(() => {
    createCampaign();
  });
  afterEach(() => {
    clearStore();
  });

  test("BondSlashed lowers the bond and credits holders", () => {
    handleBondSlashed(hub.bondSlashed(1, 60));
    assert.fieldEquals("Campaign", C, "bond", "40");
    assert.fieldEquals("Campaign", C, "bondSlashed", "60");
    assert.fieldEquals("Campaign", C, "paidToHolders", "60");
    assert.fieldEquals("BondChange", lastEventId(), "bondAfter", "40");
    assert.fieldEquals("Protocol", "encore", "totalBondSlashed", "60");
  });

  test("BondRestored takes the new bond from the event", () => {
    handleBondSlashed(hub.bondSlashed(1, 60));
    handleBondRestored(hub.bondRestored(1, 60, 100));
    assert.fieldEquals("Campaign", C, "bond", "100");
    assert.fieldEquals("Campaign", C, "bondRestored", "60");
    assert.fieldEquals("BondChange", lastEventId(), "kind", "Restored");
  });

  test("BondWithdrawn empties the bond", () => {
    handleBondWithdrawn(hub.bondWithdrawn(1, 100));
    assert.fieldEquals("Campaign", C, "bond", "0");
    assert.fieldEquals("BondChange", lastEventId(), "kind", "Withdrawn");
    assert.fieldEquals("BondChange", lastEventId(), "amount", "100");
  });
});

describe("EncoreHub deferred payments and settings", () => {
  afterEach(() => {
    clearStore();
  });

  test("PaymentDeferred and DeferredWithdrawn keep what is owed", () => {
    handlePaymentDeferred(hub.paymentDeferred(ALICE, 70));
    handlePaymentDeferred(hub.paymentDeferred(ALICE, 30));
    handleDeferredWithdrawn(hub.deferredWithdrawn(ALICE, 100));
    const id = ALICE + "-" + TOKEN;
    assert.fieldEquals("DeferredPayment", id, "totalDeferred", "100");
    assert.fieldEquals("DeferredPayment", id, "totalWithdrawn", "100");
    assert.fieldEquals("DeferredPayment", id, "owed", "0");
  });

  test("fee, treasury, token allow-list, pauses and oracle", () => {
    handleFeeBpsSet(hub.feeBpsSet(300));
    handleTreasurySet(hub.treasurySet(TREASURY, 3));
    handleSettlementTokenSet(hub.settlementTokenSet(TOKEN, true));
    handleSettlementTokenSet(hub.settlementTokenSet(PAYER, true));
    handleSettlementTokenSet(hub.settlementTokenSet(TOKEN, false));
    handleCampaignCreationPausedSet(hub.campaignCreationPausedSet(true));
    handleInvestmentPausedSet(hub.investmentPausedSet(true));
    handleRevenueOracleSet(hub.revenueOracleSet(ORACLE));
    assert.fieldEquals("Protocol", "encore", "feeBps", "300");
    assert.fieldEquals("Protocol", "encore", "treasury", "3");
    assert.fieldEquals("Treasury", "3", "address", TREASURY);
    assert.fieldEquals("Protocol", "encore", "allowedTokens", "[" + PAYER + "]");
    assert.fieldEquals("SettlementToken", TOKEN, "allowed", "false");
    assert.fieldEquals("Protocol", "encore", "campaignCreationPaused", "true");
    assert.fieldEquals("Protocol", "encore", "investmentPaused", "true");
    assert.fieldEquals("Protocol", "encore", "revenueOracle", ORACLE);
  });

  test("ownership transfer: nominated, then accepted", () => {
    handleHubOwnershipTransferStarted(hub.hubOwnershipTransferStarted(ALICE, BOB));
    assert.fieldEquals("Contract", HUB, "pendingOwner", BOB);
    assert.fieldEquals("Contract", HUB, "name", "EncoreHub");
    handleHubOwnershipTransferred(hub.hubOwnershipTransferred(ALICE, BOB));
    assert.fieldEquals("Contract", HUB, "owner", BOB);
    assert.fieldEquals("Contract", HUB, "pendingOwner", "null");
  });
});
