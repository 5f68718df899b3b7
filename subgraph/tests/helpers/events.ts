// Builders of mock events with distinct transaction hashes and log indexes, and of event parameters.
import { Address, BigInt, Bytes, ethereum } from "@graphprotocol/graph-ts";
import { newMockEvent } from "matchstick-as/assembly/index";

/** Default block time of mock events: 2025-01-01T00:00:00Z (day 20089). */
export const T0: i64 = 1735689600;

let counter: i32 = 0;

/**
 * A mock event at `timestamp` from contract `address` with `params`; every call gets a new transaction hash and
 * log index so immutable record ids never collide.
 */
export function mockEvent(address: string, params: ethereum.EventParam[], timestamp: i64 = T0): ethereum.Event {
  counter++;
  const event = newMockEvent();
  event.address = Address.fromString(address);
  event.parameters = params;
  event.logIndex = BigInt.fromI32(counter);
  event.block.timestamp = BigInt.fromI64(timestamp);
  event.block.number = BigInt.fromI32(1000 + counter);
  event.transaction.hash = Bytes.fromI32(counter);
  return event;
}

/** `<txHash>-<logIndex>` of the most recent mock event (the id its immutable record gets). */
export function lastEventId(): string {
  return Bytes.fromI32(counter).toHexString() + "-" + counter.toString();
}

/** A uint parameter. */
export function uintParam(name: string, value: BigInt): ethereum.EventParam {
  return new ethereum.EventParam(name, ethereum.Value.fromUnsignedBigInt(value));
}

/** A uint parameter from an i32. */
export function u32Param(name: string, value: i32): ethereum.EventParam {
  return new ethereum.EventParam(name, ethereum.Value.fromUnsignedBigInt(BigInt.fromI32(value)));
}

/** An address parameter. */
export function addressParam(name: string, value: string): ethereum.EventParam {
  return new ethereum.EventParam(name, ethereum.Value.fromAddress(Address.fromString(value)));
}

/** A bool parameter. */
export function boolParam(name: string, value: boolean): ethereum.EventParam {
  return new ethereum.EventParam(name, ethereum.Value.fromBoolean(value));
}

/** A fixed-bytes parameter from hex. */
export function fixedBytesParam(name: string, hex: string): ethereum.EventParam {
  return new ethereum.EventParam(name, ethereum.Value.fromFixedBytes(Bytes.fromHexString(hex)));
}

/** A string parameter. */
export function stringParam(name: string, value: string): ethereum.EventParam {
  return new ethereum.EventParam(name, ethereum.Value.fromString(value));
}

/** A uint256[] parameter. */
export function uintArrayParam(name: string, values: BigInt[]): ethereum.EventParam {
  return new ethereum.EventParam(name, ethereum.Value.fromUnsignedBigIntArray(values));
}

/** A tuple parameter. */
export function tupleParam(name: string, values: ethereum.Value[]): ethereum.EventParam {
  const tuple = changetype<ethereum.Tuple>(values);
  return new ethereum.EventParam(name, ethereum.Value.fromTuple(tuple));
}

/** BigInt from a decimal string (exact, any size). */
export function big(decimal: string): BigInt {
  return BigInt.fromString(decimal);
}
