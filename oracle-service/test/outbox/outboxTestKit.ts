/**
 * Shared set-up of the outbox tests: an operator's chain context on the test chain, MockStablecoin `mint` calls
 * with distinct amounts (each identifiable on chain), and counting what the chain really executed.
 */
import { encodeFunctionData, zeroAddress, type Address, type Hex } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";

import { connectChain, type ChainContext } from "../../src/chain/client.ts";
import { abis } from "../../src/chain/contracts.ts";
import { rpc } from "../../../scripts/lib/localNode.ts";
import { devKey, type TestChain } from "../support/localChain.ts";

/** A chain context for dev account `index` on the test chain (polling fast, as tests wait on it). */
export function operatorContext(chain: TestChain, index: number): Promise<ChainContext> {
  return connectChain({
    rpcUrl: chain.url,
    operatorKey: devKey(index),
    contractsFile: chain.contractsFile,
    pollingIntervalMs: 50,
  });
}

/** A fresh address nobody controls, receiving the test's mints. */
export function freshRecipient(): Address {
  return privateKeyToAccount(generatePrivateKey()).address;
}

/** Calldata of `MockStablecoin.mint(recipient, amount)`. */
export function mintData(recipient: Address, amount: bigint): Hex {
  return encodeFunctionData({ abi: abis.MockStablecoin, functionName: "mint", args: [recipient, amount] });
}

/** Amounts minted to `recipient`, one per executed mint, in chain order. */
export async function mintsTo(context: ChainContext, recipient: Address): Promise<bigint[]> {
  const logs = await context.publicClient.getContractEvents({
    address: context.deployment.MockStablecoin,
    abi: abis.MockStablecoin,
    eventName: "Transfer",
    args: { from: zeroAddress, to: recipient },
    fromBlock: 0n,
    strict: true,
  });
  return logs.map((log) => log.args.value);
}

/** Turns the node's automine on or off (off: transactions wait in the mempool until {@link TestChain.mine}). */
export async function setAutomine(chain: TestChain, on: boolean): Promise<void> {
  await rpc(chain.url, "evm_setAutomine", [on]);
}

/** Resolves after `ms`. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
