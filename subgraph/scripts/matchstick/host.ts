/**
 * Host functions a compiled mapping test imports: graph-node's store, BigInt maths, conversions and logging, and
 * matchstick's registration, assertion and store helpers. {@link createImports} refuses a module that imports
 * anything not implemented here, so a test never runs against a missing host function.
 */
import type { AscMemory } from "./memory.ts";
import type { SchemaRules } from "./schema.ts";
import {
  bigIntFromBytes,
  bigIntToBytes,
  formatEthereumValue,
  formatStoreValue,
  hex,
  readBigDecimal,
  readEntity,
  writeEntity,
  type EntityData,
} from "./values.ts";

/** A `describe`, `test` or hook registered by the module. */
export type Registration =
  | { type: "describe"; name: string; fn: number }
  | { type: "test"; name: string; fn: number; shouldFail: boolean }
  | { type: "hook"; hook: "beforeAll" | "afterAll" | "beforeEach" | "afterEach"; fn: number };

/** State shared by the host functions of one module instance. */
export class HostState {
  /** Entity type → id → fields. */
  readonly store = new Map<string, Map<string, EntityData>>();
  /** Registrations since the last {@link takeRegistrations}. */
  private registrations: Registration[] = [];
  /** Log lines and assertion failures of the running test. */
  messages: string[] = [];

  /** Returns and clears the registrations made so far. */
  takeRegistrations(): Registration[] {
    const taken = this.registrations;
    this.registrations = [];
    return taken;
  }

  /** Adds a registration. */
  register(registration: Registration): void {
    this.registrations.push(registration);
  }

  /** The stored entity, if any. */
  get(entityType: string, id: string): EntityData | undefined {
    return this.store.get(entityType)?.get(id);
  }
}

/** Error thrown by `abort`, `log.critical` and failed host checks; the test fails with its message. */
export class HostError extends Error {}

type HostFunction = (...args: number[]) => number | bigint | void;

/**
 * Every host function the runner implements, by `module.name` as the compiled module imports it.
 *
 * @param mem - Memory of the instance (bound after instantiation).
 * @param state - Store and registrations of the instance.
 * @param schema - Rules entities are validated against on `store.set`.
 */
export function hostFunctions(mem: AscMemory, state: HostState, schema: SchemaRules): Map<string, HostFunction> {
  const big = (ptr: number): bigint => bigIntFromBytes(mem.bytes(ptr));
  const newBig = (value: bigint): number => mem.newBytes(bigIntToBytes(value));
  const fail = (message: string): never => {
    throw new HostError(message);
  };
  const fieldEquals = (
    typePtr: number,
    idPtr: number,
    fieldPtr: number,
    expectedPtr: number,
    message?: string,
  ): number => {
    const entityType = mem.string(typePtr);
    const id = mem.string(idPtr);
    const field = mem.string(fieldPtr);
    const expected = mem.string(expectedPtr);
    const entity = state.get(entityType, id);
    if (entity === undefined) {
      state.messages.push(message ?? `assert.fieldEquals: ${entityType} ${id} is not in the store`);
      return 0;
    }
    const value = entity.get(field);
    const actual = value === undefined ? "null" : formatStoreValue(value);
    if (actual === expected) return 1;
    state.messages.push(
      message ?? `assert.fieldEquals: ${entityType} ${id} ${field}: expected "${expected}", got "${actual}"`,
    );
    return 0;
  };
  const equals = (expectedPtr: number, actualPtr: number, message?: string): number => {
    const expected = formatEthereumValue(mem, expectedPtr);
    const actual = formatEthereumValue(mem, actualPtr);
    if (expected === actual) return 1;
    state.messages.push(message ?? `assert.equals: expected ${expected}, got ${actual}`);
    return 0;
  };
  const notInStore = (typePtr: number, idPtr: number, message?: string): number => {
    const entityType = mem.string(typePtr);
    const id = mem.string(idPtr);
    if (state.get(entityType, id) === undefined) return 1;
    state.messages.push(message ?? `assert.notInStore: ${entityType} ${id} is in the store`);
    return 0;
  };
  const log = (level: number, msgPtr: number): void => {
    const text = mem.string(msgPtr);
    if (level === 0) fail(`log.critical: ${text}`);
    state.messages.push(`[${["CRITICAL", "ERROR", "WARNING", "INFO", "DEBUG", "SUCCESS"][level] ?? level}] ${text}`);
  };
  const divisor = (value: bigint): bigint => (value === 0n ? fail("BigInt division by zero") : value);

  return new Map<string, HostFunction>([
    [
      "env.abort",
      (msg: number, file: number, line: number, column: number) =>
        fail(`${msg === 0 ? "abort" : mem.string(msg)} (${file === 0 ? "?" : mem.string(file)}:${line}:${column})`),
    ],
    [
      "index.store.get",
      (typePtr: number, idPtr: number) => {
        const entity = state.get(mem.string(typePtr), mem.string(idPtr));
        return entity === undefined ? 0 : writeEntity(mem, entity);
      },
    ],
    [
      "index.store.set",
      (typePtr: number, idPtr: number, dataPtr: number) => {
        const entityType = mem.string(typePtr);
        const id = mem.string(idPtr);
        const data = readEntity(mem, dataPtr);
        const problems = schema.validate(entityType, id, data, state.get(entityType, id) !== undefined);
        if (problems.length > 0) fail(`store.set rejected ${entityType} ${id}: ${problems.join("; ")}`);
        const table = state.store.get(entityType) ?? new Map<string, EntityData>();
        table.set(id, data);
        state.store.set(entityType, table);
      },
    ],
    [
      "index.store.remove",
      (typePtr: number, idPtr: number) => void state.store.get(mem.string(typePtr))?.delete(mem.string(idPtr)),
    ],
    ["index.log.log", log],
    ["log.log.log", log],
    ["numbers.bigInt.plus", (x: number, y: number) => newBig(big(x) + big(y))],
    ["numbers.bigInt.minus", (x: number, y: number) => newBig(big(x) - big(y))],
    ["numbers.bigInt.times", (x: number, y: number) => newBig(big(x) * big(y))],
    ["numbers.bigInt.dividedBy", (x: number, y: number) => newBig(big(x) / divisor(big(y)))],
    ["numbers.bigInt.mod", (x: number, y: number) => newBig(big(x) % divisor(big(y)))],
    ["numbers.bigInt.pow", (x: number, exp: number) => newBig(big(x) ** BigInt(exp))],
    ["numbers.bigInt.fromString", (s: number) => newBig(BigInt(mem.string(s)))],
    ["numbers.bigDecimal.toString", (ptr: number) => mem.newString(readBigDecimal(mem, ptr))],
    ["conversion.typeConversion.bytesToHex", (ptr: number) => mem.newString(hex(mem.bytes(ptr)))],
    [
      "conversion.typeConversion.bytesToString",
      (ptr: number) => mem.newString(Buffer.from(mem.bytes(ptr)).toString("utf8").replace(/\0/g, "")),
    ],
    ["conversion.typeConversion.bigIntToString", (ptr: number) => mem.newString(big(ptr).toString())],
    [
      "conversion.typeConversion.bigIntToHex",
      (ptr: number) => {
        const value = big(ptr);
        return mem.newString(value < 0n ? `-0x${(-value).toString(16)}` : `0x${value.toString(16)}`);
      },
    ],
    [
      "conversion.typeConversion.stringToH160",
      (ptr: number) => {
        const text = mem.string(ptr);
        const digits = text.startsWith("0x") ? text.slice(2) : text;
        if (!/^[0-9a-fA-F]{40}$/.test(digits)) fail(`stringToH160: not an address: ${JSON.stringify(text)}`);
        return mem.newBytes(Uint8Array.from(Buffer.from(digits, "hex")));
      },
    ],
    ["assert._assert.fieldEquals", (t: number, i: number, f: number, e: number) => fieldEquals(t, i, f, e)],
    [
      "assert._assert.fieldEqualsWithMessage",
      (t: number, i: number, f: number, e: number, m: number) => fieldEquals(t, i, f, e, mem.string(m)),
    ],
    ["assert._assert.equals", (e: number, a: number) => equals(e, a)],
    ["assert._assert.equalsWithMessage", (e: number, a: number, m: number) => equals(e, a, mem.string(m))],
    ["assert._assert.notInStore", (t: number, i: number) => notInStore(t, i)],
    ["assert._assert.notInStoreWithMessage", (t: number, i: number, m: number) => notInStore(t, i, mem.string(m))],
    ["store.clearStore", () => state.store.clear()],
    ["store.countEntities", (t: number) => state.store.get(mem.string(t))?.size ?? 0],
    [
      "store.logStore",
      () => {
        for (const [entityType, table] of state.store) {
          for (const [id, data] of table) {
            const fields = [...data].map(([k, v]) => `${k}: ${formatStoreValue(v)}`).join(", ");
            state.messages.push(`${entityType} ${id} { ${fields} }`);
          }
        }
      },
    ],
    [
      "index._registerTest",
      (name: number, shouldFail: number, fn: number) =>
        state.register({ type: "test", name: mem.string(name), fn, shouldFail: shouldFail !== 0 }),
    ],
    [
      "index._registerDescribe",
      (name: number, fn: number) => state.register({ type: "describe", name: mem.string(name), fn }),
    ],
    [
      "index._registerHook",
      (fn: number, typePtr: number) => {
        const hook = mem.string(typePtr);
        if (hook !== "beforeAll" && hook !== "afterAll" && hook !== "beforeEach" && hook !== "afterEach")
          fail(`unknown hook ${hook}`);
        state.register({ type: "hook", hook: hook as "beforeAll", fn });
      },
    ],
  ]);
}

/**
 * The import object for `module`, built from {@link hostFunctions}.
 *
 * @throws When the module imports a function the runner does not implement (listing all of them).
 */
export function createImports(module: WebAssembly.Module, functions: Map<string, HostFunction>): WebAssembly.Imports {
  const imports: Record<string, Record<string, HostFunction>> = {};
  const missing: string[] = [];
  for (const entry of WebAssembly.Module.imports(module)) {
    const key = `${entry.module}.${entry.name}`;
    const fn = functions.get(key);
    if (entry.kind !== "function" || fn === undefined) {
      missing.push(`${key} (${entry.kind})`);
      continue;
    }
    (imports[entry.module] ??= {})[entry.name] = fn;
  }
  if (missing.length > 0) {
    throw new Error(`the test module imports host functions this runner does not implement: ${missing.join(", ")}`);
  }
  return imports;
}
