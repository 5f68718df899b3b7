// Mock RevenueOracle events.
import { BigInt } from "@graphprotocol/graph-ts";

import {
  ArtistReinstated,
  ArtistSuspended,
  ChallengeWindowSet,
  DebtPaid,
  DebtRecorded,
  EIP712DomainChanged,
  Enforced,
  GuardianSet,
  OperatorAdded,
  OperatorRemoved,
  OwnershipTransferStarted,
  OwnershipTransferred,
  PaymentGraceSet,
  PenaltyBpsSet,
  ReportDisputed,
  ReportSettled,
  ReportSubmitted,
  ReserveFunded,
  ReserveWithdrawn,
  ThresholdSet,
} from "../../generated/RevenueOracle/RevenueOracle";
import { ARTIST, ORACLE, TOKEN } from "./addresses";
import { T0, addressParam, boolParam, fixedBytesParam, mockEvent, u32Param, uintParam } from "./events";

/** Statement root used by mock reports. */
export const ROOT = "0x" + "cd".repeat(32);

/** `ReportSubmitted` of report `reportId` on campaign `id`, sequence = reportId, amount due `amountDue`. */
export function reportSubmitted(id: i32, reportId: i32, grossRevenue: i32, amountDue: i32): ReportSubmitted {
  return changetype<ReportSubmitted>(
    mockEvent(ORACLE, [
      u32Param("campaignId", id),
      u32Param("reportId", reportId),
      u32Param("sequence", reportId),
      uintParam("periodStart", BigInt.fromI64(T0 - 30 * 86400)),
      uintParam("periodEnd", BigInt.fromI64(T0)),
      u32Param("grossRevenue", grossRevenue),
      u32Param("amountDue", amountDue),
      fixedBytesParam("statementRoot", ROOT),
      uintParam("challengeEnd", BigInt.fromI64(T0 + 3 * 86400)),
    ]),
  );
}

/** `ReportDisputed`. */
export function reportDisputed(id: i32, reportId: i32, by: string): ReportDisputed {
  return changetype<ReportDisputed>(
    mockEvent(ORACLE, [u32Param("campaignId", id), u32Param("reportId", reportId), addressParam("by", by)]),
  );
}

/** `ReportSettled`. */
export function reportSettled(id: i32, reportId: i32, paid: i32, debt: i32): ReportSettled {
  return changetype<ReportSettled>(
    mockEvent(ORACLE, [
      u32Param("campaignId", id),
      u32Param("reportId", reportId),
      addressParam("artist", ARTIST),
      u32Param("paid", paid),
      u32Param("debt", debt),
    ]),
  );
}

/** `DebtRecorded`. */
export function debtRecorded(id: i32, reportId: i32, amount: i32): DebtRecorded {
  return changetype<DebtRecorded>(
    mockEvent(ORACLE, [
      u32Param("campaignId", id),
      u32Param("reportId", reportId),
      addressParam("artist", ARTIST),
      u32Param("amount", amount),
      uintParam("dueDate", BigInt.fromI64(T0 + 10 * 86400)),
    ]),
  );
}

/** `DebtPaid`. */
export function debtPaid(id: i32, reportId: i32, payer: string, toHolders: i32, toBond: i32): DebtPaid {
  return changetype<DebtPaid>(
    mockEvent(ORACLE, [
      u32Param("campaignId", id),
      u32Param("reportId", reportId),
      addressParam("payer", payer),
      u32Param("toHolders", toHolders),
      u32Param("toBond", toBond),
    ]),
  );
}

/** `Enforced`. */
export function enforced(id: i32, reportId: i32, debt: i32, fine: i32, paidFromBond: i32): Enforced {
  return changetype<Enforced>(
    mockEvent(ORACLE, [
      u32Param("campaignId", id),
      u32Param("reportId", reportId),
      addressParam("artist", ARTIST),
      u32Param("debt", debt),
      u32Param("fine", fine),
      u32Param("paidFromBond", paidFromBond),
    ]),
  );
}

/** `ArtistSuspended`. */
export function artistSuspended(id: i32): ArtistSuspended {
  return changetype<ArtistSuspended>(mockEvent(ORACLE, [addressParam("artist", ARTIST), u32Param("campaignId", id)]));
}

/** `ArtistReinstated`. */
export function artistReinstated(id: i32): ArtistReinstated {
  return changetype<ArtistReinstated>(mockEvent(ORACLE, [addressParam("artist", ARTIST), u32Param("campaignId", id)]));
}

/** `ReserveFunded`. */
export function reserveFunded(payer: string, amount: i32): ReserveFunded {
  return changetype<ReserveFunded>(
    mockEvent(ORACLE, [
      addressParam("artist", ARTIST),
      addressParam("token", TOKEN),
      addressParam("payer", payer),
      u32Param("amount", amount),
    ]),
  );
}

/** `ReserveWithdrawn`. */
export function reserveWithdrawn(amount: i32): ReserveWithdrawn {
  return changetype<ReserveWithdrawn>(
    mockEvent(ORACLE, [addressParam("artist", ARTIST), addressParam("token", TOKEN), u32Param("amount", amount)]),
  );
}

/** `OperatorAdded`. */
export function operatorAdded(operator: string): OperatorAdded {
  return changetype<OperatorAdded>(mockEvent(ORACLE, [addressParam("operator", operator)]));
}

/** `OperatorRemoved`. */
export function operatorRemoved(operator: string): OperatorRemoved {
  return changetype<OperatorRemoved>(mockEvent(ORACLE, [addressParam("operator", operator)]));
}

/** `ThresholdSet`. */
export function thresholdSet(threshold: i32): ThresholdSet {
  return changetype<ThresholdSet>(mockEvent(ORACLE, [u32Param("threshold", threshold)]));
}

/** `GuardianSet`. */
export function guardianSet(guardian: string, enabled: boolean): GuardianSet {
  return changetype<GuardianSet>(
    mockEvent(ORACLE, [addressParam("guardian", guardian), boolParam("enabled", enabled)]),
  );
}

/** `ChallengeWindowSet`. */
export function challengeWindowSet(seconds: i32): ChallengeWindowSet {
  return changetype<ChallengeWindowSet>(mockEvent(ORACLE, [u32Param("challengeWindow", seconds)]));
}

/** `PaymentGraceSet`. */
export function paymentGraceSet(seconds: i32): PaymentGraceSet {
  return changetype<PaymentGraceSet>(mockEvent(ORACLE, [u32Param("paymentGrace", seconds)]));
}

/** `PenaltyBpsSet`. */
export function penaltyBpsSet(bps: i32): PenaltyBpsSet {
  return changetype<PenaltyBpsSet>(mockEvent(ORACLE, [u32Param("penaltyBps", bps)]));
}

/** Oracle `EIP712DomainChanged`. */
export function oracleDomainChanged(): EIP712DomainChanged {
  return changetype<EIP712DomainChanged>(mockEvent(ORACLE, []));
}

/** Oracle `OwnershipTransferStarted`. */
export function oracleOwnershipTransferStarted(previous: string, next: string): OwnershipTransferStarted {
  return changetype<OwnershipTransferStarted>(
    mockEvent(ORACLE, [addressParam("previousOwner", previous), addressParam("newOwner", next)]),
  );
}

/** Oracle `OwnershipTransferred`. */
export function oracleOwnershipTransferred(previous: string, next: string): OwnershipTransferred {
  return changetype<OwnershipTransferred>(
    mockEvent(ORACLE, [addressParam("previousOwner", previous), addressParam("newOwner", next)]),
  );
}
