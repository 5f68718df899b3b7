/** Stored reports: reading them, listing a campaign's, and moving their status. */
import type { Hex } from "viem";

import type { Queryable } from "../db/database.ts";
import type { ReportMessage } from "./reportTypedData.ts";
import { RequestError } from "./requestError.ts";

/** Where a report stands (see the `reports.status` column). */
export type ReportStatus = "built" | "signed" | "queued" | "submitted" | "disputed";

/** A report this service built. */
export interface StoredReport {
  id: bigint;
  campaignId: bigint;
  periodStart: bigint;
  periodEnd: bigint;
  grossRevenue: bigint;
  statementRoot: Hex;
  sequence: bigint;
  digest: Hex;
  leafCount: bigint;
  builtBlock: bigint;
  status: ReportStatus;
  /** The oracle's id, once the submission was seen on chain. */
  onchainReportId: bigint | null;
  /** The oracle's `ReportStatus` name (Pending, Disputed, Settled, Debt, Enforced, Paid) once seen. */
  onchainStatus: string | null;
  createdAt: Date;
  updatedAt: Date;
}

interface ReportRow {
  id: bigint;
  campaign_id: bigint;
  period_start: bigint;
  period_end: bigint;
  gross_revenue: string;
  statement_root: string;
  sequence: bigint;
  digest: string;
  leaf_count: bigint;
  built_block: bigint;
  status: ReportStatus;
  onchain_report_id: bigint | null;
  onchain_status: string | null;
  created_at: Date;
  updated_at: Date;
}

/** Columns of `reports`, for SELECT lists. */
export const REPORT_COLUMNS =
  "id, campaign_id, period_start, period_end, gross_revenue, statement_root, sequence, digest, leaf_count, " +
  "built_block, status, onchain_report_id, onchain_status, created_at, updated_at";

/** A `reports` row as a {@link StoredReport}. */
export function toReport(row: ReportRow): StoredReport {
  return {
    id: row.id,
    campaignId: row.campaign_id,
    periodStart: row.period_start,
    periodEnd: row.period_end,
    grossRevenue: BigInt(row.gross_revenue),
    statementRoot: row.statement_root as Hex,
    sequence: row.sequence,
    digest: row.digest as Hex,
    leafCount: row.leaf_count,
    builtBlock: row.built_block,
    status: row.status,
    onchainReportId: row.onchain_report_id,
    onchainStatus: row.onchain_status,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** The signed fields of `report`. */
export function reportMessage(report: StoredReport): ReportMessage {
  return {
    campaignId: report.campaignId,
    periodStart: report.periodStart,
    periodEnd: report.periodEnd,
    grossRevenue: report.grossRevenue,
    statementRoot: report.statementRoot,
    sequence: report.sequence,
  };
}

/** Report `id`, or undefined. */
export async function findReport(db: Queryable, id: bigint): Promise<StoredReport | undefined> {
  const [row] = await db.query<ReportRow>(`SELECT ${REPORT_COLUMNS} FROM reports WHERE id = $1`, [id.toString()]);
  return row === undefined ? undefined : toReport(row);
}

/**
 * Report `id`.
 *
 * @throws {RequestError} 404 when this service has no such report.
 */
export async function getReport(db: Queryable, id: bigint): Promise<StoredReport> {
  const report = await findReport(db, id);
  if (report === undefined) throw new RequestError(404, "UnknownReport", `no report ${id} here`);
  return report;
}

/** The report with EIP-712 digest `digest`, or undefined. */
export async function findReportByDigest(db: Queryable, digest: Hex): Promise<StoredReport | undefined> {
  const [row] = await db.query<ReportRow>(`SELECT ${REPORT_COLUMNS} FROM reports WHERE digest = $1`, [
    digest.toLowerCase(),
  ]);
  return row === undefined ? undefined : toReport(row);
}

/** Campaign `campaignId`'s reports, newest period first. */
export async function listCampaignReports(db: Queryable, campaignId: bigint, limit = 100): Promise<StoredReport[]> {
  const rows = await db.query<ReportRow>(
    `SELECT ${REPORT_COLUMNS} FROM reports WHERE campaign_id = $1 ORDER BY period_start DESC, id DESC LIMIT $2`,
    [campaignId.toString(), limit],
  );
  return rows.map(toReport);
}

/** What {@link updateReportStatus} may change. */
export interface StatusChange {
  status: ReportStatus;
  onchainReportId?: bigint | null;
  onchainStatus?: string | null;
}

/** Sets report `id`'s status (and on-chain id/status when given); returns the updated report. */
export async function updateReportStatus(db: Queryable, id: bigint, change: StatusChange): Promise<StoredReport> {
  const [row] = await db.query<ReportRow>(
    `UPDATE reports SET status = $2,
       onchain_report_id = CASE WHEN $3::boolean THEN $4::bigint ELSE onchain_report_id END,
       onchain_status = CASE WHEN $5::boolean THEN $6::text ELSE onchain_status END,
       updated_at = now()
     WHERE id = $1 RETURNING ${REPORT_COLUMNS}`,
    [
      id.toString(),
      change.status,
      change.onchainReportId !== undefined,
      change.onchainReportId?.toString() ?? null,
      change.onchainStatus !== undefined,
      change.onchainStatus ?? null,
    ],
  );
  if (row === undefined) throw new RequestError(404, "UnknownReport", `no report ${id} here`);
  return toReport(row);
}
