/**
 * Notification preferences (per account, kind and channel) and Web Push subscriptions. A missing preference is the
 * default: email on for every kind, SMS off (and only possible for {@link CRITICAL_KINDS}), push on once the
 * account has subscribed a browser.
 */
import type { Queryable } from "../db/database.ts";
import type { ChannelName, PushTarget } from "./channels.ts";
import { NOTIFICATION_KINDS, type NotificationKind } from "./queue.ts";

/** Kinds that may also go by SMS (money at stake on a date). */
export const CRITICAL_KINDS: readonly NotificationKind[] = ["due_date_reminder", "overdue_notice", "campaign_failed"];

/** The channels in display order. */
export const CHANNELS: readonly ChannelName[] = ["email", "sms", "push"];

/** One kind's effective settings. */
export interface KindPreference {
  kind: NotificationKind;
  email: boolean;
  sms: boolean;
  push: boolean;
}

/** A change of one setting. */
export interface PreferenceChange {
  kind: NotificationKind;
  channel: ChannelName;
  enabled: boolean;
}

/** The default of a setting when the account has not chosen. */
export function defaultPreference(channel: ChannelName): boolean {
  return channel !== "sms";
}

/** Every kind's effective settings for an account (its choices over the defaults). */
export async function getPreferences(db: Queryable, accountId: bigint): Promise<KindPreference[]> {
  const rows = await db.query<{ kind: string; channel: ChannelName; enabled: boolean }>(
    "SELECT kind, channel, enabled FROM notification_preferences WHERE account_id = $1",
    [accountId.toString()],
  );
  const chosen = new Map(rows.map((row) => [`${row.kind}/${row.channel}`, row.enabled]));
  return NOTIFICATION_KINDS.map((kind) => {
    const setting = (channel: ChannelName) =>
      (channel !== "sms" || CRITICAL_KINDS.includes(kind)) &&
      (chosen.get(`${kind}/${channel}`) ?? defaultPreference(channel));
    return { kind, email: setting("email"), sms: setting("sms"), push: setting("push") };
  });
}

/** Whether `channel` may be used for `kind` at all (SMS only for critical kinds). */
export function channelAllowed(kind: NotificationKind, channel: ChannelName): boolean {
  return channel !== "sms" || CRITICAL_KINDS.includes(kind);
}

/**
 * Stores an account's choices (in one statement per change; call it in a transaction for all-or-nothing).
 *
 * @throws When a change turns SMS on for a kind that is not critical.
 */
export async function setPreferences(
  db: Queryable,
  accountId: bigint,
  changes: readonly PreferenceChange[],
): Promise<void> {
  for (const [index, change] of changes.entries()) {
    if (change.enabled && !channelAllowed(change.kind, change.channel)) {
      throw new Error(`preferences/${index}: SMS is only for ${CRITICAL_KINDS.join(", ")}, not ${change.kind}`);
    }
  }
  for (const change of changes) {
    await db.query(
      `INSERT INTO notification_preferences (account_id, kind, channel, enabled) VALUES ($1, $2, $3, $4)
       ON CONFLICT (account_id, kind, channel) DO UPDATE SET enabled = EXCLUDED.enabled, updated_at = now()`,
      [accountId.toString(), change.kind, change.channel, change.enabled],
    );
  }
}

/** A stored push subscription. */
export interface StoredPushSubscription extends PushTarget {
  id: bigint;
  accountId: bigint;
}

/**
 * Stores a browser's push subscription for an account (the same endpoint subscribed again is moved to this account
 * with its new keys).
 */
export async function addPushSubscription(
  db: Queryable,
  accountId: bigint,
  subscription: PushTarget,
): Promise<StoredPushSubscription> {
  const [row] = await db.query<{ id: bigint }>(
    `INSERT INTO push_subscriptions (account_id, endpoint, p256dh, auth) VALUES ($1, $2, $3, $4)
     ON CONFLICT (endpoint) DO UPDATE SET account_id = EXCLUDED.account_id, p256dh = EXCLUDED.p256dh,
       auth = EXCLUDED.auth, created_at = now()
     RETURNING id`,
    [accountId.toString(), subscription.endpoint, subscription.keys.p256dh, subscription.keys.auth],
  );
  return { id: row.id, accountId, ...subscription };
}

/** Removes one of an account's subscriptions. @returns Whether it existed. */
export async function removePushSubscription(db: Queryable, accountId: bigint, id: bigint): Promise<boolean> {
  const rows = await db.query("DELETE FROM push_subscriptions WHERE id = $1 AND account_id = $2 RETURNING 1", [
    id.toString(),
    accountId.toString(),
  ]);
  return rows.length === 1;
}

/** An account's push subscriptions. */
export async function listPushSubscriptions(db: Queryable, accountId: bigint): Promise<StoredPushSubscription[]> {
  const rows = await db.query<PushRow>("SELECT * FROM push_subscriptions WHERE account_id = $1 ORDER BY id", [
    accountId.toString(),
  ]);
  return rows.map(toSubscription);
}

/** The subscription with this id, or undefined. */
export async function getPushSubscription(db: Queryable, id: bigint): Promise<StoredPushSubscription | undefined> {
  const [row] = await db.query<PushRow>("SELECT * FROM push_subscriptions WHERE id = $1", [id.toString()]);
  return row === undefined ? undefined : toSubscription(row);
}

interface PushRow {
  id: bigint;
  account_id: bigint;
  endpoint: string;
  p256dh: string;
  auth: string;
}

function toSubscription(row: PushRow): StoredPushSubscription {
  return {
    id: row.id,
    accountId: row.account_id,
    endpoint: row.endpoint,
    keys: { p256dh: row.p256dh, auth: row.auth },
  };
}
