/**
 * `node scripts/check-abi.ts`: compares the rendered `subgraph.yaml` with the compiled ABIs in
 * `generated/contracts.json`. Fails when a handler's event signature is not in its contract's ABI (the contract
 * changed under the subgraph) or when an ABI event has no handler (a new event would go unindexed).
 */
import { fileURLToPath } from "node:url";

import { eventSignatures, readContractsExport } from "./lib/contracts.ts";
import { readEventHandlers } from "./lib/manifest.ts";

/** Drift between manifest and ABIs. */
export interface AbiDrift {
  /** `<DataSource>: <signature>` handled but not in the ABI. */
  unknown: string[];
  /** `<DataSource>: <signature>` in the ABI without a handler. */
  unhandled: string[];
  /** Signatures checked. */
  checked: number;
}

/** Computes the drift between the rendered manifest and the exported ABIs. */
export function abiDrift(): AbiDrift {
  const { abis } = readContractsExport();
  const handlers = readEventHandlers();
  const drift: AbiDrift = { unknown: [], unhandled: [], checked: handlers.length };
  const dataSources = new Map<string, Set<string>>();
  for (const h of handlers) {
    const abi = abis[h.abi];
    if (abi === undefined) {
      drift.unknown.push(`${h.dataSource}: no ABI named ${h.abi}`);
      continue;
    }
    const handled = dataSources.get(h.abi) ?? new Set<string>();
    handled.add(h.event);
    dataSources.set(h.abi, handled);
    if (!eventSignatures(abi).includes(h.event)) drift.unknown.push(`${h.dataSource}: ${h.event}`);
  }
  for (const [abiName, handled] of dataSources) {
    for (const signature of eventSignatures(abis[abiName] ?? [])) {
      if (!handled.has(signature)) drift.unhandled.push(`${abiName}: ${signature}`);
    }
  }
  return drift;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const drift = abiDrift();
  for (const line of drift.unknown) console.error(`not in the ABI: ${line}`);
  for (const line of drift.unhandled) console.error(`no handler: ${line}`);
  if (drift.unknown.length + drift.unhandled.length > 0) process.exitCode = 1;
  else console.log(`ABI drift: all ${drift.checked} handled events match the ABIs, and every ABI event is handled`);
}
