// Mock EncoreShares events.
import { BigInt } from "@graphprotocol/graph-ts";

import { ApprovalForAll, TransferBatch, TransferSingle, URI } from "../../generated/EncoreShares/EncoreShares";
import { HUB, SHARES } from "./addresses";
import { T0, addressParam, boolParam, mockEvent, stringParam, u32Param, uintArrayParam } from "./events";

/** `TransferSingle` of `value` shares of campaign `id` (operator: the hub). */
export function transferSingle(from: string, to: string, id: i32, value: i32, timestamp: i64 = T0): TransferSingle {
  return changetype<TransferSingle>(
    mockEvent(
      SHARES,
      [
        addressParam("operator", HUB),
        addressParam("from", from),
        addressParam("to", to),
        u32Param("id", id),
        u32Param("value", value),
      ],
      timestamp,
    ),
  );
}

/** `TransferBatch` of several campaigns' shares. */
export function transferBatch(from: string, to: string, ids: i32[], values: i32[]): TransferBatch {
  const idValues: BigInt[] = [];
  const amountValues: BigInt[] = [];
  for (let i = 0; i < ids.length; i++) {
    idValues.push(BigInt.fromI32(ids[i]));
    amountValues.push(BigInt.fromI32(values[i]));
  }
  return changetype<TransferBatch>(
    mockEvent(SHARES, [
      addressParam("operator", from),
      addressParam("from", from),
      addressParam("to", to),
      uintArrayParam("ids", idValues),
      uintArrayParam("values", amountValues),
    ]),
  );
}

/** `ApprovalForAll`. */
export function approvalForAll(account: string, operator: string, approved: boolean): ApprovalForAll {
  return changetype<ApprovalForAll>(
    mockEvent(SHARES, [
      addressParam("account", account),
      addressParam("operator", operator),
      boolParam("approved", approved),
    ]),
  );
}

/** `URI` of token `id`. */
export function uri(value: string, id: i32): URI {
  return changetype<URI>(mockEvent(SHARES, [stringParam("value", value), u32Param("id", id)]));
}
