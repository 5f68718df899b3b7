/**
 * Merkle trees of stored reports, rebuilt from `report_leaves` on demand and kept in a small LRU cache bounded by
 * leaf count, so serving proofs of a recent report costs one lookup and a huge report is never held twice.
 */
import { StandardMerkleTree } from "@openzeppelin/merkle-tree";
import type { Hex } from "viem";

import type { Queryable } from "../db/database.ts";
import { LEAF_ENCODING, leafOf, readAllLeaves, type Leaf, type LeafValues } from "./leaves.ts";
import type { StoredReport } from "./reportStore.ts";
import { RequestError } from "./requestError.ts";

/** Most leaves the cache holds across its trees (about 1 GB of heap at the 2M bound). */
export const TREE_CACHE_MAX_LEAVES = 2_000_000;

/** A report's tree. */
export type ReportTree = StandardMerkleTree<LeafValues>;

// Keyed by the report's digest, which commits to the root: the same key is the same tree in any database.
const cache = new Map<string, ReportTree>();
let cachedLeaves = 0;

/** Builds the tree of `leaves` (values in leaf-index order). */
export function buildTree(leaves: LeafValues[]): ReportTree {
  return StandardMerkleTree.of(leaves, LEAF_ENCODING);
}

/** Puts `tree` in the cache as report `digest`'s, evicting the least recently used trees beyond the bound. */
export function cacheTree(digest: Hex, tree: ReportTree): void {
  const size = tree.length;
  if (size > TREE_CACHE_MAX_LEAVES) return;
  const existing = cache.get(digest);
  if (existing !== undefined) {
    cache.delete(digest);
    cachedLeaves -= existing.length;
  }
  while (cachedLeaves + size > TREE_CACHE_MAX_LEAVES) {
    const [oldest, oldestTree] = cache.entries().next().value as [string, ReportTree];
    cache.delete(oldest);
    cachedLeaves -= oldestTree.length;
  }
  cache.set(digest, tree);
  cachedLeaves += size;
}

/**
 * The tree of `report`: from the cache, else rebuilt from its stored leaves.
 *
 * @throws When the rebuilt root differs from the stored one (the leaves were altered).
 */
export async function reportTree(db: Queryable, report: StoredReport): Promise<ReportTree> {
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
  values: LeafValues;
  proof: Hex[];
}

/**
 * Leaf `leafIndex` of `report` and its Merkle proof.
 *
 * @throws {RequestError} 404 when the report has no such leaf.
 */
export async function leafProof(db: Queryable, report: StoredReport, leafIndex: number): Promise<LeafProof> {
  if (!Number.isInteger(leafIndex) || leafIndex < 0 || BigInt(leafIndex) >= report.leafCount) {
    throw new RequestError(
      404,
      "UnknownLeaf",
      `report ${report.id} has leaves 0 to ${report.leafCount - 1n}; there is no leaf ${leafIndex}`,
    );
  }
  const tree = await reportTree(db, report);
  const values = tree.at(leafIndex);
  if (values === undefined) throw new RequestError(404, "UnknownLeaf", `no leaf ${leafIndex}`);
  return { leafIndex, leaf: leafOf(values), values, proof: tree.getProof(leafIndex) as Hex[] };
}
