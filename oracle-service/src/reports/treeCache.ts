/**
 * Merkle trees of stored reports, rebuilt from `report_leaves` on demand and kept in a small LRU cache bounded in
 * bytes, so serving proofs of a recent report costs one lookup and a huge report is never held twice. Trees hold
 * hashes; the leaf values are kept with them while they fit {@link LEAF_VALUES_MAX_LEAVES} (so a proof needs no
 * query), and are read from the database row otherwise.
 */
import type { Hex } from "viem";

import type { Queryable } from "../db/database.ts";
import { leafOf, readAllLeaves, readLeaves, type Leaf, type LeafValues } from "./leaves.ts";
import { ReportMerkleTree } from "./merkle.ts";
import type { StoredReport } from "./reportStore.ts";
import { RequestError } from "./requestError.ts";

/** Most bytes the cached trees may hold together (a 1,000,000-leaf tree takes about 68 MB). */
export const TREE_CACHE_MAX_BYTES = 256 * 1024 * 1024;

/** Reports with at most this many leaves keep their leaf values in memory next to the tree. */
export const LEAF_VALUES_MAX_LEAVES = 200_000;

/** Rough bytes one leaf's values take in memory (six strings), for the cache bound. */
const LEAF_VALUES_BYTES = 400;

/** A cached tree and, for smaller reports, its leaf values in leaf-index order. */
interface CachedTree {
  tree: ReportMerkleTree;
  values?: readonly LeafValues[];
  byteSize: number;
}

// Keyed by the report's digest, which commits to the root: the same key is the same tree in any database.
const cache = new Map<string, CachedTree>();
let cachedBytes = 0;

/** Builds the tree of `leaves` (values in leaf-index order). */
export function buildTree(leaves: readonly LeafValues[]): ReportMerkleTree {
  return ReportMerkleTree.of(leaves);
}

/**
 * Puts `tree` (and `values`, its leaves, when there are at most {@link LEAF_VALUES_MAX_LEAVES}) in the cache as
 * report `digest`'s, evicting the least recently used trees beyond the bound.
 */
export function cacheTree(digest: Hex, tree: ReportMerkleTree, values?: readonly LeafValues[]): void {
  const kept = values !== undefined && values.length <= LEAF_VALUES_MAX_LEAVES ? values : undefined;
  const size = tree.byteSize + (kept?.length ?? 0) * LEAF_VALUES_BYTES;
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
  cache.set(digest, { tree, values: kept, byteSize: size });
  cachedBytes += size;
}

/**
 * The tree of `report`: from the cache, else rebuilt from its stored leaves.
 *
 * @throws When the rebuilt root differs from the stored one (the leaves were altered).
 */
export async function reportTree(db: Queryable, report: StoredReport): Promise<ReportMerkleTree> {
  return (await cachedTree(db, report)).tree;
}

/** The cache entry of `report`, rebuilt from its stored leaves on a miss. */
async function cachedTree(db: Queryable, report: StoredReport): Promise<CachedTree> {
  const hit = cache.get(report.digest);
  if (hit !== undefined) {
    cache.delete(report.digest);
    cache.set(report.digest, hit);
    return hit;
  }
  const values = await readAllLeaves(db, report.id);
  const tree = buildTree(values);
  if (tree.root !== report.statementRoot) {
    throw new Error(`report ${report.id}: stored leaves give root ${tree.root}, not ${report.statementRoot}`);
  }
  cacheTree(report.digest, tree, values);
  return cache.get(report.digest) ?? { tree, byteSize: tree.byteSize };
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
  const exists = Number.isInteger(leafIndex) && leafIndex >= 0 && BigInt(leafIndex) < report.leafCount;
  const entry = exists ? await cachedTree(db, report) : undefined;
  const [values] =
    entry === undefined
      ? []
      : entry.values !== undefined
        ? [entry.values[leafIndex]]
        : await readLeaves(db, report.id, leafIndex, 1);
  if (entry === undefined || values === undefined) {
    throw new RequestError(
      404,
      "UnknownLeaf",
      `report ${report.id} has leaves 0 to ${report.leafCount - 1n}; there is no leaf ${leafIndex}`,
    );
  }
  return { leafIndex, leaf: leafOf(values), values, proof: entry.tree.getProof(leafIndex) };
}
