import { afterEach, assert, clearStore, describe, test } from "matchstick-as/assembly/index";

import {
  handleAttestationRevoked,
  handleAttested,
  handleAttesterSet,
  handleComplianceEIP712DomainChanged,
  handleComplianceOwnershipTransferStarted,
  handleComplianceOwnershipTransferred,
  handleCountryRuleSet,
} from "../src/mappings/ComplianceRegistry";
import { ALICE, BOB, COMPLIANCE, OPERATOR } from "./helpers/addresses";
import * as compliance from "./helpers/compliance";
import { T0 } from "./helpers/events";

describe("ComplianceRegistry", () => {
  afterEach(() => {
    clearStore();
  });

  test("Attested stores the attestation with a readable country code and links the account", () => {
    handleAttested(compliance.attested(ALICE, OPERATOR, compliance.US, true, T0 + 86400));
    assert.fieldEquals("Attestation", ALICE, "country", "US");
    assert.fieldEquals("Attestation", ALICE, "accredited", "true");
    assert.fieldEquals("Attestation", ALICE, "attester", OPERATOR);
    assert.fieldEquals("Attestation", ALICE, "expiry", (T0 + 86400).toString());
    assert.fieldEquals("Attestation", ALICE, "revoked", "false");
    assert.fieldEquals("Account", ALICE, "attestation", ALICE);
  });

  test("AttestationRevoked marks it revoked; a new Attested restores it", () => {
    handleAttested(compliance.attested(ALICE, OPERATOR, compliance.US, false, T0 + 86400));
    handleAttestationRevoked(compliance.attestationRevoked(ALICE, BOB));
    assert.fieldEquals("Attestation", ALICE, "revoked", "true");
    assert.fieldEquals("Attestation", ALICE, "attester", BOB);
    handleAttested(compliance.attested(ALICE, OPERATOR, "0x4b52", false, T0 + 2 * 86400));
    assert.fieldEquals("Attestation", ALICE, "revoked", "false");
    assert.fieldEquals("Attestation", ALICE, "country", "KR");
  });

  test("AttestationRevoked of an unknown account stores nothing", () => {
    handleAttestationRevoked(compliance.attestationRevoked(BOB, OPERATOR));
    assert.notInStore("Attestation", BOB);
  });

  test("AttesterSet grants and revokes the role", () => {
    handleAttesterSet(compliance.attesterSet(OPERATOR, true));
    assert.fieldEquals("Account", OPERATOR, "isAttester", "true");
    handleAttesterSet(compliance.attesterSet(OPERATOR, false));
    assert.fieldEquals("Account", OPERATOR, "isAttester", "false");
  });

  test("CountryRuleSet stores the rule under the country code", () => {
    handleCountryRuleSet(compliance.countryRuleSet(compliance.US, true, true));
    assert.fieldEquals("CountryRule", "US", "allowed", "true");
    assert.fieldEquals("CountryRule", "US", "accreditationRequired", "true");
    assert.fieldEquals("CountryRule", "US", "accreditedUnlimited", "true");
    assert.fieldEquals("CountryRule", "US", "lockup", "86400");
    assert.fieldEquals("CountryRule", "US", "maxPerCampaign", "5000");
    assert.fieldEquals("CountryRule", "US", "maxPer12Months", "10000");
  });

  test("ownership and EIP-712 domain events are recorded on the registry's Contract", () => {
    handleComplianceOwnershipTransferStarted(compliance.complianceOwnershipTransferStarted(ALICE, BOB));
    assert.fieldEquals("Contract", COMPLIANCE, "pendingOwner", BOB);
    handleComplianceOwnershipTransferred(compliance.complianceOwnershipTransferred(ALICE, BOB));
    handleComplianceEIP712DomainChanged(compliance.complianceDomainChanged());
    assert.fieldEquals("Contract", COMPLIANCE, "name", "ComplianceRegistry");
    assert.fieldEquals("Contract", COMPLIANCE, "owner", BOB);
    assert.fieldEquals("Contract", COMPLIANCE, "eip712DomainChanges", "1");
  });
});
