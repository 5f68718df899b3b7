// RevenueOracle: operators, guardians, settings and ownership.
import {
  ChallengeWindowSet,
  EIP712DomainChanged,
  GuardianSet,
  OperatorAdded,
  OperatorRemoved,
  OwnershipTransferStarted,
  OwnershipTransferred,
  PaymentGraceSet,
  PenaltyBpsSet,
  ThresholdSet,
} from "../../../generated/RevenueOracle/RevenueOracle";
import { getOrCreateAccount } from "../../utils/accounts";
import { ORACLE } from "../../utils/constants";
import {
  recordEip712DomainChanged,
  recordOwnershipTransferStarted,
  recordOwnershipTransferred,
} from "../../utils/ownership";
import { getProtocol } from "../../utils/protocol";

/** `OperatorAdded`: a report signer joined. */
export function handleOperatorAdded(event: OperatorAdded): void {
  const account = getOrCreateAccount(event.params.operator, event.block.timestamp);
  account.isOracleOperator = true;
  account.save();
  const protocol = getProtocol();
  protocol.operatorCount = protocol.operatorCount + 1;
  protocol.save();
}

/** `OperatorRemoved`: a report signer left. */
export function handleOperatorRemoved(event: OperatorRemoved): void {
  const account = getOrCreateAccount(event.params.operator, event.block.timestamp);
  account.isOracleOperator = false;
  account.save();
  const protocol = getProtocol();
  protocol.operatorCount = protocol.operatorCount - 1;
  protocol.save();
}

/** `ThresholdSet`: signatures a report needs. */
export function handleThresholdSet(event: ThresholdSet): void {
  const protocol = getProtocol();
  protocol.reportThreshold = event.params.threshold;
  protocol.save();
}

/** `GuardianSet`: a guardian (may dispute) enabled or disabled. */
export function handleGuardianSet(event: GuardianSet): void {
  const account = getOrCreateAccount(event.params.guardian, event.block.timestamp);
  account.isGuardian = event.params.enabled;
  account.save();
}

/** `ChallengeWindowSet`: window of reports submitted from now on. */
export function handleChallengeWindowSet(event: ChallengeWindowSet): void {
  const protocol = getProtocol();
  protocol.challengeWindow = event.params.challengeWindow;
  protocol.save();
}

/** `PaymentGraceSet`: grace of reports submitted from now on. */
export function handlePaymentGraceSet(event: PaymentGraceSet): void {
  const protocol = getProtocol();
  protocol.paymentGrace = event.params.paymentGrace;
  protocol.save();
}

/** `PenaltyBpsSet`: fine rate of reports submitted from now on. */
export function handlePenaltyBpsSet(event: PenaltyBpsSet): void {
  const protocol = getProtocol();
  protocol.penaltyBps = event.params.penaltyBps;
  protocol.save();
}

/** `EIP712DomainChanged` on the oracle. */
export function handleOracleEIP712DomainChanged(event: EIP712DomainChanged): void {
  recordEip712DomainChanged(event.address, ORACLE);
}

/** `OwnershipTransferStarted` on the oracle. */
export function handleOracleOwnershipTransferStarted(event: OwnershipTransferStarted): void {
  recordOwnershipTransferStarted(event.address, ORACLE, event.params.newOwner);
}

/** `OwnershipTransferred` on the oracle. */
export function handleOracleOwnershipTransferred(event: OwnershipTransferred): void {
  recordOwnershipTransferred(event.address, ORACLE, event.params.newOwner);
}
