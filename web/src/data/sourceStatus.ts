/** Which source served the dApp's last data read, as a small store the page footer subscribes to. */

/** Why the chain served a read. */
export type ChainReason =
  /** No subgraph URL configured: the chain is the only source (the local default). */
  | "unconfigured"
  /** The subgraph did not answer (connection refused, timeout, HTTP error). */
  | "unreachable"
  /** The subgraph answered with GraphQL errors. */
  | "error"
  /** The subgraph's last indexed block is too far behind the chain head. */
  | "lagging";

/** The source of the last read. */
export type SourceStatus =
  /** No read answered yet. */
  | { source: "pending" }
  | { source: "subgraph"; /** Last indexed block. */ block: bigint }
  | { source: "chain"; reason: ChainReason; /** Blocks behind the head, when lagging. */ lagBlocks?: bigint };

/** A subscribable holder of the latest {@link SourceStatus}. */
export interface SourceStatusStore {
  /** The current status (a stable object until the next change). */
  get: () => SourceStatus;
  /** Records the source of a read. */
  set: (status: SourceStatus) => void;
  /** Calls `listener` after every change; returns the unsubscribe function. */
  subscribe: (listener: () => void) => () => void;
}

function same(a: SourceStatus, b: SourceStatus): boolean {
  if (a.source === "chain" && b.source === "chain") return a.reason === b.reason && a.lagBlocks === b.lagBlocks;
  if (a.source === "subgraph" && b.source === "subgraph") return a.block === b.block;
  return a.source === "pending" && b.source === "pending";
}

/** A store starting at `initial` (listeners are called only when the status really changes). */
export function createSourceStatus(initial: SourceStatus): SourceStatusStore {
  let current = initial;
  const listeners = new Set<() => void>();
  return {
    get: () => current,
    set(status) {
      if (same(current, status)) return;
      current = status;
      for (const listener of listeners) listener();
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
