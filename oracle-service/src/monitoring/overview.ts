/**
 * The operator dashboard's snapshot (`GET /v1/operator/overview`, pushed by the stream): reports awaiting
 * settlement with their challenge windows, debts with their due dates (read from the oracle), reports built here but
 * not on chain yet, the outbox, the keeper, the treasury and the latest audit entries. Amounts are decimal strings
 * of token units; times are ISO strings.
 */
import { listAudit } from "../audit/auditLog.ts";
import type { ServiceContext } from "../api/context.ts";
import { abis } from "../chain/contracts.ts";
import type { Queryable } from "../db/database.ts";
import { ONCHAIN_STATUSES } from "../reports/syncStatus.ts";
import { chainHead, databaseOk, readKeeperStatus, readOutboxStatus, readTreasuryBalance } from "./status.ts";

/** At most this many open on-chain reports are read per overview. */
export const OVERVIEW_MAX_REPORTS = 100;

/** A report in the oracle that is not closed: pending (challenge window) or owed (debt, enforced). */
export interface OpenReport {
  reportId: string;
  campaignId: string;
  /** Status the keeper indexed: pending, debt or enforced. */
  status: string;
  /** The oracle's current status (None … Paid), or null when the chain did not answer. */
  onchainStatus: string | null;
  /** What is due / still owed, token units. */
  amount: string | null;
  /** End of the challenge window (settlement possible from then on). */
  challengeEnd: string | null;
  /** Deadline of a debt. */
  dueDate: string | null;
  /** The reported period, when this service built the report. */
  periodStart: string | null;
  periodEnd: string | null;
  /** Debt past its due date at the chain's current time. */
  overdue: boolean;
}

/** The dashboard snapshot. */
export interface Overview {
  generatedAt: string;
  database: { ok: boolean };
  chain: { chainId: number; ok: boolean; headBlock: string | null; time: string | null };
  reports: {
    /** Reports built here, per local status. */
    local: Record<string, number>;
    /** Oracle reports in their challenge window. */
    pending: OpenReport[];
    /** Oracle reports the artist owes (debt or enforced), soonest due first. */
    debts: OpenReport[];
    /** Built here, not on chain yet (built, signed or queued). */
    awaitingSubmission: { id: string; campaignId: string; status: string; periodStart: string; periodEnd: string }[];
  };
  outbox: {
    counts: Record<string, number>;
    open: number;
    oldestOpenAgeSeconds: number;
    recentFailures: { key: string; label: string; errorName: string | null; finishedAt: string | null }[];
  };
  keeper: { cursorBlock: string | null; lagBlocks: string | null; cursorUpdatedAt: string | null };
  treasury: { token: string; holder: string; balance: string } | null;
  audit: {
    entries: string;
    recent: { seq: string; at: string; actor: string; action: string; subject: string }[];
  };
}

/** Builds the snapshot; a chain that does not answer leaves its fields null rather than failing. */
export async function buildOverview(context: ServiceContext): Promise<Overview> {
  const { db } = context;
  const [database, head] = await Promise.all([databaseOk(db), chainHead(context)]);
  const block = head === undefined ? undefined : await context.chain.publicClient.getBlock().catch(() => undefined);
  const chainTime = block?.timestamp;
  const [outbox, keeper, treasury, open, local, awaiting, failures, recent, auditHead] = await Promise.all([
    readOutboxStatus(db),
    readKeeperStatus(db, head),
    head === undefined ? Promise.resolve(undefined) : readTreasuryBalance(context),
    openReports(context, head !== undefined, chainTime),
    db.query<{ status: string; count: bigint }>("SELECT status, count(*)::int8 AS count FROM reports GROUP BY status"),
    db.query<{ id: bigint; campaign_id: bigint; status: string; period_start: bigint; period_end: bigint }>(
      `SELECT id, campaign_id, status, period_start, period_end FROM reports
       WHERE status IN ('built', 'signed', 'queued') ORDER BY id LIMIT ${OVERVIEW_MAX_REPORTS}`,
    ),
    db.query<{ key: string; label: string; error_name: string | null; finished_at: Date | null }>(
      "SELECT key, label, error_name, finished_at FROM outbox_transactions WHERE status = 'failed' ORDER BY id DESC LIMIT 10",
    ),
    listAudit(db, { limit: 20 }),
    db.query<{ seq: bigint }>("SELECT seq FROM audit_head"),
  ]);
  return {
    generatedAt: new Date().toISOString(),
    database: { ok: database },
    chain: {
      chainId: context.chain.chain.id,
      ok: head !== undefined,
      headBlock: head?.toString() ?? null,
      time: chainTime === undefined ? null : isoSeconds(chainTime),
    },
    reports: {
      local: Object.fromEntries(local.map((row) => [row.status, Number(row.count)])),
      pending: open.filter((report) => report.status === "pending"),
      debts: open
        .filter((report) => report.status !== "pending")
        .sort((a, b) => (a.dueDate ?? "9").localeCompare(b.dueDate ?? "9")),
      awaitingSubmission: awaiting.map((row) => ({
        id: row.id.toString(),
        campaignId: row.campaign_id.toString(),
        status: row.status,
        periodStart: isoSeconds(row.period_start),
        periodEnd: isoSeconds(row.period_end),
      })),
    },
    outbox: {
      counts: outbox.counts,
      open: outbox.open,
      oldestOpenAgeSeconds: Math.round(outbox.oldestOpenAgeSeconds),
      recentFailures: failures.map((row) => ({
        key: row.key,
        label: row.label,
        errorName: row.error_name,
        finishedAt: row.finished_at?.toISOString() ?? null,
      })),
    },
    keeper: {
      cursorBlock: keeper.cursorBlock?.toString() ?? null,
      lagBlocks: keeper.lagBlocks?.toString() ?? null,
      cursorUpdatedAt: keeper.cursorUpdatedAt?.toISOString() ?? null,
    },
    treasury:
      treasury === undefined
        ? null
        : { token: treasury.token, holder: treasury.holder, balance: treasury.balance.toString() },
    audit: {
      entries: (auditHead[0]?.seq ?? 0n).toString(),
      recent: recent.map((entry) => ({
        seq: entry.seq.toString(),
        at: entry.at.toISOString(),
        actor: entry.actor,
        action: entry.action,
        subject: entry.subject,
      })),
    },
  };
}

/**
 * A cheap marker of everything the overview shows from the database: it changes whenever an audit entry is
 * appended, an outbox entry or a report changes, or the keeper's cursor moves. The stream compares it to push at
 * once on a change.
 */
export async function overviewChangeMarker(db: Queryable): Promise<string> {
  const [row] = await db.query<Record<string, unknown>>(
    `SELECT (SELECT seq FROM audit_head) AS audit,
            (SELECT max(updated_at) FROM outbox_transactions) AS outbox,
            (SELECT count(*) FROM outbox_transactions) AS outbox_count,
            (SELECT max(updated_at) FROM reports) AS reports,
            (SELECT max(updated_at) FROM chain_cursors) AS cursors`,
  );
  return JSON.stringify(row, (_key, value: unknown) => (typeof value === "bigint" ? value.toString() : value));
}

async function openReports(context: ServiceContext, chainUp: boolean, now: bigint | undefined): Promise<OpenReport[]> {
  const rows = await context.db.query<{
    report_id: string;
    campaign_id: string;
    status: string;
    period_start: bigint | null;
    period_end: bigint | null;
  }>(
    `SELECT latest.report_id::text AS report_id, latest.campaign_id::text AS campaign_id, latest.status,
            r.period_start, r.period_end
     FROM (SELECT DISTINCT ON (report_id) report_id, campaign_id, status FROM keeper_report_events
           ORDER BY report_id, block_number DESC, log_index DESC) AS latest
     LEFT JOIN reports r ON r.onchain_report_id = latest.report_id
     WHERE latest.status IN ('pending', 'debt', 'enforced') ORDER BY latest.report_id LIMIT ${OVERVIEW_MAX_REPORTS}`,
  );
  return Promise.all(
    rows.map(async (row): Promise<OpenReport> => {
      const record = chainUp
        ? await context.chain.publicClient
            .readContract({
              address: context.chain.deployment.RevenueOracle,
              abi: abis.RevenueOracle,
              functionName: "getReport",
              args: [BigInt(row.report_id)],
            })
            .then((found) => (found.status === 0 ? undefined : found)) // None: the oracle has no such report
            .catch(() => undefined)
        : undefined;
      const dueDate = record === undefined ? undefined : BigInt(record.dueDate);
      return {
        reportId: row.report_id,
        campaignId: row.campaign_id,
        status: row.status,
        onchainStatus: record === undefined ? null : (ONCHAIN_STATUSES[record.status] ?? String(record.status)),
        amount: record?.amount.toString() ?? null,
        challengeEnd: record === undefined ? null : isoSeconds(BigInt(record.challengeEnd)),
        dueDate: dueDate === undefined ? null : isoSeconds(dueDate),
        periodStart: row.period_start === null ? null : isoSeconds(row.period_start),
        periodEnd: row.period_end === null ? null : isoSeconds(row.period_end),
        overdue: row.status !== "pending" && dueDate !== undefined && now !== undefined && now > dueDate,
      };
    }),
  );
}

function isoSeconds(seconds: bigint): string {
  return new Date(Number(seconds) * 1_000).toISOString();
}
