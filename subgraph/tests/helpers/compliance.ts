// Mock ComplianceRegistry and EncoreAutomation events.
import { BigInt, Bytes, ethereum } from "@graphprotocol/graph-ts";

import {
  AttestationRevoked,
  Attested,
  AttesterSet,
  CountryRuleSet,
  EIP712DomainChanged,
  OwnershipTransferStarted,
  OwnershipTransferred,
} from "../../generated/ComplianceRegistry/ComplianceRegistry";
import { TaskFailed, TaskPerformed, TaskSkipped } from "../../generated/EncoreAutomation/EncoreAutomation";
import { AUTOMATION, COMPLIANCE } from "./addresses";
import { addressParam, boolParam, fixedBytesParam, mockEvent, u32Param, uintParam } from "./events";

/** "US" as bytes2. */
export const US = "0x5553";

/** `Attested`. */
export function attested(
  account: string,
  attester: string,
  country: string,
  accredited: boolean,
  expiry: i64,
): Attested {
  return changetype<Attested>(
    mockEvent(COMPLIANCE, [
      addressParam("account", account),
      addressParam("attester", attester),
      fixedBytesParam("country", country),
      boolParam("accredited", accredited),
      uintParam("expiry", BigInt.fromI64(expiry)),
    ]),
  );
}

/** `AttestationRevoked`. */
export function attestationRevoked(account: string, attester: string): AttestationRevoked {
  return changetype<AttestationRevoked>(
    mockEvent(COMPLIANCE, [addressParam("account", account), addressParam("attester", attester)]),
  );
}

/** `AttesterSet`. */
export function attesterSet(attester: string, enabled: boolean): AttesterSet {
  return changetype<AttesterSet>(
    mockEvent(COMPLIANCE, [addressParam("attester", attester), boolParam("enabled", enabled)]),
  );
}

/** `CountryRuleSet` with lockup 1 day, limits 5,000 / 10,000. */
export function countryRuleSet(country: string, allowed: boolean, accreditationRequired: boolean): CountryRuleSet {
  const rule: ethereum.Value[] = [
    ethereum.Value.fromBoolean(allowed),
    ethereum.Value.fromBoolean(accreditationRequired),
    ethereum.Value.fromBoolean(true),
    ethereum.Value.fromUnsignedBigInt(BigInt.fromI32(86400)),
    ethereum.Value.fromUnsignedBigInt(BigInt.fromI32(5000)),
    ethereum.Value.fromUnsignedBigInt(BigInt.fromI32(10000)),
  ];
  return changetype<CountryRuleSet>(
    mockEvent(COMPLIANCE, [
      fixedBytesParam("country", country),
      new ethereum.EventParam("rule", ethereum.Value.fromTuple(changetype<ethereum.Tuple>(rule))),
    ]),
  );
}

/** Registry `EIP712DomainChanged`. */
export function complianceDomainChanged(): EIP712DomainChanged {
  return changetype<EIP712DomainChanged>(mockEvent(COMPLIANCE, []));
}

/** Registry `OwnershipTransferStarted`. */
export function complianceOwnershipTransferStarted(previous: string, next: string): OwnershipTransferStarted {
  return changetype<OwnershipTransferStarted>(
    mockEvent(COMPLIANCE, [addressParam("previousOwner", previous), addressParam("newOwner", next)]),
  );
}

/** Registry `OwnershipTransferred`. */
export function complianceOwnershipTransferred(previous: string, next: string): OwnershipTransferred {
  return changetype<OwnershipTransferred>(
    mockEvent(COMPLIANCE, [addressParam("previousOwner", previous), addressParam("newOwner", next)]),
  );
}

/** `TaskPerformed`. */
export function taskPerformed(kind: i32, id: i32): TaskPerformed {
  return changetype<TaskPerformed>(mockEvent(AUTOMATION, [u32Param("kind", kind), u32Param("id", id)]));
}

/** `TaskSkipped`. */
export function taskSkipped(kind: i32, id: i32): TaskSkipped {
  return changetype<TaskSkipped>(mockEvent(AUTOMATION, [u32Param("kind", kind), u32Param("id", id)]));
}

/** `TaskFailed` with revert data `reason`. */
export function taskFailed(kind: i32, id: i32, reason: string): TaskFailed {
  return changetype<TaskFailed>(
    mockEvent(AUTOMATION, [
      u32Param("kind", kind),
      u32Param("id", id),
      new ethereum.EventParam("reason", ethereum.Value.fromBytes(Bytes.fromHexString(reason))),
    ]),
  );
}
