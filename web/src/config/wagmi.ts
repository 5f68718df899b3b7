/**
 * wagmi configuration for the deployment's chain. Local mode offers only the browser's injected wallet through
 * RainbowKit, with EIP-6963 discovery off, so loading the dApp makes no request outside the page's own host and
 * the local node.
 */
import { connectorsForWallets } from "@rainbow-me/rainbowkit";
import { injectedWallet } from "@rainbow-me/rainbowkit/wallets";
import { defineChain } from "viem";
import { createConfig, http, type Config } from "wagmi";

import type { RuntimeConfig } from "./runtime.ts";

/**
 * Builds the wagmi config for the runtime chain.
 *
 * @param runtime - Chain id and RPC URL from {@link RuntimeConfig}.
 */
export function createWagmiConfig(runtime: RuntimeConfig): Config {
  const chain = defineChain({
    id: runtime.chainId,
    name: runtime.chainId === 31337 ? "Encore local" : `Chain ${runtime.chainId}`,
    nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 },
    rpcUrls: { default: { http: [runtime.rpcUrl] } },
  });
  // WalletConnect is not offered locally, so its project id is never used.
  const connectors = connectorsForWallets([{ groupName: "Encore", wallets: [injectedWallet] }], {
    appName: "Encore",
    projectId: "encore-local",
  });
  return createConfig({
    chains: [chain],
    connectors,
    transports: { [chain.id]: http(runtime.rpcUrl) },
    multiInjectedProviderDiscovery: false,
  });
}
