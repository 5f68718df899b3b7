/**
 * A real local chain for service tests: a Hardhat node on a free loopback port with EncoreLocal deployed by
 * Ignition (under its own deployment id, so `npm start`'s folder is untouched), and a deployments file in a temp
 * folder the service reads (`ENCORE_CONTRACTS_FILE`).
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { HDNodeWallet } from "ethers";

import { deployLocal, type LocalAddresses } from "../../../scripts/lib/deployLocal.ts";
import { PROJECT_ROOT } from "../../../scripts/lib/hardhat.ts";
import { rpc, startLocalNode, type LocalNode } from "../../../scripts/lib/localNode.ts";
import { findFreePort } from "../../../scripts/lib/ports.ts";

/** Hardhat's default dev mnemonic (public: local use only). */
export const DEV_MNEMONIC = "test test test test test test test test test test test junk";

/** Private key of Hardhat dev account `index`. */
export function devKey(index: number): `0x${string}` {
  return HDNodeWallet.fromPhrase(DEV_MNEMONIC, undefined, `m/44'/60'/0'/0/${index}`).privateKey as `0x${string}`;
}

/** Dev accounts EncoreLocal uses: 0 owner, 1 treasury, 2–3 artists, 4–8 fans, 10–12 operators, 13 guardian. */
export const DEV_ACCOUNTS = {
  owner: 0,
  treasury: 1,
  artists: [2, 3],
  fans: [4, 5, 6, 7, 8],
  operators: [10, 11, 12],
  guardian: 13,
  attester: 14,
} as const;

/** A running node with EncoreLocal deployed. */
export interface TestChain {
  node: LocalNode;
  url: string;
  chainId: bigint;
  addresses: LocalAddresses;
  /** Deployments JSON for the service (`ENCORE_CONTRACTS_FILE`). */
  contractsFile: string;
  /** Advances the chain clock by `seconds` and mines a block. */
  increaseTime(seconds: number): Promise<void>;
  /** Mines `count` blocks. */
  mine(count?: number): Promise<void>;
  /** Stops the node and deletes the temp files and the Ignition deployment folder. */
  stop(): Promise<void>;
}

/** Starts a node on a free port and deploys EncoreLocal to it. */
export async function startTestChain(): Promise<TestChain> {
  const dir = mkdtempSync(join(tmpdir(), "encore-chain-"));
  const port = await findFreePort(20_000 + Math.floor(Math.random() * 20_000));
  const node = await startLocalNode({ port, logFile: join(dir, "node.log") });
  const deploymentId = `test-${port}-${Date.now()}`;
  const deploymentDir = join(PROJECT_ROOT, "ignition", "deployments", deploymentId);
  try {
    const addresses = await deployLocal(node.url, deploymentId);
    const contractsFile = join(dir, "contracts.json");
    writeFileSync(contractsFile, JSON.stringify({ deployments: { [String(node.chainId)]: addresses } }, null, 2));
    return {
      node,
      url: node.url,
      chainId: node.chainId,
      addresses,
      contractsFile,
      async increaseTime(seconds) {
        await rpc(node.url, "evm_increaseTime", [seconds]);
        await rpc(node.url, "evm_mine");
      },
      async mine(count = 1) {
        for (let i = 0; i < count; i++) await rpc(node.url, "evm_mine");
      },
      async stop() {
        await node.stop();
        rmSync(dir, { recursive: true, force: true });
        rmSync(deploymentDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await node.stop();
    rmSync(deploymentDir, { recursive: true, force: true });
    throw error;
  }
}
