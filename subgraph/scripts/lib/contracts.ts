/** Reads the generated contract export (the one source of ABIs and deployed addresses). */
import { existsSync, readFileSync } from "node:fs";

import { CONTRACTS_EXPORT } from "./paths.ts";

/** One ABI item as solc emits it (only the fields the subgraph scripts read). */
export interface AbiItem {
  type: string;
  name?: string;
  inputs?: AbiParam[];
}

/** One ABI parameter; `components` for tuples. */
export interface AbiParam {
  type: string;
  name?: string;
  indexed?: boolean;
  components?: AbiParam[];
}

/** Content of `generated/contracts.json`. */
export interface ContractsExport {
  abis: Record<string, AbiItem[]>;
  deployments: Record<string, Record<string, string>>;
}

/**
 * Loads `generated/contracts.json`.
 *
 * @returns ABIs and deployments.
 * @throws When the file is missing (run `npm run build` at the repository root).
 */
export function readContractsExport(): ContractsExport {
  if (!existsSync(CONTRACTS_EXPORT)) {
    throw new Error(`${CONTRACTS_EXPORT} is missing: run \`npm run build\` at the repository root`);
  }
  return JSON.parse(readFileSync(CONTRACTS_EXPORT, "utf8")) as ContractsExport;
}

/**
 * Canonical type of a parameter as graph-cli writes it in event signatures: tuples as `(t1,t2,…)`.
 *
 * @param param - ABI parameter.
 * @returns e.g. `uint256`, `(address,uint256)[]`.
 */
export function canonicalType(param: AbiParam): string {
  if (!param.type.startsWith("tuple")) return param.type;
  const inner = (param.components ?? []).map(canonicalType).join(",");
  return `(${inner})${param.type.slice("tuple".length)}`;
}

/**
 * Event signatures of an ABI in the manifest's format, e.g. `Claimed(indexed uint256,indexed address,uint256)`.
 *
 * @param abi - Contract ABI.
 * @returns One signature per event.
 */
export function eventSignatures(abi: AbiItem[]): string[] {
  return abi
    .filter((item) => item.type === "event")
    .map((item) => {
      const params = (item.inputs ?? []).map((p) => `${p.indexed === true ? "indexed " : ""}${canonicalType(p)}`);
      return `${item.name}(${params.join(",")})`;
    });
}
