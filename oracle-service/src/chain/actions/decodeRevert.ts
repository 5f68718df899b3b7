/**
 * Reading why a call reverted: the revert data carried by a viem error, decoded against the custom errors of every
 * Encore contract (plus Solidity's `Error(string)` and `Panic(uint256)`).
 */
import { BaseError, decodeErrorResult, ExecutionRevertedError, type Abi, type Hex } from "viem";

import { abis } from "../contracts.ts";

/** A decoded revert. */
export interface DecodedRevert {
  /** Custom error name (e.g. `EncoreHub_NotFunding`), `Error` or `Panic`, or `unknown` when undecodable. */
  errorName: string;
  /** The error's arguments, when decoded. */
  args: readonly unknown[];
  /** Raw revert data (`0x` when the node gave none). */
  data: Hex;
}

/** Every error item of every generated ABI, once per name. */
const ALL_ERRORS: Abi = [
  ...new Map(
    Object.values(abis)
      .flatMap((abi) => abi as Abi)
      .filter((item) => item.type === "error")
      .map((item) => [(item as { name: string }).name, item]),
  ).values(),
];

/** True when `error` (a viem error) says the node executed the call and it reverted. */
export function isRevertError(error: unknown): boolean {
  return (
    error instanceof BaseError && error.walk((cause) => cause instanceof ExecutionRevertedError) instanceof BaseError
  );
}

/**
 * Decodes the revert data of `error`.
 *
 * @returns The decoded revert, or undefined when `error` is not a revert (e.g. the node could not be reached).
 */
export function decodeRevert(error: unknown): DecodedRevert | undefined {
  if (!isRevertError(error)) return undefined;
  const data = revertData(error as BaseError);
  return { ...decodeRevertData(data), data };
}

/** Decodes raw revert data against the Encore errors. */
export function decodeRevertData(data: Hex): { errorName: string; args: readonly unknown[] } {
  if (data === "0x") return { errorName: "unknown", args: [] };
  try {
    const decoded = decodeErrorResult({ abi: ALL_ERRORS, data });
    return { errorName: decoded.errorName, args: decoded.args ?? [] };
  } catch {
    return { errorName: "unknown", args: [] };
  }
}

/** The first hex `data` found along the error's cause chain (nodes put it on the RPC error). */
function revertData(error: BaseError): Hex {
  const carrier = error.walk((cause) => {
    const data = (cause as { data?: unknown }).data;
    return (
      (typeof data === "string" && data.startsWith("0x")) ||
      (typeof data === "object" && data !== null && typeof (data as { data?: unknown }).data === "string")
    );
  }) as { data?: unknown } | null;
  const data = carrier?.data;
  if (typeof data === "string") return data as Hex;
  if (typeof data === "object" && data !== null) return (data as { data: Hex }).data;
  return "0x";
}
