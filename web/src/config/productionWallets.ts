/**
 * The wallets a production deployment offers (loaded only when the runtime config has a WalletConnect project id,
 * so the local bundle stays small and makes no outside call).
 */
import { connectorsForWallets } from "@rainbow-me/rainbowkit";
import {
  coinbaseWallet,
  injectedWallet,
  metaMaskWallet,
  rainbowWallet,
  walletConnectWallet,
} from "@rainbow-me/rainbowkit/wallets";

/** Connectors for the injected wallet, MetaMask, Coinbase Wallet, Rainbow and any WalletConnect wallet. */
export function productionConnectors(projectId: string) {
  return connectorsForWallets(
    [
      { groupName: "Popular", wallets: [injectedWallet, metaMaskWallet, coinbaseWallet, rainbowWallet] },
      { groupName: "More", wallets: [walletConnectWallet] },
    ],
    { appName: "Encore", projectId },
  );
}
