import { afterEach, assert, beforeEach, clearStore, describe, test } from "matchstick-as/assembly/index";

import { handleCampaignCreated, handleTreasurySet } from "../src/mappings/EncoreHub";
import {
  handleApprovalForAll,
  handleTransferBatch,
  handleTransferSingle,
  handleURI,
} from "../src/mappings/EncoreShares";
import { ALICE, BOB, HUB, TREASURY, ZERO } from "./helpers/addresses";
import { T0, lastEventId } from "./helpers/events";
import * as hub from "./helpers/hub";
import * as shares from "./helpers/shares";

const ALICE_1 = "1-" + ALICE;
const BOB_1 = "1-" + BOB;

describe("EncoreShares transfers", () => {
  beforeEach(() => {
    handleTreasurySet(hub.treasurySet(TREASURY, 0));
    handleCampaignCreated(hub.campaignCreated(1));
    handleCampaignCreated(hub.campaignCreated(2));
  });
  afterEach(() => {
    clearStore();
  });

  test("a mint raises the supply and the receiver's balance and counts a holder", () => {
    handleTransferSingle(shares.transferSingle(ZERO, ALICE, 1, 500));
    const id = lastEventId();
    assert.fieldEquals("ShareTransfer", id, "kind", "Mint");
    assert.fieldEquals("ShareTransfer", id, "from", "null");
    assert.fieldEquals("ShareTransfer", id, "to", ALICE);
    assert.fieldEquals("ShareTransfer", id, "operator", HUB);
    assert.fieldEquals("Position", ALICE_1, "shares", "500");
    assert.fieldEquals("Campaign", "1", "shareSupply", "500");
    assert.fieldEquals("Campaign", "1", "holderCount", "1");
    assert.fieldEquals("Position", ALICE_1, "sharesReceived", "0");
  });

  test("a burn lowers the sender's balance and the supply and drops the holder", () => {
    handleTransferSingle(shares.transferSingle(ZERO, ALICE, 1, 500));
    handleTransferSingle(shares.transferSingle(ALICE, ZERO, 1, 500));
    assert.fieldEquals("ShareTransfer", lastEventId(), "kind", "Burn");
    assert.fieldEquals("ShareTransfer", lastEventId(), "to", "null");
    assert.fieldEquals("Position", ALICE_1, "shares", "0");
    assert.fieldEquals("Campaign", "1", "shareSupply", "0");
    assert.fieldEquals("Campaign", "1", "holderCount", "0");
  });

  test("a transfer moves shares between positions; the supply stays", () => {
    handleTransferSingle(shares.transferSingle(ZERO, ALICE, 1, 500));
    handleTransferSingle(shares.transferSingle(ALICE, BOB, 1, 200, T0 + 60));
    assert.fieldEquals("ShareTransfer", lastEventId(), "kind", "Transfer");
    assert.fieldEquals("Position", ALICE_1, "shares", "300");
    assert.fieldEquals("Position", ALICE_1, "sharesSent", "200");
    assert.fieldEquals("Position", BOB_1, "shares", "200");
    assert.fieldEquals("Position", BOB_1, "sharesReceived", "200");
    assert.fieldEquals("Position", BOB_1, "firstActivityAt", (T0 + 60).toString());
    assert.fieldEquals("Campaign", "1", "shareSupply", "500");
    assert.fieldEquals("Campaign", "1", "holderCount", "2");
    assert.fieldEquals("CampaignDayData", "1-" + (T0 / 86400).toString(), "sharesTransferred", "200");
  });

  test("moving a whole balance keeps the holder count exact", () => {
    handleTransferSingle(shares.transferSingle(ZERO, ALICE, 1, 500));
    handleTransferSingle(shares.transferSingle(ALICE, BOB, 1, 500));
    assert.fieldEquals("Campaign", "1", "holderCount", "1");
    assert.fieldEquals("Position", ALICE_1, "shares", "0");
  });

  test("a self-transfer changes no balance and no count but is recorded", () => {
    handleTransferSingle(shares.transferSingle(ZERO, ALICE, 1, 500));
    handleTransferSingle(shares.transferSingle(ALICE, ALICE, 1, 500));
    assert.fieldEquals("ShareTransfer", lastEventId(), "kind", "SelfTransfer");
    assert.fieldEquals("ShareTransfer", lastEventId(), "from", ALICE);
    assert.fieldEquals("ShareTransfer", lastEventId(), "to", ALICE);
    assert.fieldEquals("Position", ALICE_1, "shares", "500");
    assert.fieldEquals("Position", ALICE_1, "sharesSent", "0");
    assert.fieldEquals("Campaign", "1", "holderCount", "1");
    assert.fieldEquals("CampaignDayData", "1-" + (T0 / 86400).toString(), "sharesTransferred", "0");
  });

  test("a zero-value transfer is recorded and adds no holder", () => {
    handleTransferSingle(shares.transferSingle(ZERO, ALICE, 1, 500));
    handleTransferSingle(shares.transferSingle(ALICE, BOB, 1, 0));
    assert.fieldEquals("Position", BOB_1, "shares", "0");
    assert.fieldEquals("Campaign", "1", "holderCount", "1");
  });

  test("a batch applies every item under its own id", () => {
    handleTransferSingle(shares.transferSingle(ZERO, ALICE, 1, 500));
    handleTransferSingle(shares.transferSingle(ZERO, ALICE, 2, 80));
    handleTransferBatch(shares.transferBatch(ALICE, BOB, [1, 2], [100, 80]));
    const id = lastEventId();
    assert.fieldEquals("ShareTransfer", id + "-0", "campaign", "1");
    assert.fieldEquals("ShareTransfer", id + "-0", "value", "100");
    assert.fieldEquals("ShareTransfer", id + "-1", "campaign", "2");
    assert.fieldEquals("Position", ALICE_1, "shares", "400");
    assert.fieldEquals("Position", "2-" + ALICE, "shares", "0");
    assert.fieldEquals("Position", "2-" + BOB, "shares", "80");
    assert.fieldEquals("Campaign", "2", "holderCount", "1");
    assert.entityCount("ShareTransfer", 4);
  });

  test("a batch mint counts every id", () => {
    handleTransferBatch(shares.transferBatch(ZERO, BOB, [1, 2], [10, 20]));
    assert.fieldEquals("Campaign", "1", "shareSupply", "10");
    assert.fieldEquals("Campaign", "2", "shareSupply", "20");
    assert.fieldEquals("ShareTransfer", lastEventId() + "-1", "kind", "Mint");
  });
});

describe("EncoreShares approvals and URI", () => {
  afterEach(() => {
    clearStore();
  });

  test("ApprovalForAll records and revokes an operator", () => {
    handleApprovalForAll(shares.approvalForAll(ALICE, BOB, true));
    assert.fieldEquals("ShareApproval", ALICE + "-" + BOB, "approved", "true");
    handleApprovalForAll(shares.approvalForAll(ALICE, BOB, false));
    assert.fieldEquals("ShareApproval", ALICE + "-" + BOB, "approved", "false");
    assert.entityCount("ShareApproval", 1);
  });

  test("URI sets the per-id URI of a known campaign and ignores unknown ids", () => {
    handleTreasurySet(hub.treasurySet(TREASURY, 0));
    handleCampaignCreated(hub.campaignCreated(1));
    handleURI(shares.uri("ipfs://shares/1", 1));
    handleURI(shares.uri("ipfs://shares/9", 9));
    assert.fieldEquals("Campaign", "1", "shareURI", "ipfs://shares/1");
    assert.notInStore("Campaign", "9");
  });
});
