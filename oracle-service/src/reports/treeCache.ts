/**
 * Merkle trees of stored reports, rebuilt from `report_leaves` on demand and kept in a small LRU cache bounded in
 * bytes, so serving proofs of a recent report costs one lookup and a huge report is never held twice. Trees hold
 * hashes only; a proof's leaf values are read from the database row.
 */
import type { Hex } from "viem";

import type { Queryable } from "../db/database.ts";
import { leafOf, readAllLeaves, readLeaves, type Leaf, type LeafValues } from "./leaves.ts";
import { ReportMerkleTree } from "./merkle.ts";
import type { StoredReport } from "./reportStore.ts";
import { RequestError } from "./requestError.ts";

/** Most bytes the cached trees may hold together (a 1,000,000-leaf tree takes about 68 MB). */
export const TREE_CACHE_MAX_BYTES = 256 * 1024 * 1024;

// Keyed by the report's digest, which commits to the root: the same key is the same tree in any database.
const cache = new Map<string, ReportMerkleTree>();
let cachedBytes = 0;

/** Builds the tree of `leaves` (values in leaf-index order). */
export function buildTree(leaves: readonly LeafValues[]): ReportMerkleTree {
  return ReportMerkleTree.of(leaves);
}

/** Puts `tree` in the cache as report `digest`'s, evicting the least recently used trees beyond the bound. */
export function cacheTree(digest: Hex, tree: ReportMerkleTree): void {
  const size = tree.byteSize;
  if (size > TREE_CACHE_MAX_BYTES) return;
  const existing = cache.get(digest);
  if (existing !== undefined) {
    cache.delete(digest);
    cachedBytes -= existing.byteSize;
  }
  for (const [oldest, oldestTree] of cache) {
    if (cachedBytes + size <= TREE_CACHE_MAX_BYTES) break;
    cache.delete(oldest);
    cachedBytes -= oldestTree.byteSize;
  }
  cache.set(digest, tree);
  cachedBytes += size;
}

/**
 * The tree of `report`: from the cache, else rebuilt from its stored leaves.
 *
 * @throws When the rebuilt root differs from the stored one (the leaves were altered).
 */
export async function reportTree(db: Queryable, report: StoredReport): Promise<ReportMerkleTree> {
  const hit = cache.get(report.digest);
  if (hit !== undefined) {
    cache.delete(report.digest);
    cache.set(report.digest, hit);
    return hit;
  }
  const tree = buildTree(await readAllLeaves(db, report.id));
  if (tree.root !== report.statementRoot) {
    throw new Error(`report ${report.id}: stored leaves give root ${tree.root}, not ${report.statementRoot}`);
  }
  cacheTree(report.digest, tree);
  return tree;
}

/** A leaf with its proof against the report's root. */
export interface LeafProof {
  leafIndex: number;
  leaf: Leaf;
  /** The leaf as `StandardMerkleTree.verify` takes it (with `LEAF_ENCODING`). */
  values: LeafValues;
  proof: Hex[];
}

/**
 * Leaf `leafIndex` of `report` and its Merkle proof.
 *
 * @throws {RequestError} 404 when the report has no such leaf.
 */
export async function leafProof(db: Queryable, report: StoredReport, leafIndex: number): Promise<LeafProof> {
  const [values] =
    Number.isInteger(leafIndex) && leafIndex >= 0 && BigInt(leafIndex) < report.leafCount
      ? await readLeaves(db, report.id, leafIndex, 1)
      : [];
  if (values === undefined) {
    throw new RequestError(
      404,
      "UnknownLeaf",
      `report ${report.id} has leaves 0 to ${report.leafCount - 1n}; there is no leaf ${leafIndex}`,
    );
  }
  const tree = await reportTree(db, report);
  return { leafIndex, leaf: leafOf(values), values, proof: tree.getProof(leafIndex) };
}
