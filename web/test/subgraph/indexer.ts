/**
 * A test-only stand-in for graph-node's indexing: the subgraph's own compiled mappings (`graph build` output,
 * `subgraph/build/<DataSource>/<DataSource>.wasm`) run in Node over the real logs of a local chain, with the store
 * host functions of the matchstick runner (`subgraph/scripts/matchstick/`). Each log becomes an `ethereum.Event`
 * written into the module's memory the way graph-node lays it out (graph-ts `chain/ethereum.ts`), and is handed to
 * the handler `subgraph.yaml` names for its signature, in block then log order across all data sources.
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import {
  decodeEventLog,
  toEventSelector,
  type Abi,
  type AbiEvent,
  type AbiParameter,
  type Address,
  type Block,
  type Hex,
  type Log,
  type PublicClient,
} from "viem";

import { runGraph } from "../../../subgraph/scripts/lib/graphCli.ts";
import { readEventHandlers } from "../../../subgraph/scripts/lib/manifest.ts";
import { BUILD_DIR, MANIFEST, SUBGRAPH_ROOT } from "../../../subgraph/scripts/lib/paths.ts";
import { HostState, createImports, hostFunctions } from "../../../subgraph/scripts/matchstick/host.ts";
import { AscMemory, type AscExports } from "../../../subgraph/scripts/matchstick/memory.ts";
import { SchemaRules } from "../../../subgraph/scripts/matchstick/schema.ts";
import { bigIntToBytes } from "../../../subgraph/scripts/matchstick/values.ts";
import { renderManifest } from "../../../subgraph/scripts/render-manifest.ts";

/** graph-ts `ethereum.ValueKind`. */
const ValueKind = {
  address: 0,
  fixedBytes: 1,
  bytes: 2,
  int: 3,
  uint: 4,
  bool: 5,
  string: 6,
  fixedArray: 7,
  array: 8,
  tuple: 9,
};
/** graph-ts type ids of the Ethereum classes (global/global.ts). */
const EthTypeId = {
  ArrayEthereumValue: 15,
  ArrayEventParam: 19,
  EventParam: 23,
  Transaction: 24,
  Block: 25,
  Value: 30,
  Event: 33,
};

/** The last block indexed. */
export interface IndexedHead {
  number: bigint;
  hash: Hex;
  timestamp: bigint;
}

/** Newest modification time of the files under `dir`. */
function newest(dir: string): number {
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    latest = Math.max(latest, entry.isDirectory() ? newest(path) : statSync(path).mtimeMs);
  }
  return latest;
}

/**
 * Renders the localhost manifest and runs `graph codegen` + `graph build` unless the build is newer than the
 * mappings and the schema (the web tests may run without `npm test -w subgraph` first).
 */
export function ensureSubgraphBuilt(): void {
  const wasm = join(BUILD_DIR, "EncoreHub", "EncoreHub.wasm");
  const sources = Math.max(newest(join(SUBGRAPH_ROOT, "src")), statSync(join(SUBGRAPH_ROOT, "schema.graphql")).mtimeMs);
  if (existsSync(MANIFEST) && existsSync(wasm) && statSync(wasm).mtimeMs > sources) return;
  renderManifest("localhost");
  runGraph(["codegen"]);
  runGraph(["build"]);
}

/** One instantiated mapping module. */
class MappingModule {
  readonly mem = new AscMemory();
  private readonly exports: AscExports & Record<string, unknown>;

  constructor(wasm: Uint8Array, state: HostState, schema: SchemaRules) {
    const module = new WebAssembly.Module(new Uint8Array(wasm));
    const instance = new WebAssembly.Instance(module, createImports(module, hostFunctions(this.mem, state, schema)));
    this.exports = instance.exports as AscExports & Record<string, unknown>;
    this.mem.bind(this.exports);
    this.exports._start();
  }

  /** Calls handler `name` with the event at `eventPtr`. */
  handle(name: string, eventPtr: number): void {
    const handler = this.exports[name];
    if (typeof handler !== "function") throw new Error(`the mapping exports no handler ${name}`);
    (handler as (ptr: number) => void)(eventPtr);
  }
}

/** Writes an `ethereum.Value` for an ABI value. */
function writeValue(mem: AscMemory, param: AbiParameter, value: unknown): number {
  const bytes = (hex: string) => mem.newBytes(Uint8Array.from(Buffer.from(hex.slice(2), "hex")));
  let kind: number;
  let data: bigint;
  const arrayMatch = /^(.*)\[(\d*)\]$/.exec(param.type);
  if (arrayMatch !== null) {
    const inner = { ...param, type: arrayMatch[1] };
    kind = arrayMatch[2] === "" ? ValueKind.array : ValueKind.fixedArray;
    const items = (value as unknown[]).map((item) => writeValue(mem, inner, item));
    data = BigInt(mem.newArray(items, EthTypeId.ArrayEthereumValue));
  } else if (param.type === "tuple") {
    const components = (param as { components: readonly AbiParameter[] }).components;
    const record = value as Record<string, unknown>;
    kind = ValueKind.tuple;
    const items = components.map((component, index) =>
      writeValue(mem, component, component.name === undefined ? (value as unknown[])[index] : record[component.name]),
    );
    data = BigInt(mem.newArray(items, EthTypeId.ArrayEthereumValue));
  } else if (param.type === "address") {
    kind = ValueKind.address;
    data = BigInt(bytes(value as string));
  } else if (param.type === "bool") {
    kind = ValueKind.bool;
    data = value === true ? 1n : 0n;
  } else if (param.type === "string") {
    kind = ValueKind.string;
    data = BigInt(mem.newString(value as string));
  } else if (param.type === "bytes") {
    kind = ValueKind.bytes;
    data = BigInt(bytes(value as string));
  } else if (param.type.startsWith("bytes")) {
    kind = ValueKind.fixedBytes;
    data = BigInt(bytes(value as string));
  } else if (/^u?int\d*$/.test(param.type)) {
    kind = param.type.startsWith("u") ? ValueKind.uint : ValueKind.int;
    data = BigInt(mem.newBytes(bigIntToBytes(BigInt(value as bigint | number))));
  } else {
    throw new Error(`unsupported ABI type ${param.type}`);
  }
  const ptr = mem.allocate(16, EthTypeId.Value);
  mem.setU32(ptr, 0, kind);
  mem.setU64(ptr, 8, data);
  return ptr;
}

/** Allocates an object whose fields are the given 32-bit pointers (0 = null), in order. */
function writeObject(mem: AscMemory, typeId: number, fields: number[]): number {
  const ptr = mem.allocate(fields.length * 4, typeId);
  fields.forEach((field, index) => mem.setU32(ptr, index * 4, field));
  return ptr;
}

/** Writes the `ethereum.Event` of `log` (decoded with `event`) and returns its pointer. */
function writeEvent(mem: AscMemory, event: AbiEvent, log: Log, block: Block<bigint, true>): number {
  const bytes = (hex: string | null | undefined) =>
    mem.newBytes(Uint8Array.from(Buffer.from((hex ?? "0x").slice(2), "hex")));
  const big = (value: bigint | number | null | undefined) => mem.newBytes(bigIntToBytes(BigInt(value ?? 0)));
  const { args } = decodeEventLog({ abi: [event], data: log.data, topics: log.topics, strict: true });
  const named = args as unknown as Record<string, unknown>;
  const params = event.inputs.map((input, index) =>
    writeObject(mem, EthTypeId.EventParam, [
      mem.newString(input.name ?? ""),
      writeValue(mem, input, input.name === undefined ? (args as unknown as unknown[])[index] : named[input.name]),
    ]),
  );
  const tx = block.transactions.find((candidate) => candidate.hash === log.transactionHash);
  if (tx === undefined) throw new Error(`transaction ${log.transactionHash} not in block ${block.number}`);
  const blockPtr = writeObject(mem, EthTypeId.Block, [
    bytes(block.hash),
    bytes(block.parentHash),
    bytes(block.sha3Uncles),
    bytes(block.miner),
    bytes(block.stateRoot),
    bytes(block.transactionsRoot),
    bytes(block.receiptsRoot),
    big(block.number),
    big(block.gasUsed),
    big(block.gasLimit),
    big(block.timestamp),
    big(block.difficulty),
    big(block.totalDifficulty),
    big(block.size),
    block.baseFeePerGas === null ? 0 : big(block.baseFeePerGas),
  ]);
  const txPtr = writeObject(mem, EthTypeId.Transaction, [
    bytes(tx.hash),
    big(tx.transactionIndex),
    bytes(tx.from),
    tx.to === null ? 0 : bytes(tx.to),
    big(tx.value),
    big(tx.gas),
    big(tx.gasPrice),
    bytes(tx.input),
    big(tx.nonce),
  ]);
  return writeObject(mem, EthTypeId.Event, [
    bytes(log.address),
    big(log.logIndex),
    big(log.logIndex),
    0,
    blockPtr,
    txPtr,
    mem.newArray(params, EthTypeId.ArrayEventParam),
    0,
  ]);
}

/** What one data source handles: its module and, per topic0, the ABI event and handler name. */
interface Source {
  module: MappingModule;
  handlers: Map<Hex, { event: AbiEvent; handler: string }>;
}

/**
 * Indexes a local chain with the subgraph's mappings into an in-memory entity store.
 */
export class LocalIndexer {
  /** Entity type → id → fields: what graph-node's store would hold. */
  readonly state = new HostState();
  /** Last indexed block (undefined before the first {@link sync}). */
  head: IndexedHead | undefined;
  private readonly sources = new Map<string, Source>();

  /**
   * Instantiates every data source's mapping module.
   *
   * @param addresses - Address of each data source's contract on the chain to index (by data-source name).
   * @param abis - ABI of each data source's contract.
   */
  constructor(addresses: Record<string, Address>, abis: Record<string, Abi>) {
    const schema = new SchemaRules(join(SUBGRAPH_ROOT, "schema.graphql"));
    const handlers = readEventHandlers();
    for (const [name, address] of Object.entries(addresses)) {
      const wasm = readFileSync(join(BUILD_DIR, name, `${name}.wasm`));
      const abi = abis[name];
      if (abi === undefined) throw new Error(`no ABI for data source ${name}`);
      const source: Source = { module: new MappingModule(wasm, this.state, schema), handlers: new Map() };
      for (const entry of handlers.filter((h) => h.dataSource === name)) {
        const signature = entry.event.replace(/indexed /g, "");
        const event = abi.find(
          (item): item is AbiEvent => item.type === "event" && toEventSelector(item) === toEventSelector(signature),
        );
        if (event === undefined) throw new Error(`${name}: no ABI event for ${entry.event}`);
        source.handlers.set(toEventSelector(signature), { event, handler: entry.handler });
      }
      this.sources.set(address.toLowerCase(), source);
    }
  }

  /**
   * Runs the handlers for every log of the data sources after the indexed head up to `toBlock` (default: the
   * chain head), in block and log order.
   *
   * @returns Number of events handled.
   */
  async sync(client: PublicClient, toBlock?: bigint): Promise<number> {
    const to = toBlock ?? (await client.getBlockNumber({ cacheTime: 0 }));
    const from = this.head === undefined ? 0n : this.head.number + 1n;
    const logs =
      from > to
        ? []
        : await client.getLogs({ address: [...this.sources.keys()] as Address[], fromBlock: from, toBlock: to });
    logs.sort((a, b) =>
      a.blockNumber === b.blockNumber ? (a.logIndex ?? 0) - (b.logIndex ?? 0) : a.blockNumber < b.blockNumber ? -1 : 1,
    );
    const blocks = new Map<bigint, Block<bigint, true>>();
    let handled = 0;
    for (const log of logs) {
      const source = this.sources.get(log.address.toLowerCase());
      const entry = source?.handlers.get(log.topics[0] as Hex);
      if (source === undefined || entry === undefined) continue;
      const number = log.blockNumber;
      let block = blocks.get(number);
      if (block === undefined) {
        block = await client.getBlock({ blockNumber: number, includeTransactions: true });
        blocks.set(number, block);
      }
      source.module.handle(entry.handler, writeEvent(source.module.mem, entry.event, log, block));
      handled++;
    }
    const last = await client.getBlock({ blockNumber: to });
    this.head = { number: to, hash: last.hash, timestamp: last.timestamp };
    return handled;
  }
}
