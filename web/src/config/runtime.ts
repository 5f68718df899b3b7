/**
 * Where the dApp finds its chain: `config.json` served next to `index.html` (written by `npm start` and the e2e
 * test for the node they started), else the generated deployment of the local Hardhat chain (31337) at
 * `http://127.0.0.1:8545`. Addresses therefore change without a rebuild; ABIs always come from the generated file.
 */
import type { Address } from "viem";

import { deployments, type ContractName } from "../generated/contracts.ts";

/** The chain and contract addresses the dApp talks to. */
export interface RuntimeConfig {
  chainId: number;
  /** JSON-RPC URL the dApp reads from (the wallet signs and sends on its own connection). */
  rpcUrl: string;
  /** Address of every deployed contract. */
  contracts: Record<ContractName, Address>;
  /**
   * Base URL of an oracle operator's service (statement-line proofs); absent = the features that need it say the
   * service is not configured, everything else works from the chain.
   */
  serviceUrl?: string;
  /**
   * WalletConnect Cloud project id: set in production to offer MetaMask, Coinbase Wallet, Rainbow and WalletConnect
   * besides the injected wallet; absent locally (no outside calls).
   */
  walletConnectProjectId?: string;
  /**
   * GraphQL endpoint of the Encore subgraph: when set, data is read from it and from the chain only when it fails or
   * lags; absent (the local default: `npm start` runs no indexer) = every read goes to the chain.
   */
  subgraphUrl?: string;
  /** Blocks the subgraph may lag behind the chain head before reads fall back to the chain (default 30). */
  subgraphMaxLagBlocks?: number;
}

const LOCAL_CHAIN_ID = 31337;
const LOCAL_RPC_URL = "http://127.0.0.1:8545";

function isRuntimeConfig(value: unknown): value is RuntimeConfig {
  if (value === null || typeof value !== "object") return false;
  const config = value as Partial<RuntimeConfig>;
  return (
    typeof config.chainId === "number" &&
    typeof config.rpcUrl === "string" &&
    typeof config.contracts === "object" &&
    (config.serviceUrl === undefined || typeof config.serviceUrl === "string") &&
    (config.walletConnectProjectId === undefined || typeof config.walletConnectProjectId === "string") &&
    (config.subgraphUrl === undefined || typeof config.subgraphUrl === "string") &&
    (config.subgraphMaxLagBlocks === undefined ||
      (Number.isInteger(config.subgraphMaxLagBlocks) && config.subgraphMaxLagBlocks >= 0))
  );
}

/**
 * Loads the runtime configuration.
 *
 * @throws When neither `config.json` nor a generated local deployment exists.
 */
export async function loadRuntimeConfig(): Promise<RuntimeConfig> {
  try {
    const response = await fetch("./config.json", { cache: "no-store" });
    const body: unknown = response.ok ? await response.json() : undefined;
    if (isRuntimeConfig(body)) return body;
  } catch {
    // No config.json (or the SPA fallback served HTML): use the generated local deployment.
  }
  const local = (deployments as Record<string, Partial<Record<ContractName, Address>>>)[String(LOCAL_CHAIN_ID)];
  if (local?.EncoreHub === undefined) {
    throw new Error("No config.json and no local deployment: run `npm start`.");
  }
  return { chainId: LOCAL_CHAIN_ID, rpcUrl: LOCAL_RPC_URL, contracts: local as Record<ContractName, Address> };
}
