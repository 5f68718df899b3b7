/**
 * Store values (graph-ts `Value`) and Ethereum values (`ethereum.Value`) between module memory and JavaScript,
 * and their text form as matchstick prints and compares it.
 */
import { AscMemory, TypeId } from "./memory.ts";

/** A store value in JavaScript. */
export type StoreValue =
  | { kind: "String"; value: string }
  | { kind: "Int"; value: number }
  | { kind: "Int8" | "Timestamp"; value: bigint }
  | { kind: "BigInt"; value: bigint }
  | { kind: "BigDecimal"; value: string }
  | { kind: "Bool"; value: boolean }
  | { kind: "Bytes"; value: Uint8Array }
  | { kind: "Array"; value: StoreValue[] }
  | { kind: "Null" };

/** An entity: field name → value. */
export type EntityData = Map<string, StoreValue>;

/** graph-ts `ValueKind` order (common/value.ts). */
const STORE_KINDS = ["String", "Int", "BigDecimal", "Bool", "Array", "Null", "Bytes", "BigInt", "Int8", "Timestamp"];

/** Signed little-endian two's complement bytes (graph-ts BigInt) → bigint. */
export function bigIntFromBytes(bytes: Uint8Array): bigint {
  let value = 0n;
  for (let i = bytes.length - 1; i >= 0; i--) value = (value << 8n) | BigInt(bytes[i] ?? 0);
  if (bytes.length > 0 && ((bytes[bytes.length - 1] ?? 0) & 0x80) !== 0) value -= 1n << BigInt(bytes.length * 8);
  return value;
}

/** bigint → minimal signed little-endian two's complement bytes (as graph-node writes a BigInt). */
export function bigIntToBytes(value: bigint): Uint8Array {
  const out: number[] = [];
  let rest = value;
  for (;;) {
    const byte = Number(BigInt.asUintN(8, rest));
    out.push(byte);
    rest >>= 8n;
    const signBit = (byte & 0x80) !== 0;
    if ((rest === 0n && !signBit) || (rest === -1n && signBit)) break;
  }
  return Uint8Array.from(out);
}

/** `0x`-prefixed lowercase hex. */
export function hex(bytes: Uint8Array): string {
  return `0x${Buffer.from(bytes).toString("hex")}`;
}

/** Reads a graph-ts BigDecimal `{ digits: BigInt, exp: BigInt }` as decimal text. */
export function readBigDecimal(mem: AscMemory, ptr: number): string {
  const digits = bigIntFromBytes(mem.bytes(mem.u32(ptr, 0)));
  const exp = Number(bigIntFromBytes(mem.bytes(mem.u32(ptr, 4))));
  if (exp >= 0) return (digits * 10n ** BigInt(exp)).toString();
  const negative = digits < 0n;
  const text = (negative ? -digits : digits).toString().padStart(-exp + 1, "0");
  const cut = text.length + exp;
  const fraction = text.slice(cut).replace(/0+$/, "");
  return `${negative ? "-" : ""}${text.slice(0, cut)}${fraction === "" ? "" : `.${fraction}`}`;
}

/** Reads a graph-ts store `Value` `{ kind: i32, data: u64 }`. */
export function readStoreValue(mem: AscMemory, ptr: number): StoreValue {
  const kind = STORE_KINDS[mem.u32(ptr, 0)];
  const data = mem.u64(ptr, 8);
  const ref = Number(data & 0xffffffffn);
  switch (kind) {
    case "String":
      return { kind, value: mem.string(ref) };
    case "Int":
      return { kind, value: Number(BigInt.asIntN(32, data)) };
    case "Int8":
    case "Timestamp":
      return { kind, value: BigInt.asIntN(64, data) };
    case "BigInt":
      return { kind, value: bigIntFromBytes(mem.bytes(ref)) };
    case "BigDecimal":
      return { kind, value: readBigDecimal(mem, ref) };
    case "Bool":
      return { kind, value: data !== 0n };
    case "Bytes":
      return { kind, value: mem.bytes(ref) };
    case "Array":
      return { kind, value: mem.array(ref).map((item) => readStoreValue(mem, item)) };
    case "Null":
      return { kind };
    default:
      throw new Error(`unknown store value kind ${mem.u32(ptr, 0)}`);
  }
}

/** Writes a store `Value` into module memory. */
export function writeStoreValue(mem: AscMemory, value: StoreValue): number {
  let data: bigint;
  switch (value.kind) {
    case "String":
      data = BigInt(mem.newString(value.value));
      break;
    case "Int":
      data = BigInt(value.value);
      break;
    case "Int8":
    case "Timestamp":
      data = value.value;
      break;
    case "BigInt":
      data = BigInt(mem.newBytes(bigIntToBytes(value.value)));
      break;
    case "Bool":
      data = value.value ? 1n : 0n;
      break;
    case "Bytes":
      data = BigInt(mem.newBytes(value.value));
      break;
    case "Array":
      data = BigInt(
        mem.newArray(
          value.value.map((item) => writeStoreValue(mem, item)),
          TypeId.ArrayStoreValue,
        ),
      );
      break;
    case "Null":
      data = 0n;
      break;
    case "BigDecimal":
      throw new Error("writing BigDecimal store values is not implemented by this runner");
  }
  const ptr = mem.allocate(16, TypeId.StoreValue);
  mem.setU32(ptr, 0, STORE_KINDS.indexOf(value.kind));
  mem.setU64(ptr, 8, data);
  return ptr;
}

/** Reads an `Entity` (`TypedMap<string, Value>`: `entries` of `{ key, value }`). */
export function readEntity(mem: AscMemory, ptr: number): EntityData {
  const data: EntityData = new Map();
  for (const entry of mem.array(mem.u32(ptr, 0))) {
    data.set(mem.string(mem.u32(entry, 0)), readStoreValue(mem, mem.u32(entry, 4)));
  }
  return data;
}

/** Writes an `Entity` into module memory. */
export function writeEntity(mem: AscMemory, data: EntityData): number {
  const entries: number[] = [];
  for (const [key, value] of data) {
    const keyPtr = mem.newString(key);
    const valuePtr = writeStoreValue(mem, value);
    const entry = mem.allocate(8, TypeId.TypedMapEntryStringStoreValue);
    mem.setU32(entry, 0, keyPtr);
    mem.setU32(entry, 4, valuePtr);
    entries.push(entry);
  }
  const array = mem.newArray(entries, TypeId.ArrayTypedMapEntryStringStoreValue);
  const map = mem.allocate(4, TypeId.TypedMapStringStoreValue);
  mem.setU32(map, 0, array);
  return map;
}

/** Text of a store value as matchstick's `assert.fieldEquals` compares it. */
export function formatStoreValue(value: StoreValue): string {
  switch (value.kind) {
    case "Null":
      return "null";
    case "Bytes":
      return hex(value.value);
    case "Array":
      return `[${value.value.map(formatStoreValue).join(", ")}]`;
    default:
      return String(value.value);
  }
}

/** `ethereum.ValueKind` order (chain/ethereum.ts). */
const ETH_KINDS = ["address", "fixedBytes", "bytes", "int", "uint", "bool", "string", "fixedArray", "array", "tuple"];

/** Reads an `ethereum.Value` as comparable text, e.g. `int:5`, `address:0x…`, `tuple:[int:1, bool:true]`. */
export function formatEthereumValue(mem: AscMemory, ptr: number): string {
  const kind = ETH_KINDS[mem.u32(ptr, 0)];
  const ref = Number(mem.u64(ptr, 8) & 0xffffffffn);
  switch (kind) {
    case "address":
    case "fixedBytes":
    case "bytes":
      return `${kind}:${hex(mem.bytes(ref))}`;
    case "int":
    case "uint":
      return `int:${bigIntFromBytes(mem.bytes(ref)).toString()}`;
    case "bool":
      return `bool:${mem.u64(ptr, 8) !== 0n}`;
    case "string":
      return `string:${mem.string(ref)}`;
    case "fixedArray":
    case "array":
    case "tuple":
      return `${kind}:[${mem
        .array(ref)
        .map((item) => formatEthereumValue(mem, item))
        .join(", ")}]`;
    default:
      throw new Error(`unknown ethereum value kind ${mem.u32(ptr, 0)}`);
  }
}
