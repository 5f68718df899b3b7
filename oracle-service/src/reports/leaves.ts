/**
 * Report leaves: one per statement line of the campaign's catalog in the report's period, in a deterministic
 * order every operator reproduces — statements by content hash (sha256 of their files), lines by `line_no` — never
 * by local serial ids. A leaf is `[statementHash, lineNo, isrc, amountUnits, shareBps, campaignAmount]` (see
 * {@link LEAF_ENCODING}) with `campaignAmount = floor(amountUnits × shareBps / 10,000)`.
 */
import { copyLine, type Queryable } from "../db/database.ts";
import { statementDateRange } from "./period.ts";

/** Solidity types of a leaf, as `StandardMerkleTree` hashes it. */
export const LEAF_ENCODING = ["bytes32", "uint256", "string", "uint256", "uint16", "uint256"];

/** A leaf as the tree takes it: `[statementHash, lineNo, isrc, amountUnits, shareBps, campaignAmount]`. */
export type LeafValues = [string, string, string, string, string, string];

/** A leaf with names (API answers). */
export interface Leaf {
  statementHash: string;
  lineNo: number;
  isrc: string;
  amountUnits: bigint;
  shareBps: number;
  campaignAmount: bigint;
}

/** Basis points in 100 %. */
const BPS = 10_000n;

/** Lines read per query while building. */
const PAGE = 20_000;

/** The campaign's part of a line. */
export function campaignAmount(amountUnits: bigint, shareBps: number): bigint {
  return (amountUnits * BigInt(shareBps)) / BPS;
}

/** The tree's values of `leaf`. */
export function leafValues(leaf: Leaf): LeafValues {
  return [
    leaf.statementHash,
    String(leaf.lineNo),
    leaf.isrc,
    leaf.amountUnits.toString(),
    String(leaf.shareBps),
    leaf.campaignAmount.toString(),
  ];
}

/** The named leaf of tree values. */
export function leafOf(values: LeafValues): Leaf {
  return {
    statementHash: values[0],
    lineNo: Number(values[1]),
    isrc: values[2],
    amountUnits: BigInt(values[3]),
    shareBps: Number(values[4]),
    campaignAmount: BigInt(values[5]),
  };
}

/**
 * The leaves of campaign `campaignId` over `[periodStart, periodEnd)`, read page by page (statement by statement,
 * lines by primary key) so a million lines are held once, as tree values.
 */
export async function collectLeaves(
  db: Queryable,
  campaignId: bigint,
  periodStart: bigint,
  periodEnd: bigint,
): Promise<LeafValues[]> {
  const { fromDate, beforeDate } = statementDateRange(periodStart, periodEnd);
  const statements = await db.query<{ id: bigint; content_hash: string }>(
    `SELECT id, content_hash FROM statements
     WHERE period_start >= $1::date AND period_end < $2::date
     ORDER BY content_hash COLLATE "C"`,
    [fromDate, beforeDate],
  );
  const leaves: LeafValues[] = [];
  for (const statement of statements) {
    const statementHash = `0x${statement.content_hash.toLowerCase()}`;
    let after = 0;
    for (;;) {
      const rows = await db.query<{ line_no: number; isrc: string; amount_units: string; share_bps: number }>(
        `SELECT l.line_no, l.isrc, l.amount_units, c.share_bps
         FROM statement_lines l JOIN catalog_entries c ON c.isrc = l.isrc AND c.campaign_id = $2
         WHERE l.statement_id = $1 AND l.line_no > $3
         ORDER BY l.line_no LIMIT $4`,
        [statement.id.toString(), campaignId.toString(), after, PAGE],
      );
      for (const row of rows) {
        const amountUnits = BigInt(row.amount_units);
        leaves.push(
          leafValues({
            statementHash,
            lineNo: row.line_no,
            isrc: row.isrc,
            amountUnits,
            shareBps: row.share_bps,
            campaignAmount: campaignAmount(amountUnits, row.share_bps),
          }),
        );
      }
      if (rows.length < PAGE) break;
      after = rows[rows.length - 1].line_no;
    }
  }
  return leaves;
}

/** Stores `leaves` of report `reportId` (leaf_index = position) with COPY, in chunks. */
export async function storeLeaves(db: Queryable, reportId: bigint, leaves: readonly LeafValues[]): Promise<void> {
  const columns = [
    "report_id",
    "leaf_index",
    "statement_hash",
    "line_no",
    "isrc",
    "amount_units",
    "share_bps",
    "campaign_amount",
  ];
  for (let start = 0; start < leaves.length; start += PAGE) {
    let text = "";
    const end = Math.min(leaves.length, start + PAGE);
    for (let index = start; index < end; index++) text += copyLine([reportId, index, ...leaves[index]]);
    await db.copyIn("report_leaves", columns, text);
  }
}

/** Leaves `[fromIndex, fromIndex + limit)` of report `reportId`, in index order. */
export async function readLeaves(db: Queryable, reportId: bigint, fromIndex = 0, limit = PAGE): Promise<LeafValues[]> {
  const rows = await db.query<{
    statement_hash: string;
    line_no: number;
    isrc: string;
    amount_units: string;
    share_bps: number;
    campaign_amount: string;
  }>(
    `SELECT statement_hash, line_no, isrc, amount_units, share_bps, campaign_amount FROM report_leaves
     WHERE report_id = $1 AND leaf_index >= $2 ORDER BY leaf_index LIMIT $3`,
    [reportId.toString(), fromIndex, limit],
  );
  return rows.map((row) => [
    row.statement_hash,
    String(row.line_no),
    row.isrc,
    row.amount_units,
    String(row.share_bps),
    row.campaign_amount,
  ]);
}

/** Every leaf of report `reportId`, read page by page. */
export async function readAllLeaves(db: Queryable, reportId: bigint): Promise<LeafValues[]> {
  const leaves: LeafValues[] = [];
  for (;;) {
    const page = await readLeaves(db, reportId, leaves.length, PAGE);
    for (const leaf of page) leaves.push(leaf);
    if (page.length < PAGE) return leaves;
  }
}
