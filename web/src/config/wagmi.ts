/**
 * wagmi configuration for the deployment's chain. Local mode (no `walletConnectProjectId` in the runtime config)
 * offers only the browser's injected wallet through RainbowKit, with EIP-6963 discovery off, so loading the dApp
 * makes no request outside the page's own host and the local node. A deployment that sets a WalletConnect project
 * id also offers MetaMask, Coinbase Wallet, Rainbow and any WalletConnect wallet (those reach their own relays).
 */
import { connectorsForWallets } from "@rainbow-me/rainbowkit";
import { injectedWallet } from "@rainbow-me/rainbowkit/wallets";
import { defineChain } from "viem";
import { createConfig, http, type Config } from "wagmi";

import type { RuntimeConfig } from "./runtime.ts";

/**
 * Builds the wagmi config for the runtime chain.
 *
 * @param runtime - Chain id, RPC URL and the optional WalletConnect project id from {@link RuntimeConfig}.
 */
export async function createWagmiConfig(runtime: RuntimeConfig): Promise<Config> {
  const chain = defineChain({
    id: runtime.chainId,
    name: runtime.chainId === 31337 ? "Encore local" : `Chain ${runtime.chainId}`,
    nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 },
    rpcUrls: { default: { http: [runtime.rpcUrl] } },
  });
  const projectId = runtime.walletConnectProjectId;
  const connectors =
    projectId === undefined
      ? // Local: the project id is never used, since WalletConnect is not offered.
        connectorsForWallets([{ groupName: "Encore", wallets: [injectedWallet] }], {
          appName: "Encore",
          projectId: "encore-local",
        })
      : (await import("./productionWallets.ts")).productionConnectors(projectId);
  return createConfig({
    chains: [chain],
    connectors,
    transports: { [chain.id]: http(runtime.rpcUrl) },
    multiInjectedProviderDiscovery: projectId !== undefined,
  });
}
