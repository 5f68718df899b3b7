// Ownable2Step events shared by the hub, the oracle and the compliance registry.
import { Address } from "@graphprotocol/graph-ts";

import { getContract } from "./protocol";

/** `OwnershipTransferStarted`: `newOwner` is nominated and must accept. */
export function recordOwnershipTransferStarted(contract: Address, name: string, newOwner: Address): void {
  const entity = getContract(contract, name);
  entity.pendingOwner = newOwner;
  entity.save();
}

/** `OwnershipTransferred`: `newOwner` owns the contract; any nomination is consumed. */
export function recordOwnershipTransferred(contract: Address, name: string, newOwner: Address): void {
  const entity = getContract(contract, name);
  entity.owner = newOwner;
  entity.pendingOwner = null;
  entity.save();
}

/** `EIP712DomainChanged`: counted (the contracts never change their domain, so this stays 0 in practice). */
export function recordEip712DomainChanged(contract: Address, name: string): void {
  const entity = getContract(contract, name);
  entity.eip712DomainChanges = entity.eip712DomainChanges + 1;
  entity.save();
}
