/** EIP-1559 fees of a replacement transaction. */

/** Fees of one attempt. */
export interface Eip1559Fees {
  maxFeePerGas: bigint;
  maxPriorityFeePerGas: bigint;
}

/** Least increase of both fee fields that nodes accept for a replacement (geth: 10 %; we use 12.5 %). */
export const REPLACEMENT_BUMP_PER_MILLE = 125n;

/**
 * The network's fee estimate, held under the operator's ceiling: `maxFeePerGas` at most `ceiling` (the transaction
 * then waits for the base fee to come down rather than paying more), the priority fee never above it.
 *
 * @param ceiling - Most wei per gas this operator pays (`ENCORE_MAX_FEE_GWEI`); `undefined` = no ceiling.
 */
export function cappedFees(estimate: Eip1559Fees, ceiling?: bigint): Eip1559Fees {
  if (ceiling === undefined) return estimate;
  const maxFeePerGas = min(estimate.maxFeePerGas, ceiling);
  return { maxFeePerGas, maxPriorityFeePerGas: min(estimate.maxPriorityFeePerGas, maxFeePerGas) };
}

/**
 * Fees for replacing an attempt paid `previous`: each field at least `previous` + 12.5 % (rounded up, and at
 * least +1 wei), and no less than what the network asks now (`current`) — but never above `ceiling`.
 *
 * @returns The fees, or `undefined` when even the smallest replacement nodes accept would pay more than `ceiling`
 *   (the attempt then keeps waiting with its fees).
 */
export function bumpedFees(previous: Eip1559Fees, current: Eip1559Fees, ceiling?: bigint): Eip1559Fees | undefined {
  const bump = (value: bigint) => {
    const raised = value + (value * REPLACEMENT_BUMP_PER_MILLE + 999n) / 1000n;
    return raised > value ? raised : value + 1n;
  };
  const leastPriority = bump(previous.maxPriorityFeePerGas);
  const leastMaxFee = max(bump(previous.maxFeePerGas), leastPriority);
  if (ceiling !== undefined && leastMaxFee > ceiling) return undefined;
  const limit = ceiling ?? max(leastMaxFee, current.maxFeePerGas);
  const maxFeePerGas = min(max(leastMaxFee, current.maxFeePerGas), limit);
  const maxPriorityFeePerGas = min(max(leastPriority, current.maxPriorityFeePerGas), maxFeePerGas);
  return { maxFeePerGas, maxPriorityFeePerGas };
}

function min(a: bigint, b: bigint): bigint {
  return a < b ? a : b;
}

function max(a: bigint, b: bigint): bigint {
  return a > b ? a : b;
}
