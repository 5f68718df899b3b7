/**
 * Runs a call with `eth_call` as `from` would send it, and says whether it would succeed or revert (and why).
 * Network and node failures are thrown, so callers can tell "this can never work" from "try again later".
 */
import type { Address, Chain, Hex, PublicClient, Transport } from "viem";

import { decodeRevert } from "./decodeRevert.ts";

/** Parameters of {@link simulateCall}. */
export interface SimulateCallParameters {
  from: Address;
  to: Address;
  data: Hex;
  value?: bigint;
  gas?: bigint;
  /** Block to run on (default: latest). */
  blockNumber?: bigint;
}

/** Result of {@link simulateCall}. */
export type SimulateCallReturnType =
  | { status: "success"; returnData: Hex }
  | { status: "reverted"; errorName: string; args: readonly unknown[]; revertData: Hex; message: string };

/**
 * Simulates the call.
 *
 * @throws When the node cannot be reached or answers with anything but an execution result or a revert.
 */
export async function simulateCall(
  client: PublicClient<Transport, Chain>,
  parameters: SimulateCallParameters,
): Promise<SimulateCallReturnType> {
  try {
    const result = await client.call({
      account: parameters.from,
      to: parameters.to,
      data: parameters.data,
      value: parameters.value,
      gas: parameters.gas,
      blockNumber: parameters.blockNumber,
    });
    return { status: "success", returnData: result.data ?? "0x" };
  } catch (error) {
    const revert = decodeRevert(error);
    if (revert === undefined) throw error;
    const args = revert.args.map((arg) => String(arg)).join(", ");
    return {
      status: "reverted",
      errorName: revert.errorName,
      args: revert.args,
      revertData: revert.data,
      message: `${revert.errorName}(${args})`,
    };
  }
}
