/**
 * The service's chain access (viem): a public client for reads and logs, a wallet client for this operator's
 * account, and the deployment's addresses. Created once at start-up.
 */
import {
  createPublicClient,
  createWalletClient,
  defineChain,
  http,
  type Chain,
  type PublicClient,
  type Transport,
  type WalletClient,
  type Account,
} from "viem";
import { privateKeyToAccount } from "viem/accounts";

import { loadDeployment, type Deployment } from "./contracts.ts";

/** Everything chain code needs. */
export interface ChainContext {
  chain: Chain;
  publicClient: PublicClient<Transport, Chain>;
  walletClient: WalletClient<Transport, Chain, Account>;
  /** This operator's account (signs reports, sends transactions). */
  account: Account;
  deployment: Deployment;
}

/** Settings for {@link connectChain}. */
export interface ChainSettings {
  rpcUrl: string;
  operatorKey: `0x${string}`;
  contractsFile: string;
  /** Poll interval for receipts and blocks (ms; default 1000). */
  pollingIntervalMs?: number;
}

/**
 * Connects to the chain at `rpcUrl`: asks its chain id, then loads that chain's deployment.
 *
 * @throws When the node does not answer or the deployment file has no addresses for its chain.
 */
export async function connectChain(settings: ChainSettings): Promise<ChainContext> {
  const transport = http(settings.rpcUrl, { retryCount: 2, timeout: 10_000 });
  const probe = createPublicClient({ transport });
  let chainId: number;
  try {
    chainId = await probe.getChainId();
  } catch (error) {
    throw new Error(`chain at ${settings.rpcUrl} does not answer: ${(error as Error).message.split("\n")[0]}`, {
      cause: error,
    });
  }
  const chain = defineChain({
    id: chainId,
    name: `chain ${chainId}`,
    nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 },
    rpcUrls: { default: { http: [settings.rpcUrl] } },
  });
  const pollingInterval = settings.pollingIntervalMs ?? 1_000;
  const account = privateKeyToAccount(settings.operatorKey);
  return {
    chain,
    publicClient: createPublicClient({ chain, transport, pollingInterval }),
    walletClient: createWalletClient({ chain, transport, account, pollingInterval }),
    account,
    deployment: loadDeployment(settings.contractsFile, chainId),
  };
}
