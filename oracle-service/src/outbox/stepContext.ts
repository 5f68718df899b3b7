/** What one outbox worker step shares between entries: settings, and chain reads memoised for the step. */
import type { Address, Chain, PublicClient, Transport } from "viem";

import type { ChainContext } from "../chain/client.ts";
import type { Database } from "../db/database.ts";
import type { CrashPoints } from "./crashPoint.ts";

/** Logger of background workers: a message and structured data (never secrets). */
export type WorkerLog = (message: string, data?: object) => void;

/** Settings of the outbox worker. */
export interface OutboxSettings {
  db: Database;
  chain: ChainContext;
  /** Blocks on top of a receipt before an entry counts as confirmed (0: as soon as mined). */
  confirmations: number;
  intervalMs: number;
  log: WorkerLog;
  /** Steps an attempt may stay unmined before it is replaced with higher fees. */
  replaceAfterChecks: number;
  /** Most queued entries signed per step. */
  signPerStep: number;
  /** Most wei per gas any attempt may offer (`maxFeePerGas`); `undefined` = no ceiling. */
  maxFeePerGas?: bigint;
  crashPoints: CrashPoints;
}

/** One step's view of the chain (each read at most once per step) and the nonce counter's state. */
export interface OutboxStep extends OutboxSettings {
  sender: Address;
  /** Latest block number. */
  head(): Promise<bigint>;
  /** Transactions `sender` has mined as of block `head() − confirmations` (the settled nonce). */
  settledNonce(): Promise<bigint>;
  /** Makes sure the nonce counter was reconciled with the chain since the worker started (or since it was stale). */
  ensureNonceReconciled(): Promise<void>;
  /** Another transaction used one of our nonces: reconcile again before the next signing. */
  markNonceStale(): void;
}

/** Shared across steps of one worker: whether the nonce counter is known to be in line with the chain. */
export interface NonceState {
  reconciled: boolean;
}

/** Builds a step: chain reads are memoised until the step ends. */
export function startStep(
  settings: OutboxSettings,
  nonceState: NonceState,
  reconcile: () => Promise<unknown>,
): OutboxStep {
  const client: PublicClient<Transport, Chain> = settings.chain.publicClient;
  const sender = settings.chain.account.address;
  const once = <T>(read: () => Promise<T>) => {
    let memo: Promise<T> | undefined;
    return () => {
      memo ??= read().catch((error: unknown) => {
        memo = undefined;
        throw error;
      });
      return memo;
    };
  };
  const readHead = once(() => client.getBlockNumber({ cacheTime: 0 }));
  const readSettled = once(async () => {
    const depth = (await readHead()) - BigInt(settings.confirmations);
    if (depth < 0n) return 0n;
    return BigInt(await client.getTransactionCount({ address: sender, blockNumber: depth }));
  });
  return {
    ...settings,
    sender,
    head: readHead,
    settledNonce: readSettled,
    async ensureNonceReconciled() {
      if (nonceState.reconciled) return;
      await reconcile();
      nonceState.reconciled = true;
    },
    markNonceStale() {
      nonceState.reconciled = false;
    },
  };
}
