import { BigInt } from "@graphprotocol/graph-ts";
import { afterEach, assert, beforeEach, clearStore, describe, test } from "matchstick-as/assembly/index";

import { handleBondSlashed, handleCampaignCreated, handleTreasurySet } from "../src/mappings/EncoreHub";
import {
  handleArtistReinstated,
  handleArtistSuspended,
  handleChallengeWindowSet,
  handleDebtPaid,
  handleDebtRecorded,
  handleEnforced,
  handleGuardianSet,
  handleOperatorAdded,
  handleOperatorRemoved,
  handleOracleEIP712DomainChanged,
  handleOracleOwnershipTransferStarted,
  handleOracleOwnershipTransferred,
  handlePaymentGraceSet,
  handlePenaltyBpsSet,
  handleReportDisputed,
  handleReportSettled,
  handleReportSubmitted,
  handleReserveFunded,
  handleReserveWithdrawn,
  handleThresholdSet,
} from "../src/mappings/RevenueOracle";
import { ALICE, ARTIST, BOB, OPERATOR, ORACLE, PAYER, TOKEN, TREASURY } from "./helpers/addresses";
import { T0, lastEventId } from "./helpers/events";
import * as hub from "./helpers/hub";
import * as oracle from "./helpers/oracle";

function setUp(payoutCap: i32): void {
  const options = new hub.CampaignOptions();
  options.payoutCap = BigInt.fromI32(payoutCap);
  handleTreasurySet(hub.treasurySet(TREASURY, 0));
  handleCampaignCreated(hub.campaignCreated(1, options));
}

/** Report 1 settled short by 300 (debt recorded before ReportSettled, as the oracle emits them). */
function settleShort(): void {
  handleReportSubmitted(oracle.reportSubmitted(1, 1, 4000, 1000));
  handleDebtRecorded(oracle.debtRecorded(1, 1, 300));
  handleReportSettled(oracle.reportSettled(1, 1, 700, 300));
}

describe("RevenueOracle reports", () => {
  beforeEach(() => {
    setUp(0);
  });
  afterEach(() => {
    clearStore();
  });

  test("ReportSubmitted stores a pending report and makes it the campaign's pending one", () => {
    handleReportSubmitted(oracle.reportSubmitted(1, 1, 4000, 1000));
    assert.fieldEquals("Report", "1", "status", "Pending");
    assert.fieldEquals("Report", "1", "campaign", "1");
    assert.fieldEquals("Report", "1", "grossRevenue", "4000");
    assert.fieldEquals("Report", "1", "amountDue", "1000");
    assert.fieldEquals("Report", "1", "statementRoot", oracle.ROOT);
    assert.fieldEquals("Report", "1", "challengeEnd", (T0 + 3 * 86400).toString());
    assert.fieldEquals("Campaign", "1", "pendingReport", "1");
    assert.fieldEquals("Campaign", "1", "reportCount", "1");
    assert.fieldEquals("Protocol", "encore", "reportCount", "1");
  });

  test("ReportDisputed voids the report and clears the pending one", () => {
    handleReportSubmitted(oracle.reportSubmitted(1, 1, 4000, 1000));
    handleReportDisputed(oracle.reportDisputed(1, 1, OPERATOR));
    assert.fieldEquals("Report", "1", "status", "Disputed");
    assert.fieldEquals("Report", "1", "disputed", "true");
    assert.fieldEquals("Report", "1", "disputedBy", OPERATOR);
    assert.fieldEquals("Campaign", "1", "pendingReport", "null");
  });

  test("ReportSettled in full settles without a debt", () => {
    handleReportSubmitted(oracle.reportSubmitted(1, 1, 4000, 1000));
    handleReportSettled(oracle.reportSettled(1, 1, 1000, 0));
    assert.fieldEquals("Report", "1", "status", "Settled");
    assert.fieldEquals("Report", "1", "settled", "true");
    assert.fieldEquals("Report", "1", "paidAtSettlement", "1000");
    assert.fieldEquals("Report", "1", "debt", "null");
    assert.notInStore("Debt", "1");
    assert.fieldEquals("Campaign", "1", "pendingReport", "null");
  });

  test("DebtRecorded then ReportSettled short leaves an open debt", () => {
    settleShort();
    assert.fieldEquals("Report", "1", "status", "Debt");
    assert.fieldEquals("Report", "1", "debt", "1");
    assert.fieldEquals("Report", "1", "debtAtSettlement", "300");
    assert.fieldEquals("Debt", "1", "status", "Open");
    assert.fieldEquals("Debt", "1", "outstanding", "300");
    assert.fieldEquals("Debt", "1", "dueDate", (T0 + 10 * 86400).toString());
    assert.fieldEquals("Artist", ARTIST, "outstandingDebt", "300");
    assert.fieldEquals("Campaign", "1", "openDebtCount", "1");
  });

  test("DebtPaid of an open debt repays it", () => {
    settleShort();
    handleDebtPaid(oracle.debtPaid(1, 1, PAYER, 300, 0));
    assert.fieldEquals("Debt", "1", "status", "Paid");
    assert.fieldEquals("Debt", "1", "outstanding", "0");
    assert.fieldEquals("Debt", "1", "repaid", "300");
    assert.fieldEquals("Report", "1", "status", "Paid");
    assert.fieldEquals("DebtPayment", lastEventId(), "payer", PAYER);
    assert.fieldEquals("Artist", ARTIST, "outstandingDebt", "0");
    assert.fieldEquals("Campaign", "1", "openDebtCount", "0");
  });
});

describe("RevenueOracle enforcement and suspension", () => {
  afterEach(() => {
    clearStore();
  });

  test("Enforced without a payout cap: the artist owes debt + fine; suspension until repaid", () => {
    setUp(0);
    settleShort();
    handleBondSlashed(hub.bondSlashed(1, 100));
    handleEnforced(oracle.enforced(1, 1, 300, 30, 100));
    handleArtistSuspended(oracle.artistSuspended(1));
    assert.fieldEquals("Debt", "1", "status", "Enforced");
    assert.fieldEquals("Debt", "1", "outstanding", "330");
    assert.fieldEquals("Enforcement", "1", "fine", "30");
    assert.fieldEquals("Enforcement", "1", "paidFromBond", "100");
    assert.fieldEquals("Enforcement", "1", "repaid", "false");
    assert.fieldEquals("Report", "1", "status", "Enforced");
    assert.fieldEquals("Report", "1", "enforcement", "1");
    assert.fieldEquals("Campaign", "1", "delinquent", "true");
    assert.fieldEquals("Artist", ARTIST, "outstandingDebt", "330");
    assert.fieldEquals("Artist", ARTIST, "suspended", "true");
    assert.fieldEquals("Suspension", ARTIST + "-1", "active", "true");

    handleDebtPaid(oracle.debtPaid(1, 1, ARTIST, 230, 100));
    handleArtistReinstated(oracle.artistReinstated(1));
    assert.fieldEquals("Enforcement", "1", "repaid", "true");
    assert.fieldEquals("Debt", "1", "repaid", "330");
    assert.fieldEquals("Artist", ARTIST, "outstandingDebt", "0");
    assert.fieldEquals("Artist", ARTIST, "suspended", "false");
    assert.fieldEquals("Suspension", ARTIST + "-1", "active", "false");
    assert.fieldEquals("Suspension", ARTIST + "-1", "endedByCampaign", "1");
  });

  test("Enforced near the payout cap: the obligation is capped by what holders can still receive", () => {
    setUp(800);
    settleShort();
    // No RevenueDeposited in this test: only the slash counts toward the cap.
    handleBondSlashed(hub.bondSlashed(1, 100));
    // room after the slash = 800 - 100 = 700; obligation = min(300 + 30, 700 + 100) = 330.
    handleEnforced(oracle.enforced(1, 1, 300, 30, 100));
    assert.fieldEquals("Debt", "1", "outstanding", "330");
    clearStore();

    setUp(150);
    settleShort();
    handleBondSlashed(hub.bondSlashed(1, 100));
    // room after the slash = 150 - 100 = 50; obligation = min(330, 50 + 100) = 150.
    handleEnforced(oracle.enforced(1, 1, 300, 30, 100));
    assert.fieldEquals("Debt", "1", "outstanding", "150");
    assert.fieldEquals("Artist", ARTIST, "outstandingDebt", "150");
  });

  test("a second suspension gets its own record", () => {
    setUp(0);
    handleArtistSuspended(oracle.artistSuspended(1));
    handleArtistReinstated(oracle.artistReinstated(1));
    handleArtistSuspended(oracle.artistSuspended(1));
    assert.fieldEquals("Artist", ARTIST, "suspensionCount", "2");
    assert.fieldEquals("Suspension", ARTIST + "-1", "active", "false");
    assert.fieldEquals("Suspension", ARTIST + "-2", "active", "true");
  });
});

describe("RevenueOracle reserves and settings", () => {
  afterEach(() => {
    clearStore();
  });

  test("ReserveFunded and ReserveWithdrawn keep totals per artist and token", () => {
    handleReserveFunded(oracle.reserveFunded(PAYER, 500));
    handleReserveFunded(oracle.reserveFunded(ARTIST, 250));
    handleReserveWithdrawn(oracle.reserveWithdrawn(100));
    const id = ARTIST + "-" + TOKEN;
    assert.fieldEquals("ArtistReserve", id, "totalFunded", "750");
    assert.fieldEquals("ArtistReserve", id, "totalWithdrawn", "100");
    assert.fieldEquals("ArtistReserve", id, "artist", ARTIST);
  });

  test("operators, guardians, threshold and windows", () => {
    handleOperatorAdded(oracle.operatorAdded(OPERATOR));
    handleOperatorAdded(oracle.operatorAdded(ALICE));
    handleOperatorRemoved(oracle.operatorRemoved(ALICE));
    handleThresholdSet(oracle.thresholdSet(2));
    handleGuardianSet(oracle.guardianSet(BOB, true));
    handleChallengeWindowSet(oracle.challengeWindowSet(259200));
    handlePaymentGraceSet(oracle.paymentGraceSet(604800));
    handlePenaltyBpsSet(oracle.penaltyBpsSet(1000));
    assert.fieldEquals("Account", OPERATOR, "isOracleOperator", "true");
    assert.fieldEquals("Account", ALICE, "isOracleOperator", "false");
    assert.fieldEquals("Account", BOB, "isGuardian", "true");
    assert.fieldEquals("Protocol", "encore", "operatorCount", "1");
    assert.fieldEquals("Protocol", "encore", "reportThreshold", "2");
    assert.fieldEquals("Protocol", "encore", "challengeWindow", "259200");
    assert.fieldEquals("Protocol", "encore", "paymentGrace", "604800");
    assert.fieldEquals("Protocol", "encore", "penaltyBps", "1000");
  });

  test("ownership and EIP-712 domain events are recorded on the oracle's Contract", () => {
    handleOracleOwnershipTransferStarted(oracle.oracleOwnershipTransferStarted(ALICE, BOB));
    handleOracleOwnershipTransferred(oracle.oracleOwnershipTransferred(ALICE, BOB));
    handleOracleEIP712DomainChanged(oracle.oracleDomainChanged());
    assert.fieldEquals("Contract", ORACLE, "name", "RevenueOracle");
    assert.fieldEquals("Contract", ORACLE, "owner", BOB);
    assert.fieldEquals("Contract", ORACLE, "pendingOwner", "null");
    assert.fieldEquals("Contract", ORACLE, "eip712DomainChanges", "1");
  });
});
