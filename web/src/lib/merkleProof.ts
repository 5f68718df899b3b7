/**
 * Checks a statement line's Merkle proof the way OpenZeppelin's `StandardMerkleTree` ("standard-v1") and
 * `MerkleProof` do: leaf = keccak256(keccak256(abi.encode(values))), each step hashes the sorted pair. The root to
 * compare with comes from the chain (the report's `statementRoot`), never from the service that sent the proof.
 */
import { concat, encodeAbiParameters, keccak256, parseAbiParameters, type Hex } from "viem";

/** The standard leaf hash of `values` encoded as `types` (e.g. `["bytes32", "uint256", "string", …]`). */
export function standardLeafHash(types: readonly string[], values: readonly string[]): Hex {
  const params = parseAbiParameters(types.join(","));
  const typed = types.map((type, index) =>
    type === "string" || type.startsWith("bytes") || type === "address" ? values[index] : BigInt(values[index]),
  );
  return keccak256(keccak256(encodeAbiParameters(params, typed)));
}

/** The root a proof leads to from `leaf`. */
export function processProof(leaf: Hex, proof: readonly Hex[]): Hex {
  return proof.reduce<Hex>((node, sibling) => {
    const [low, high] = BigInt(node) < BigInt(sibling) ? [node, sibling] : [sibling, node];
    return keccak256(concat([low, high]));
  }, leaf);
}

/** Whether the line (`types`/`values`) with `proof` belongs to the tree whose root is `root`. */
export function verifyStatementLine(
  root: Hex,
  types: readonly string[],
  values: readonly string[],
  proof: readonly Hex[],
): boolean {
  return processProof(standardLeafHash(types, values), proof).toLowerCase() === root.toLowerCase();
}
