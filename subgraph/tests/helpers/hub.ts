// Mock EncoreHub events.
import { Address, BigInt, Bytes, ethereum } from "@graphprotocol/graph-ts";

import {
  BondRestored,
  BondSlashed,
  BondWithdrawn,
  CampaignCreated,
  CampaignCreationPausedSet,
  Claimed,
  DeferredWithdrawn,
  FeeBpsSet,
  Finalized,
  FundsReleased,
  Invested,
  InvestmentPausedSet,
  OwnershipTransferStarted,
  OwnershipTransferred,
  PaymentDeferred,
  RefundSkipped,
  Refunded,
  RevenueDeposited,
  RevenueOracleSet,
  SettlementTokenSet,
  TreasurySet,
} from "../../generated/EncoreHub/EncoreHub";
import { ARTIST, HUB, TOKEN, ZERO } from "./addresses";
import { T0, addressParam, boolParam, mockEvent, u32Param, uintParam } from "./events";

/** Options of a mock campaign (defaults: goal 1,000, hard cap 2,000, payout cap 0, bond 100). */
export class CampaignOptions {
  goal: BigInt = BigInt.fromI32(1000);
  hardCap: BigInt = BigInt.fromI32(2000);
  payoutCap: BigInt = BigInt.zero();
  bond: BigInt = BigInt.fromI32(100);
  shareDuration: BigInt = BigInt.fromI32(86400 * 365);
  compliance: string = ZERO;
  treasuryIndex: i32 = 0;
}

function uintValue(value: BigInt): ethereum.Value {
  return ethereum.Value.fromUnsignedBigInt(value);
}

/** `CampaignCreated` of campaign `id` by ARTIST in TOKEN. */
export function campaignCreated(id: i32, options: CampaignOptions = new CampaignOptions()): CampaignCreated {
  const config: ethereum.Value[] = [
    ethereum.Value.fromAddress(Address.fromString(TOKEN)),
    uintValue(options.goal),
    uintValue(options.hardCap),
    uintValue(BigInt.fromI64(T0 + 30 * 86400)),
    uintValue(BigInt.fromI32(10)),
    uintValue(BigInt.zero()),
    uintValue(BigInt.fromI32(2500)),
    uintValue(options.payoutCap),
    uintValue(options.shareDuration),
    uintValue(BigInt.fromI32(86400 * 90)),
    uintValue(options.bond),
    ethereum.Value.fromFixedBytes(Bytes.fromHexString("0x" + "ab".repeat(32))),
    ethereum.Value.fromString("ipfs://campaign-" + id.toString()),
    ethereum.Value.fromAddress(Address.fromString(options.compliance)),
  ];
  return changetype<CampaignCreated>(
    mockEvent(HUB, [
      u32Param("campaignId", id),
      addressParam("artist", ARTIST),
      addressParam("token", TOKEN),
      new ethereum.EventParam("config", ethereum.Value.fromTuple(changetype<ethereum.Tuple>(config))),
      u32Param("feeBps", 250),
      u32Param("treasuryIndex", options.treasuryIndex),
    ]),
  );
}

/** `Invested`: `payer` paid `amount` for `investor`; `raised` after. */
export function invested(
  id: i32,
  investor: string,
  payer: string,
  amount: i32,
  raised: i32,
  timestamp: i64 = T0,
): Invested {
  return changetype<Invested>(
    mockEvent(
      HUB,
      [
        u32Param("campaignId", id),
        addressParam("investor", investor),
        addressParam("payer", payer),
        u32Param("amount", amount),
        u32Param("raised", raised),
      ],
      timestamp,
    ),
  );
}

/** `Finalized`. */
export function finalized(id: i32, success: boolean, raised: i32, fee: i32, timestamp: i64 = T0): Finalized {
  return changetype<Finalized>(
    mockEvent(
      HUB,
      [u32Param("campaignId", id), boolParam("success", success), u32Param("raised", raised), u32Param("fee", fee)],
      timestamp,
    ),
  );
}

/** `Refunded`. */
export function refunded(id: i32, investor: string, amount: i32): Refunded {
  return changetype<Refunded>(
    mockEvent(HUB, [u32Param("campaignId", id), addressParam("investor", investor), u32Param("amount", amount)]),
  );
}

/** `RefundSkipped`. */
export function refundSkipped(id: i32, investor: string, amount: i32): RefundSkipped {
  return changetype<RefundSkipped>(
    mockEvent(HUB, [u32Param("campaignId", id), addressParam("investor", investor), u32Param("amount", amount)]),
  );
}

/** `FundsReleased`. */
export function fundsReleased(id: i32, amount: i32, total: i32): FundsReleased {
  return changetype<FundsReleased>(
    mockEvent(HUB, [
      u32Param("campaignId", id),
      addressParam("artist", ARTIST),
      u32Param("amount", amount),
      u32Param("totalReleased", total),
    ]),
  );
}

/** `RevenueDeposited` (amounts as BigInt for exactness tests). */
export function revenueDeposited(
  id: i32,
  from: string,
  amount: BigInt,
  toHolders: BigInt,
  toArtist: BigInt,
  timestamp: i64 = T0,
): RevenueDeposited {
  return changetype<RevenueDeposited>(
    mockEvent(
      HUB,
      [
        u32Param("campaignId", id),
        addressParam("from", from),
        uintParam("amount", amount),
        uintParam("toHolders", toHolders),
        uintParam("toArtist", toArtist),
      ],
      timestamp,
    ),
  );
}

/** `Claimed`. */
export function claimed(id: i32, account: string, amount: i32): Claimed {
  return changetype<Claimed>(
    mockEvent(HUB, [u32Param("campaignId", id), addressParam("account", account), u32Param("amount", amount)]),
  );
}

/** `BondWithdrawn`. */
export function bondWithdrawn(id: i32, amount: i32): BondWithdrawn {
  return changetype<BondWithdrawn>(
    mockEvent(HUB, [u32Param("campaignId", id), addressParam("artist", ARTIST), u32Param("amount", amount)]),
  );
}

/** `BondSlashed`. */
export function bondSlashed(id: i32, amount: i32): BondSlashed {
  return changetype<BondSlashed>(
    mockEvent(HUB, [u32Param("campaignId", id), addressParam("artist", ARTIST), u32Param("amount", amount)]),
  );
}

/** `BondRestored`. */
export function bondRestored(id: i32, amount: i32, bond: i32): BondRestored {
  return changetype<BondRestored>(
    mockEvent(HUB, [
      u32Param("campaignId", id),
      addressParam("artist", ARTIST),
      u32Param("amount", amount),
      u32Param("bond", bond),
    ]),
  );
}

/** `PaymentDeferred`. */
export function paymentDeferred(account: string, amount: i32): PaymentDeferred {
  return changetype<PaymentDeferred>(
    mockEvent(HUB, [addressParam("account", account), addressParam("token", TOKEN), u32Param("amount", amount)]),
  );
}

/** `DeferredWithdrawn`. */
export function deferredWithdrawn(account: string, amount: i32): DeferredWithdrawn {
  return changetype<DeferredWithdrawn>(
    mockEvent(HUB, [addressParam("account", account), addressParam("token", TOKEN), u32Param("amount", amount)]),
  );
}

/** `FeeBpsSet`. */
export function feeBpsSet(feeBps: i32): FeeBpsSet {
  return changetype<FeeBpsSet>(mockEvent(HUB, [u32Param("feeBps", feeBps)]));
}

/** `TreasurySet`. */
export function treasurySet(treasury: string, index: i32): TreasurySet {
  return changetype<TreasurySet>(
    mockEvent(HUB, [addressParam("treasury", treasury), u32Param("treasuryIndex", index)]),
  );
}

/** `SettlementTokenSet`. */
export function settlementTokenSet(token: string, allowed: boolean): SettlementTokenSet {
  return changetype<SettlementTokenSet>(mockEvent(HUB, [addressParam("token", token), boolParam("allowed", allowed)]));
}

/** `CampaignCreationPausedSet`. */
export function campaignCreationPausedSet(paused: boolean): CampaignCreationPausedSet {
  return changetype<CampaignCreationPausedSet>(mockEvent(HUB, [boolParam("paused", paused)]));
}

/** `InvestmentPausedSet`. */
export function investmentPausedSet(paused: boolean): InvestmentPausedSet {
  return changetype<InvestmentPausedSet>(mockEvent(HUB, [boolParam("paused", paused)]));
}

/** `RevenueOracleSet`. */
export function revenueOracleSet(oracle: string): RevenueOracleSet {
  return changetype<RevenueOracleSet>(mockEvent(HUB, [addressParam("oracle", oracle)]));
}

/** Hub `OwnershipTransferStarted`. */
export function hubOwnershipTransferStarted(previous: string, next: string): OwnershipTransferStarted {
  return changetype<OwnershipTransferStarted>(
    mockEvent(HUB, [addressParam("previousOwner", previous), addressParam("newOwner", next)]),
  );
}

/** Hub `OwnershipTransferred`. */
export function hubOwnershipTransferred(previous: string, next: string): OwnershipTransferred {
  return changetype<OwnershipTransferred>(
    mockEvent(HUB, [addressParam("previousOwner", previous), addressParam("newOwner", next)]),
  );
}
