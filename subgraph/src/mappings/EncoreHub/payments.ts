// EncoreHub: payments the hub could not push and keeps for withdrawal.
import { Address, BigInt } from "@graphprotocol/graph-ts";

import { DeferredWithdrawn, PaymentDeferred } from "../../../generated/EncoreHub/EncoreHub";
import { DeferredPayment } from "../../../generated/schema";
import { getOrCreateAccount } from "../../utils/accounts";
import { pairId } from "../../utils/ids";

function getDeferred(account: Address, token: Address, timestamp: BigInt): DeferredPayment {
  const id = pairId(account, token);
  let deferred = DeferredPayment.load(id);
  if (deferred == null) {
    getOrCreateAccount(account, timestamp);
    deferred = new DeferredPayment(id);
    deferred.account = account.toHexString();
    deferred.token = token;
    deferred.totalDeferred = BigInt.zero();
    deferred.totalWithdrawn = BigInt.zero();
    deferred.owed = BigInt.zero();
  }
  deferred.updatedAt = timestamp;
  return deferred;
}

/** `PaymentDeferred`: a push failed; `amount` is kept for the account. */
export function handlePaymentDeferred(event: PaymentDeferred): void {
  const deferred = getDeferred(event.params.account, event.params.token, event.block.timestamp);
  deferred.totalDeferred = deferred.totalDeferred.plus(event.params.amount);
  deferred.owed = deferred.owed.plus(event.params.amount);
  deferred.save();
}

/** `DeferredWithdrawn`: the account took its deferred payments. */
export function handleDeferredWithdrawn(event: DeferredWithdrawn): void {
  const deferred = getDeferred(event.params.account, event.params.token, event.block.timestamp);
  deferred.totalWithdrawn = deferred.totalWithdrawn.plus(event.params.amount);
  deferred.owed = deferred.owed.minus(event.params.amount);
  deferred.save();
}
