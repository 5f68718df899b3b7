/**
 * The notification queue: an event that should reach a person (investment confirmed, refund available, …) is
 * enqueued in the same DB transaction as the event itself, so it is notified if and only if the event happened.
 * The delivery worker sends queued notifications by email, SMS or Web Push according to the account's preferences.
 */
import type { Queryable } from "../db/database.ts";

/** What happened, one template each (in every locale). */
export const NOTIFICATION_KINDS = [
  "investment_confirmed",
  "campaign_succeeded",
  "campaign_failed",
  "refund_available",
  "revenue_received",
  "payout_sent",
  "due_date_reminder",
  "overdue_notice",
] as const;
/** One of {@link NOTIFICATION_KINDS}. */
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

/** Template values: strings (amounts as decimal strings, dates as ISO strings) or numbers. */
export type NotificationData = Record<string, string | number>;

/** A notification to enqueue. */
export interface NotificationRequest {
  accountId: bigint;
  kind: NotificationKind;
  data: NotificationData;
  /** Same key, same notification: e.g. "investment_confirmed:<stripe event id>". */
  dedupeKey: string;
}

/**
 * Enqueues a notification in the caller's transaction; a second request with the same `dedupeKey` is ignored.
 *
 * @returns The notification's id and whether this call created it.
 */
export async function enqueueNotification(
  tx: Queryable,
  request: NotificationRequest,
): Promise<{ id: bigint; created: boolean }> {
  if (request.dedupeKey.trim() === "") throw new Error("notification: the dedupe key is empty");
  const inserted = await tx.query<{ id: bigint }>(
    `INSERT INTO notifications (dedupe_key, account_id, kind, data) VALUES ($1, $2, $3, $4)
     ON CONFLICT (dedupe_key) DO NOTHING RETURNING id`,
    [request.dedupeKey, request.accountId.toString(), request.kind, JSON.stringify(request.data)],
  );
  if (inserted.length === 1) return { id: inserted[0].id, created: true };
  const [existing] = await tx.query<{ id: bigint }>("SELECT id FROM notifications WHERE dedupe_key = $1", [
    request.dedupeKey,
  ]);
  return { id: existing.id, created: false };
}
