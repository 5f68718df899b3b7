import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { StandardMerkleTree } from "@openzeppelin/merkle-tree";
import { keccak256, toHex } from "viem";

import { LEAF_ENCODING, leafValues, type LeafValues } from "../../src/reports/leaves.ts";
import { ReportMerkleTree } from "../../src/reports/merkle.ts";

/** `count` leaves over statements of 10,000 lines; ISRCs of several lengths exercise the string encoding. */
function leaves(count: number): LeafValues[] {
  return Array.from({ length: count }, (_, index) =>
    leafValues({
      statementHash: keccak256(toHex(Math.floor(index / 10_000))),
      lineNo: (index % 10_000) + 1,
      isrc:
        index % 7 === 0
          ? `USS1Z14${String(index % 100_000).padStart(5, "0")}-a-string-longer-than-32-bytes`
          : `USS1Z14${String(index % 100_000).padStart(5, "0")}`,
      amountUnits: BigInt(index) * 10n ** 24n + 1n,
      shareBps: (index % 10_000) + 1,
      campaignAmount: BigInt(index * 3),
    }),
  );
}

describe("report Merkle tree", () => {
  it("has the same root and proofs as StandardMerkleTree (1, 2, 3 and 1,000 leaves)", () => {
    for (const count of [1, 2, 3, 1_000]) {
      const values = leaves(count);
      const reference = StandardMerkleTree.of(values, LEAF_ENCODING);
      const tree = ReportMerkleTree.of(values);
      assert.equal(tree.root, reference.root, `root of ${count}`);
      for (let index = 0; index < count; index += Math.max(1, Math.floor(count / 50))) {
        assert.deepEqual(tree.getProof(index), reference.getProof(index), `proof ${index} of ${count}`);
      }
    }
  });

  it("refuses values that do not fit their types", () => {
    const [good] = leaves(1);
    assert.throws(() => ReportMerkleTree.of([[good[0], good[1], good[2], good[3], "65536", good[5]]]), /uint16/);
    assert.throws(() => ReportMerkleTree.of([["0x12", ...good.slice(1)] as LeafValues]), /bytes32/);
    assert.throws(() => ReportMerkleTree.of([]), /at least one leaf/);
  });

  it("builds a 100,000-leaf tree and proves its lines (time reported)", (t) => {
    const values = leaves(100_000);
    const started = performance.now();
    const tree = ReportMerkleTree.of(values);
    t.diagnostic(
      `100,000 leaves: tree built in ${(performance.now() - started).toFixed(0)} ms, ${tree.byteSize} bytes`,
    );
    const proof = tree.getProof(77_777);
    assert.equal(proof.length, 17);
    assert.ok(StandardMerkleTree.verify(tree.root, LEAF_ENCODING, values[77_777], proof));
    assert.ok(!StandardMerkleTree.verify(tree.root, LEAF_ENCODING, values[77_778], proof));
  });
});
