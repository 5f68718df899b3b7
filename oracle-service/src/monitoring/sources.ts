/**
 * The service's metrics sources (see metrics.ts for the pattern). To add metrics from another area, write a
 * `MetricsSource` next to that area's code (e.g. `src/payments/metrics.ts` exporting `paymentsMetrics` with
 * `encore_payouts_failed` and `encore_webhook_lag_seconds`) and append it to {@link METRICS_SOURCES}: one import and
 * one list entry, nothing else changes.
 */
import { paymentsMetrics } from "../payments/metrics.ts";
import type { MetricsSource } from "./metrics.ts";
import { samplesByLabel } from "./metrics.ts";
import { OPEN_OUTBOX_STATUSES, chainHead, databaseOk, readKeeperStatus, readOutboxStatus } from "./status.ts";
import { readTreasuryBalance } from "./status.ts";

/** Database and chain reachability, chain head. */
export const serviceMetrics: MetricsSource = {
  name: "service",
  gauges: [
    {
      name: "encore_database_up",
      help: "1 when the database answers, 0 otherwise",
      read: async (context) => [{ value: (await databaseOk(context.db)) ? 1 : 0 }],
    },
    {
      name: "encore_chain_up",
      help: "1 when the chain node answers, 0 otherwise",
      read: async (context, cache) => [
        { value: (await cache.once("head", () => chainHead(context))) === undefined ? 0 : 1 },
      ],
    },
    {
      name: "encore_chain_head_block",
      help: "Latest block number of the chain",
      read: async (context, cache) => {
        const head = await cache.once("head", () => chainHead(context));
        return head === undefined ? [] : [{ value: Number(head) }];
      },
    },
  ],
};

/** Outbox entries per status and the age of the oldest open one. */
export const outboxMetrics: MetricsSource = {
  name: "outbox",
  gauges: [
    {
      name: "encore_outbox_transactions",
      help: "Outbox transactions per status (queued, signed, mined: open; confirmed, failed: final)",
      labelNames: ["status"],
      read: async (context, cache) => {
        const outbox = await cache.once("outbox", () => readOutboxStatus(context.db));
        return Object.entries(outbox.counts).map(([status, value]) => ({ labels: { status }, value }));
      },
    },
    {
      name: "encore_outbox_oldest_open_age_seconds",
      help: `Age of the oldest outbox transaction still ${OPEN_OUTBOX_STATUSES.join("/")} (0 when none)`,
      read: async (context, cache) => [
        { value: (await cache.once("outbox", () => readOutboxStatus(context.db))).oldestOpenAgeSeconds },
      ],
    },
  ],
};

/** Keeper cursor and lag behind the chain head. */
export const keeperMetrics: MetricsSource = {
  name: "keeper",
  gauges: [
    {
      name: "encore_keeper_cursor_block",
      help: "Last block the keeper has indexed",
      read: async (context) => {
        const keeper = await readKeeperStatus(context.db, undefined);
        return keeper.cursorBlock === undefined ? [] : [{ value: Number(keeper.cursorBlock) }];
      },
    },
    {
      name: "encore_keeper_lag_blocks",
      help: "Chain head minus the keeper's cursor, in blocks",
      read: async (context, cache) => {
        const head = await cache.once("head", () => chainHead(context));
        if (head === undefined) throw new Error("chain head unknown: the node does not answer");
        const keeper = await readKeeperStatus(context.db, head);
        return [{ value: Number(keeper.lagBlocks ?? 0n) }];
      },
    },
  ],
};

/** Reports as built here and as the oracle sees them. */
export const reportMetrics: MetricsSource = {
  name: "reports",
  gauges: [
    {
      name: "encore_reports",
      help: "Reports this service built, per local status (built, signed, queued, submitted, disputed)",
      labelNames: ["status"],
      read: async (context) =>
        samplesByLabel(
          await context.db.query<{ label: string; count: bigint }>(
            "SELECT status AS label, count(*)::int8 AS count FROM reports GROUP BY status",
          ),
          "status",
          ["built", "signed", "queued", "submitted", "disputed"],
        ),
    },
    {
      name: "encore_onchain_reports",
      help: "Oracle reports per on-chain status (pending = in its challenge window, debt = owed by the artist, …)",
      labelNames: ["status"],
      read: async (context) =>
        samplesByLabel(
          await context.db.query<{ label: string; count: bigint }>(
            `SELECT status AS label, count(*)::int8 AS count FROM (
               SELECT DISTINCT ON (report_id) report_id, status FROM keeper_report_events
               ORDER BY report_id, block_number DESC, log_index DESC) AS latest GROUP BY status`,
          ),
          "status",
          ["pending", "disputed", "settled", "debt", "enforced", "paid"],
        ),
    },
  ],
};

/** The treasury's stablecoin balance. */
export const treasuryMetrics: MetricsSource = {
  name: "treasury",
  gauges: [
    {
      name: "encore_treasury_balance",
      help: "Stablecoin balance of the treasury account, in whole tokens (ENCORE_TOKEN_DECIMALS)",
      labelNames: ["token", "holder"],
      read: async (context) => {
        const treasury = await readTreasuryBalance(context);
        if (treasury === undefined) return [];
        const value = Number(treasury.balance) / 10 ** context.config.tokenDecimals;
        return [{ labels: { token: treasury.token, holder: treasury.holder }, value }];
      },
    },
  ],
};

/** Accounts, sessions, notifications and the audit log. */
export const accountMetrics: MetricsSource = {
  name: "accounts",
  gauges: [
    {
      name: "encore_accounts",
      help: "Accounts per kind (erased ones excluded)",
      labelNames: ["kind"],
      read: async (context) =>
        samplesByLabel(
          await context.db.query<{ label: string; count: bigint }>(
            "SELECT kind AS label, count(*)::int8 AS count FROM accounts WHERE erased_at IS NULL GROUP BY kind",
          ),
          "kind",
          ["fan", "artist", "label", "operator"],
        ),
    },
    {
      name: "encore_sessions_active",
      help: "Sign-in sessions neither expired nor revoked",
      read: async (context) => {
        const [row] = await context.db.query<{ count: bigint }>(
          "SELECT count(*)::int8 AS count FROM sessions WHERE revoked_at IS NULL AND expires_at > now()",
        );
        return [{ value: Number(row.count) }];
      },
    },
    {
      name: "encore_notifications_queued",
      help: "Notifications in the queue (enqueued with the events that caused them)",
      read: async (context) => {
        const [row] = await context.db.query<{ count: bigint }>("SELECT count(*)::int8 AS count FROM notifications");
        return [{ value: Number(row.count) }];
      },
    },
    {
      name: "encore_audit_entries",
      help: "Entries in the hash-chained audit log",
      read: async (context) => {
        const [row] = await context.db.query<{ seq: bigint }>("SELECT seq FROM audit_head");
        return [{ value: Number(row?.seq ?? 0n) }];
      },
    },
  ],
};

/** Every metrics source `/metrics` serves; other areas append theirs here. */
export const METRICS_SOURCES: MetricsSource[] = [
  serviceMetrics,
  outboxMetrics,
  keeperMetrics,
  reportMetrics,
  treasuryMetrics,
  accountMetrics,
  paymentsMetrics,
];
