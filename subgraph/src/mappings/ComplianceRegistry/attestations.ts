// ComplianceRegistry: investor attestations and attesters.
import { AttestationRevoked, Attested, AttesterSet } from "../../../generated/ComplianceRegistry/ComplianceRegistry";
import { Attestation } from "../../../generated/schema";
import { getOrCreateAccount } from "../../utils/accounts";
import { countryCode } from "../../utils/conversion";

/** `Attested`: an attester vouched for the account's country, accreditation and expiry (replacing any earlier). */
export function handleAttested(event: Attested): void {
  const account = getOrCreateAccount(event.params.account, event.block.timestamp);
  const attestation = new Attestation(account.id);
  attestation.account = account.id;
  attestation.attester = event.params.attester;
  attestation.country = countryCode(event.params.country);
  attestation.accredited = event.params.accredited;
  attestation.expiry = event.params.expiry;
  attestation.revoked = false;
  attestation.updatedAt = event.block.timestamp;
  attestation.save();
  account.attestation = attestation.id;
  account.save();
}

/** `AttestationRevoked`: the attestation is deleted on-chain; kept here marked revoked. */
export function handleAttestationRevoked(event: AttestationRevoked): void {
  const attestation = Attestation.load(event.params.account.toHexString());
  if (attestation == null) return;
  attestation.revoked = true;
  attestation.attester = event.params.attester;
  attestation.updatedAt = event.block.timestamp;
  attestation.save();
}

/** `AttesterSet`: the attester role granted or revoked. */
export function handleAttesterSet(event: AttesterSet): void {
  const account = getOrCreateAccount(event.params.attester, event.block.timestamp);
  account.isAttester = event.params.enabled;
  account.save();
}
