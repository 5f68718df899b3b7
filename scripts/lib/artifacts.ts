/**
 * Reads contract ABIs from Hardhat's `artifacts/` folder without loading Hardhat, for scripts that must start fast
 * (export, seeding).
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

import { PROJECT_ROOT } from "./hardhat.ts";

/** A contract ABI as solc emits it. */
export type Abi = readonly Record<string, unknown>[];

/** Folder holding the artifacts of `contracts/`. */
const CONTRACT_ARTIFACTS = join(PROJECT_ROOT, "artifacts", "contracts");

function findArtifactFile(dir: string, fileName: string): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) found.push(...findArtifactFile(path, fileName));
    else if (entry.name === fileName) found.push(path);
  }
  return found;
}

/**
 * The ABI of contract `contractName`, compiled from a file under `contracts/`.
 *
 * @param contractName - Contract name, unique among the project's contracts (e.g. `EncoreHub`).
 * @returns The ABI from `artifacts/contracts/**\/<contractName>.json`.
 * @throws When the artifacts are missing (run `npm run build`) or the name is ambiguous.
 */
export function readAbi(contractName: string): Abi {
  if (!existsSync(CONTRACT_ARTIFACTS)) throw new Error("artifacts/ is missing: run `npm run build` first");
  const files = findArtifactFile(CONTRACT_ARTIFACTS, `${contractName}.json`);
  if (files.length !== 1) {
    throw new Error(
      files.length === 0
        ? `no artifact for ${contractName} under artifacts/contracts: run \`npm run build\``
        : `several artifacts are named ${contractName}: ${files.join(", ")}`,
    );
  }
  const artifact = JSON.parse(readFileSync(files[0], "utf8")) as { abi: Abi };
  return artifact.abi;
}
