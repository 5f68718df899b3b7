/**
 * Reading and writing AssemblyScript 0.19 objects (stub runtime) in a module's linear memory, the way graph-node
 * does: an object pointer has its runtime type id at `ptr - 8` and its byte size at `ptr - 4`; strings are UTF-16LE;
 * typed arrays are `{ buffer, dataStart, byteLength }`; arrays add `length`; class fields follow in declaration
 * order, each aligned to its size.
 */

/** The exports the runner needs from a module compiled with `--exportRuntime --exportTable`. */
export interface AscExports {
  memory: WebAssembly.Memory;
  table: WebAssembly.Table;
  __new(size: number, id: number): number;
  id_of_type(typeId: number): number;
  _start(): void;
}

/** graph-ts `TypeId` values used by the runner (graph-ts/global/global.ts). */
export const TypeId = {
  String: 0,
  ArrayBuffer: 1,
  Uint8Array: 6,
  ArrayStoreValue: 16,
  ArrayTypedMapEntryStringStoreValue: 21,
  StoreValue: 31,
  TypedMapEntryStringStoreValue: 34,
  TypedMapStringStoreValue: 36,
} as const;

/** Typed access to the objects of one instantiated module. */
export class AscMemory {
  private exports: AscExports | undefined;
  private readonly classIds = new Map<number, number>();

  /** Binds the instance's exports (after instantiation, before any host call). */
  bind(exports: AscExports): void {
    this.exports = exports;
  }

  private get ex(): AscExports {
    if (this.exports === undefined) throw new Error("module memory used before instantiation");
    return this.exports;
  }

  private view(): DataView {
    return new DataView(this.ex.memory.buffer);
  }

  /** Runtime class id of a graph-ts `TypeId`. */
  classId(typeId: number): number {
    let id = this.classIds.get(typeId);
    if (id === undefined) {
      id = this.ex.id_of_type(typeId);
      this.classIds.set(typeId, id);
    }
    return id;
  }

  /** A 32-bit field of the object at `ptr`. */
  u32(ptr: number, offset = 0): number {
    return this.view().getUint32(ptr + offset, true);
  }

  /** A 64-bit field of the object at `ptr`. */
  u64(ptr: number, offset = 0): bigint {
    return this.view().getBigUint64(ptr + offset, true);
  }

  /** An AssemblyScript string. */
  string(ptr: number): string {
    if (ptr === 0) throw new Error("null string passed to the host");
    const size = this.u32(ptr, -4);
    return Buffer.from(new Uint8Array(this.ex.memory.buffer, ptr, size)).toString("utf16le");
  }

  /** A copy of the bytes of a Uint8Array (Bytes, Address, BigInt). */
  bytes(ptr: number): Uint8Array {
    const dataStart = this.u32(ptr, 4);
    const byteLength = this.u32(ptr, 8);
    return new Uint8Array(this.ex.memory.buffer.slice(dataStart, dataStart + byteLength));
  }

  /** The element pointers (or 32-bit values) of an `Array<T>` of references. */
  array(ptr: number): number[] {
    const dataStart = this.u32(ptr, 4);
    const length = this.u32(ptr, 12);
    const out: number[] = [];
    for (let i = 0; i < length; i++) out.push(this.u32(dataStart, i * 4));
    return out;
  }

  /** Allocates an object of `size` bytes of graph-ts type `typeId`. */
  allocate(size: number, typeId: number): number {
    return this.ex.__new(size, this.classId(typeId));
  }

  /** Writes a 32-bit field. */
  setU32(ptr: number, offset: number, value: number): void {
    this.view().setUint32(ptr + offset, value, true);
  }

  /** Writes a 64-bit field. */
  setU64(ptr: number, offset: number, value: bigint): void {
    this.view().setBigUint64(ptr + offset, BigInt.asUintN(64, value), true);
  }

  /** A new AssemblyScript string. */
  newString(value: string): number {
    const encoded = Buffer.from(value, "utf16le");
    const ptr = this.allocate(encoded.length, TypeId.String);
    new Uint8Array(this.ex.memory.buffer, ptr, encoded.length).set(encoded);
    return ptr;
  }

  /** A new Uint8Array (used for Bytes, Address and BigInt, as graph-node does). */
  newBytes(value: Uint8Array): number {
    const buffer = this.allocate(value.length, TypeId.ArrayBuffer);
    new Uint8Array(this.ex.memory.buffer, buffer, value.length).set(value);
    const ptr = this.allocate(12, TypeId.Uint8Array);
    this.setU32(ptr, 0, buffer);
    this.setU32(ptr, 4, buffer);
    this.setU32(ptr, 8, value.length);
    return ptr;
  }

  /** A new `Array<T>` of references of graph-ts type `typeId`. */
  newArray(elements: number[], typeId: number): number {
    const buffer = this.allocate(elements.length * 4, TypeId.ArrayBuffer);
    elements.forEach((element, i) => this.setU32(buffer, i * 4, element));
    const ptr = this.allocate(16, typeId);
    this.setU32(ptr, 0, buffer);
    this.setU32(ptr, 4, buffer);
    this.setU32(ptr, 8, elements.length * 4);
    this.setU32(ptr, 12, elements.length);
    return ptr;
  }

  /** Calls the function at `index` of the exported table (a test, describe body or hook). */
  call(index: number): void {
    const fn = this.ex.table.get(index) as (() => void) | null;
    if (fn === null) throw new Error(`no function at table index ${index}`);
    fn();
  }
}
