/**
 * The delivery table's state machine. {@link planDeliveries} turns queued notifications into one delivery per
 * channel target the account's preferences allow; {@link claimDeliveries} marks due deliveries `sending` (committed
 * before anything is sent); {@link finishDelivery} records the outcome: `sent` (never picked again), `pending` with
 * a later `next_attempt_at` (exponential backoff), `failed` or `skipped`. A `sending` row whose claim is older than
 * the lease (a crash mid-send) is claimed again: delivery is at-least-once, never again once marked sent.
 */
import { getAccount } from "../accounts/accounts.ts";
import type { Database, Queryable } from "../db/database.ts";
import type { ChannelName } from "./channels.ts";
import { channelAllowed, defaultPreference, listPushSubscriptions } from "./preferences.ts";
import type { NotificationKind } from "./queue.ts";

/** Which channels can send at all (configured on this instance). */
export type EnabledChannels = Record<ChannelName, boolean>;

/** A claimed delivery. */
export interface ClaimedDelivery {
  id: bigint;
  notificationId: bigint;
  channel: ChannelName;
  /** 'email', 'sms' or 'push:<subscription id>'. */
  target: string;
  /** Including this one. */
  attempts: number;
}

/**
 * Plans the deliveries of up to `limit` queued notifications, in one transaction: per notification, one delivery
 * per channel the account allows and this instance can send by (email if the account has an address; SMS only for
 * critical kinds the account opted into, with a phone number; push per subscription). Erased accounts get none.
 *
 * @returns How many notifications were planned.
 */
export async function planDeliveries(db: Database, enabled: EnabledChannels, limit = 100): Promise<number> {
  return db.transaction(async (tx) => {
    const queued = await tx.query<{ id: bigint; account_id: bigint; kind: NotificationKind }>(
      `SELECT id, account_id, kind FROM notifications WHERE planned_at IS NULL ORDER BY id LIMIT $1
       FOR UPDATE SKIP LOCKED`,
      [limit],
    );
    for (const notification of queued) {
      for (const [channel, target] of await targetsOf(tx, notification.account_id, notification.kind, enabled)) {
        await tx.query(
          `INSERT INTO notification_deliveries (notification_id, channel, target) VALUES ($1, $2, $3)
           ON CONFLICT (notification_id, target) DO NOTHING`,
          [notification.id.toString(), channel, target],
        );
      }
      await tx.query("UPDATE notifications SET planned_at = now() WHERE id = $1", [notification.id.toString()]);
    }
    return queued.length;
  });
}

async function targetsOf(
  tx: Queryable,
  accountId: bigint,
  kind: NotificationKind,
  enabled: EnabledChannels,
): Promise<[ChannelName, string][]> {
  const account = await getAccount(tx, accountId);
  if (account === undefined || account.erasedAt !== undefined) return [];
  const rows = await tx.query<{ channel: ChannelName; enabled: boolean }>(
    "SELECT channel, enabled FROM notification_preferences WHERE account_id = $1 AND kind = $2",
    [accountId.toString(), kind],
  );
  const wants = (channel: ChannelName) =>
    enabled[channel] &&
    channelAllowed(kind, channel) &&
    (rows.find((row) => row.channel === channel)?.enabled ?? defaultPreference(channel));
  const targets: [ChannelName, string][] = [];
  if (wants("email") && account.email !== undefined) targets.push(["email", "email"]);
  if (wants("sms") && account.phone !== undefined) targets.push(["sms", "sms"]);
  if (wants("push")) {
    for (const subscription of await listPushSubscriptions(tx, accountId)) {
      targets.push(["push", `push:${subscription.id}`]);
    }
  }
  return targets;
}

/**
 * Claims up to `limit` due deliveries (pending and due, or `sending` with a claim older than `leaseMs`) and marks
 * them `sending` — committed before the caller sends anything.
 */
export async function claimDeliveries(
  db: Queryable,
  options: { limit: number; leaseMs: number; now?: Date },
): Promise<ClaimedDelivery[]> {
  const now = options.now ?? new Date();
  const rows = await db.query<{
    id: bigint;
    notification_id: bigint;
    channel: ChannelName;
    target: string;
    attempts: number;
  }>(
    `UPDATE notification_deliveries SET status = 'sending', attempts = attempts + 1, claimed_at = $1
     WHERE id IN (
       SELECT id FROM notification_deliveries
       WHERE (status = 'pending' AND next_attempt_at <= $1) OR (status = 'sending' AND claimed_at < $2)
       ORDER BY id LIMIT $3 FOR UPDATE SKIP LOCKED)
     RETURNING id, notification_id, channel, target, attempts`,
    [now, new Date(now.getTime() - options.leaseMs), options.limit],
  );
  return rows
    .map((row) => ({
      id: row.id,
      notificationId: row.notification_id,
      channel: row.channel,
      target: row.target,
      attempts: row.attempts,
    }))
    .sort((a, b) => (a.id < b.id ? -1 : 1));
}

/** How a send ended. */
export type DeliveryOutcome =
  | { status: "sent" }
  | { status: "retry"; error: string; retryAt: Date }
  | { status: "failed"; error: string }
  | { status: "skipped"; reason: string };

/** Records the outcome of a claimed delivery (only while it is still `sending`). */
export async function finishDelivery(db: Queryable, id: bigint, outcome: DeliveryOutcome): Promise<void> {
  const key = id.toString();
  switch (outcome.status) {
    case "sent":
      await db.query(
        "UPDATE notification_deliveries SET status = 'sent', sent_at = now(), last_error = NULL WHERE id = $1",
        [key],
      );
      return;
    case "retry":
      await db.query(
        `UPDATE notification_deliveries SET status = 'pending', next_attempt_at = $2, last_error = $3
         WHERE id = $1 AND status = 'sending'`,
        [key, outcome.retryAt, outcome.error],
      );
      return;
    case "failed":
    case "skipped":
      await db.query(
        "UPDATE notification_deliveries SET status = $2, last_error = $3 WHERE id = $1 AND status = 'sending'",
        [key, outcome.status, outcome.status === "failed" ? outcome.error : outcome.reason],
      );
  }
}

/** Pause before attempt `attempts + 1`: `baseMs · 2^(attempts − 1)`, at most `maxMs`. */
export function backoffMs(attempts: number, baseMs: number, maxMs: number): number {
  return Math.min(maxMs, baseMs * 2 ** Math.max(0, Math.min(attempts - 1, 30)));
}
