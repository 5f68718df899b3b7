/**
 * Contract ABIs and addresses, from the one source of truth: `npm run export` writes the ABIs into
 * `src/generated/contracts.ts` (typed, for viem) and the deployed addresses into `generated/contracts.json`, which
 * is read at start-up (so a fresh local deployment needs no rebuild).
 */
import { readFileSync } from "node:fs";
import { getAddress, type Address } from "viem";

import { abis, type ContractName } from "../generated/contracts.ts";

export { abis, type ContractName };

/** Contract name → address on one chain. */
export type Deployment = Record<ContractName, Address>;

/** The contracts the service uses; all must be deployed on its chain. */
export const REQUIRED_CONTRACTS = [
  "EncoreHub",
  "EncoreShares",
  "RevenueOracle",
  "EncoreAutomation",
] as const satisfies readonly ContractName[];

/**
 * Reads the addresses deployed on `chainId` from the generated deployments file.
 *
 * @throws When the file is missing or unreadable, or a required contract has no address on that chain.
 */
export function loadDeployment(file: string, chainId: number): Deployment {
  let parsed: { deployments?: Record<string, Partial<Record<ContractName, string>>> };
  try {
    parsed = JSON.parse(readFileSync(file, "utf8")) as typeof parsed;
  } catch (error) {
    throw new Error(`cannot read deployments file ${file} (run \`npm start\` or \`npm run export\`): ${String(error)}`);
  }
  const onChain = parsed.deployments?.[String(chainId)] ?? {};
  for (const name of REQUIRED_CONTRACTS) {
    if (onChain[name] === undefined) throw new Error(`${file}: no ${name} address for chain ${chainId}`);
  }
  return Object.fromEntries(
    Object.entries(onChain).map(([name, address]) => [name, getAddress(address)]),
  ) as Deployment;
}
