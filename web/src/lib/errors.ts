/**
 * Turns a failed wallet or contract call into something a fan can read: the custom error decoded from the ABIs of
 * every Encore contract (a compliance refusal bubbles up through the hub), a rejection in the wallet, or a generic
 * failure. The page renders the result through i18n (`errors.<name>`), so the text is localized.
 */
import {
  BaseError,
  ContractFunctionRevertedError,
  UserRejectedRequestError,
  decodeErrorResult,
  type Abi,
  type Hex,
} from "viem";

import { abis } from "../generated/contracts.ts";

/** Every custom error declared by an exported contract, deduplicated by name. */
export const ERROR_ABI: Abi = (() => {
  const byName = new Map<string, Abi[number]>();
  for (const abi of Object.values(abis) as Abi[]) {
    for (const item of abi) if (item.type === "error" && !byName.has(item.name)) byName.set(item.name, item);
  }
  return [...byName.values()];
})();

/** A failure reduced to what the user-facing message needs. */
export type DecodedError =
  | { kind: "contract"; name: string; args: readonly unknown[] }
  | { kind: "rejected" }
  | { kind: "unknown"; message: string };

/** Revert data found on a viem error chain or a raw JSON-RPC error (`data` field). */
function revertData(error: unknown): Hex | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 8 && current !== null && typeof current === "object"; depth++) {
    const { data, raw } = current as { data?: unknown; raw?: unknown };
    if (typeof raw === "string" && /^0x[0-9a-fA-F]{8,}$/.test(raw)) return raw as Hex;
    if (typeof data === "string" && /^0x[0-9a-fA-F]{8,}$/.test(data)) return data as Hex;
    if (data !== null && typeof data === "object" && typeof (data as { data?: unknown }).data === "string") {
      return (data as { data: Hex }).data;
    }
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/**
 * Decodes a failure.
 *
 * @param error - Whatever a wagmi/viem action threw.
 * @returns The custom error with its arguments when one is found, `rejected` when the user declined in the
 *   wallet, else `unknown` with viem's short message.
 */
export function decodeError(error: unknown): DecodedError {
  if (error instanceof BaseError) {
    if (error.walk((e) => e instanceof UserRejectedRequestError) !== null) return { kind: "rejected" };
    const reverted = error.walk((e) => e instanceof ContractFunctionRevertedError);
    if (reverted instanceof ContractFunctionRevertedError && reverted.data?.errorName !== undefined) {
      const known = ERROR_ABI.some((item) => item.type === "error" && item.name === reverted.data?.errorName);
      if (known) return { kind: "contract", name: reverted.data.errorName, args: reverted.data.args ?? [] };
    }
  }
  const data = revertData(error);
  if (data !== undefined) {
    try {
      const decoded = decodeErrorResult({ abi: ERROR_ABI, data });
      return { kind: "contract", name: decoded.errorName, args: decoded.args ?? [] };
    } catch {
      // Not one of ours: fall through to the generic message.
    }
  }
  const message =
    error instanceof BaseError ? error.shortMessage : error instanceof Error ? error.message : String(error);
  return { kind: "unknown", message };
}
