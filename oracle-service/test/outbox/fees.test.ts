/**
 * Outbox fees: the estimate held under the operator's ceiling, and replacements at least 12.5 % above the previous
 * attempt (what nodes accept), never above the ceiling — or none at all when the least replacement would pass it.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { bumpedFees, cappedFees } from "../../src/outbox/fees.ts";

const GWEI = 1_000_000_000n;
const fees = (maxFee: bigint, priority: bigint) => ({ maxFeePerGas: maxFee, maxPriorityFeePerGas: priority });

describe("outbox fees", () => {
  it("caps the estimate at the ceiling and keeps the priority fee under the max fee", () => {
    assert.deepEqual(cappedFees(fees(80n * GWEI, 2n * GWEI)), fees(80n * GWEI, 2n * GWEI));
    assert.deepEqual(cappedFees(fees(80n * GWEI, 2n * GWEI), 100n * GWEI), fees(80n * GWEI, 2n * GWEI));
    assert.deepEqual(cappedFees(fees(80n * GWEI, 2n * GWEI), 50n * GWEI), fees(50n * GWEI, 2n * GWEI));
    assert.deepEqual(cappedFees(fees(80n * GWEI, 70n * GWEI), 50n * GWEI), fees(50n * GWEI, 50n * GWEI));
  });

  it("raises both fields by at least 12.5 % (rounded up, +1 wei at least) and follows a higher network price", () => {
    assert.deepEqual(bumpedFees(fees(1000n, 100n), fees(0n, 0n)), fees(1125n, 113n));
    assert.deepEqual(bumpedFees(fees(1n, 1n), fees(0n, 0n)), fees(2n, 2n));
    assert.deepEqual(bumpedFees(fees(10n * GWEI, GWEI), fees(40n * GWEI, 3n * GWEI)), fees(40n * GWEI, 3n * GWEI));
  });

  it("stays under the ceiling, and gives up when the least replacement would pass it", () => {
    // The network asks 40 gwei, the ceiling is 20: the replacement offers 20, still ≥ 12.5 % above 10.
    assert.deepEqual(
      bumpedFees(fees(10n * GWEI, GWEI), fees(40n * GWEI, 3n * GWEI), 20n * GWEI),
      fees(20n * GWEI, 3n * GWEI),
    );
    // 18 gwei + 12.5 % = 20.25 gwei > 20: no replacement.
    assert.equal(bumpedFees(fees(18n * GWEI, GWEI), fees(40n * GWEI, 3n * GWEI), 20n * GWEI), undefined);
    // Exactly at the ceiling is allowed.
    assert.deepEqual(bumpedFees(fees(16n * GWEI, GWEI), fees(0n, 0n), 18n * GWEI), fees(18n * GWEI, 1_125_000_000n));
  });
});
