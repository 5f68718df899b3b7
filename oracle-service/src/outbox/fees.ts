/** EIP-1559 fees of a replacement transaction. */

/** Fees of one attempt. */
export interface Eip1559Fees {
  maxFeePerGas: bigint;
  maxPriorityFeePerGas: bigint;
}

/** Least increase of both fee fields that nodes accept for a replacement (geth: 10 %; we use 12.5 %). */
export const REPLACEMENT_BUMP_PER_MILLE = 125n;

/**
 * Fees for replacing an attempt paid `previous`: each field at least `previous` + 12.5 % (rounded up, and at
 * least +1 wei), and no less than what the network asks now (`current`).
 */
export function bumpedFees(previous: Eip1559Fees, current: Eip1559Fees): Eip1559Fees {
  const bump = (value: bigint) => {
    const raised = value + (value * REPLACEMENT_BUMP_PER_MILLE + 999n) / 1000n;
    return raised > value ? raised : value + 1n;
  };
  const maxPriorityFeePerGas = max(bump(previous.maxPriorityFeePerGas), current.maxPriorityFeePerGas);
  const maxFeePerGas = max(max(bump(previous.maxFeePerGas), current.maxFeePerGas), maxPriorityFeePerGas);
  return { maxFeePerGas, maxPriorityFeePerGas };
}

function max(a: bigint, b: bigint): bigint {
  return a > b ? a : b;
}
