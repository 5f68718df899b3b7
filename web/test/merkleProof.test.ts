/** The dApp's proof check agrees with @openzeppelin/merkle-tree (the library the oracle service's tree matches). */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { StandardMerkleTree } from "@openzeppelin/merkle-tree";
import type { Hex } from "viem";

import { standardLeafHash, verifyStatementLine } from "../src/lib/merkleProof.ts";

const TYPES = ["bytes32", "uint256", "string", "uint256", "uint16", "uint256"];
const line = (n: number): string[] => [
  `0x${"ab".repeat(32)}`,
  String(n),
  n % 2 === 0 ? "USS1Z1412345" : "GBAYE0000001",
  String(1_000_000n * BigInt(n + 1)),
  "10000",
  String(500_000n * BigInt(n + 1)),
];

describe("statement line proofs", () => {
  const values = Array.from({ length: 37 }, (_, n) => line(n));
  const tree = StandardMerkleTree.of(values, TYPES);

  it("hashes leaves like StandardMerkleTree", () => {
    for (const [index, value] of tree.entries())
      assert.equal(standardLeafHash(TYPES, value), tree.leafHash(value), `leaf ${index}`);
  });

  it("accepts every line with its proof against the root", () => {
    for (const [index, value] of tree.entries()) {
      assert.ok(verifyStatementLine(tree.root as Hex, TYPES, value, tree.getProof(index) as Hex[]), `line ${index}`);
    }
  });

  it("refuses a changed amount, another root or a wrong proof", () => {
    const [index, value] = [...tree.entries()][5];
    const proof = tree.getProof(index) as Hex[];
    const changed = [...value];
    changed[5] = String(BigInt(value[5]) + 1n);
    assert.equal(verifyStatementLine(tree.root as Hex, TYPES, changed, proof), false);
    assert.equal(verifyStatementLine(`0x${"00".repeat(32)}`, TYPES, value, proof), false);
    assert.equal(verifyStatementLine(tree.root as Hex, TYPES, value, proof.slice(1)), false);
  });
});
