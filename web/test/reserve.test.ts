/** Reserve math as RevenueOracle computes it: free part, shortfall, what payDue takes from the reserve and wallet. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { enforcementFine, freeReserve, payDueSplit, payDueTotal, reserveShortfall } from "../src/lib/reserve.ts";

describe("revenue reserve", () => {
  it("frees the balance above the commitments, and names what is missing below them", () => {
    assert.equal(freeReserve({ balance: 1_000n, committed: 300n }), 700n);
    assert.equal(freeReserve({ balance: 300n, committed: 1_000n }), 0n);
    assert.equal(reserveShortfall({ balance: 300n, committed: 1_000n }), 700n);
    assert.equal(reserveShortfall({ balance: 1_000n, committed: 1_000n }), 0n);
  });

  it("caps the holders' part of a payDue by their room, never the bond's part", () => {
    assert.equal(payDueTotal({ toHolders: 500n, toBond: 0n, holderRoom: 10_000n }), 500n);
    assert.equal(payDueTotal({ toHolders: 500n, toBond: 200n, holderRoom: 100n }), 300n);
  });

  it("pays from the free reserve first (the report's own commitment released), then from the wallet", () => {
    const due = { toHolders: 400n, toBond: 0n, holderRoom: 10_000n };
    // The debt of 400 is committed: balance 1,000 - committed 400 = 600 free before, 1,000 once released.
    assert.deepEqual(payDueSplit(due, { balance: 1_000n, committed: 400n }, 400n), {
      fromReserve: 400n,
      fromWallet: 0n,
    });
    // Another report still commits 900: only 100 is free for this one.
    assert.deepEqual(payDueSplit(due, { balance: 1_000n, committed: 1_300n }, 400n), {
      fromReserve: 100n,
      fromWallet: 300n,
    });
    // Empty reserve: all from the wallet.
    assert.deepEqual(payDueSplit(due, { balance: 0n, committed: 400n }, 400n), { fromReserve: 0n, fromWallet: 400n });
    // An enforced report: holders 150 + bond 250, reserve covers 300.
    const enforced = { toHolders: 150n, toBond: 250n, holderRoom: 10_000n };
    assert.deepEqual(payDueSplit(enforced, { balance: 300n, committed: 400n }, 400n), {
      fromReserve: 300n,
      fromWallet: 100n,
    });
  });

  it("charges the fine at the report's rate, rounded down", () => {
    assert.equal(enforcementFine(1_000_000n, 1_000), 100_000n);
    assert.equal(enforcementFine(999n, 1_000), 99n);
    assert.equal(enforcementFine(5n, 0), 0n);
  });
});
