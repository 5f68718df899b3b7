// ComplianceRegistry: per-country rules and ownership.
import {
  CountryRuleSet,
  EIP712DomainChanged,
  OwnershipTransferStarted,
  OwnershipTransferred,
} from "../../../generated/ComplianceRegistry/ComplianceRegistry";
import { CountryRule } from "../../../generated/schema";
import { COMPLIANCE } from "../../utils/constants";
import { countryCode } from "../../utils/conversion";
import {
  recordEip712DomainChanged,
  recordOwnershipTransferStarted,
  recordOwnershipTransferred,
} from "../../utils/ownership";

/** `CountryRuleSet`: the rule of one country, from the next action on. */
export function handleCountryRuleSet(event: CountryRuleSet): void {
  const rule = event.params.rule;
  const entity = new CountryRule(countryCode(event.params.country));
  entity.allowed = rule.allowed;
  entity.accreditationRequired = rule.accreditationRequired;
  entity.accreditedUnlimited = rule.accreditedUnlimited;
  entity.lockup = rule.lockup;
  entity.maxPerCampaign = rule.maxPerCampaign;
  entity.maxPer12Months = rule.maxPer12Months;
  entity.updatedAt = event.block.timestamp;
  entity.save();
}

/** `EIP712DomainChanged` on the registry. */
export function handleComplianceEIP712DomainChanged(event: EIP712DomainChanged): void {
  recordEip712DomainChanged(event.address, COMPLIANCE);
}

/** `OwnershipTransferStarted` on the registry. */
export function handleComplianceOwnershipTransferStarted(event: OwnershipTransferStarted): void {
  recordOwnershipTransferStarted(event.address, COMPLIANCE, event.params.newOwner);
}

/** `OwnershipTransferred` on the registry. */
export function handleComplianceOwnershipTransferred(event: OwnershipTransferred): void {
  recordOwnershipTransferred(event.address, COMPLIANCE, event.params.newOwner);
}
