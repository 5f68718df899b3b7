/**
 * The notification delivery worker: each round plans the deliveries of newly queued notifications
 * (deliveries.ts), claims the due ones, renders each in the account's locale (templates/) and sends it through its
 * channel (channels.ts).
 *
 * Ordering and guarantees: a delivery is marked `sending` in a committed statement *before* it is sent, and `sent`
 * after the channel accepted it. A crash in between leaves a `sending` row that is claimed again once its lease
 * (default 5 minutes, longer than any send timeout) expires, so delivery is **at-least-once**: for SMTP we prefer a
 * rare duplicate mail to a silently lost one (a refund or an overdue notice must arrive). The duplicate carries the
 * same Message-ID (`<notification-<id>-<target>@encore.notifications>`), so mail clients can fold it. A row marked
 * `sent` is never claimed again. Erased accounts are skipped at send time, not only at planning time.
 */
import { getAccount } from "../accounts/accounts.ts";
import type { Database } from "../db/database.ts";
import type { WorkerLog } from "../outbox/stepContext.ts";
import { createWorkerLoop, type WorkerLoop } from "../outbox/workerLoop.ts";
import { DeliveryError, type Channels, type OutgoingMessage } from "./channels.ts";
import {
  backoffMs,
  claimDeliveries,
  finishDelivery,
  planDeliveries,
  type ClaimedDelivery,
  type DeliveryOutcome,
} from "./deliveries.ts";
import { getPushSubscription } from "./preferences.ts";
import type { NotificationData, NotificationKind } from "./queue.ts";
import { renderNotification } from "./templates/index.ts";

/** What {@link createNotificationWorker} needs. */
export interface NotificationWorkerContext {
  db: Database;
  channels: Channels;
  intervalMs: number;
  log?: WorkerLog;
  /** Sends given up after this many attempts (default 8). */
  maxAttempts?: number;
  /** First retry pause (default 30 s), doubled per attempt up to `maxBackoffMs` (default 1 h). */
  backoffBaseMs?: number;
  maxBackoffMs?: number;
  /** A `sending` claim older than this is taken again (default 5 min). */
  leaseMs?: number;
  /** Deliveries per round (default 50). */
  batchSize?: number;
}

/** What one round did. */
export interface NotificationRound {
  planned: number;
  sent: number;
  retried: number;
  failed: number;
  skipped: number;
}

/** The running worker. */
export type NotificationWorker = WorkerLoop<NotificationRound>;

/** Creates the delivery worker (not started): `start()` runs a round every `intervalMs`, `runOnce()` one now. */
export function createNotificationWorker(context: NotificationWorkerContext): NotificationWorker {
  const { db, channels } = context;
  const log = context.log ?? (() => undefined);
  const maxAttempts = context.maxAttempts ?? 8;
  const enabled = { email: channels.email !== undefined, sms: channels.sms !== undefined, push: !!channels.push };

  const deliver = async (delivery: ClaimedDelivery): Promise<DeliveryOutcome> => {
    const [notification] = await db.query<{ account_id: bigint; kind: NotificationKind; data: NotificationData }>(
      "SELECT account_id, kind, data FROM notifications WHERE id = $1",
      [delivery.notificationId.toString()],
    );
    const account = await getAccount(db, notification.account_id);
    if (account === undefined || account.erasedAt !== undefined) return { status: "skipped", reason: "erased" };
    let rendered;
    try {
      rendered = renderNotification(notification.kind, account.locale, notification.data);
    } catch (error) {
      return { status: "failed", error: (error as Error).message };
    }
    const message: OutgoingMessage = {
      ...rendered,
      deliveryKey: `notification-${delivery.notificationId}-${delivery.target.replace(":", "-")}`,
    };
    try {
      if (delivery.channel === "email") {
        if (account.email === undefined) return { status: "skipped", reason: "no email address" };
        if (channels.email === undefined) return { status: "skipped", reason: "email is off" };
        await channels.email.send(account.email, message);
      } else if (delivery.channel === "sms") {
        if (account.phone === undefined) return { status: "skipped", reason: "no phone number" };
        if (channels.sms === undefined) return { status: "skipped", reason: "sms is off" };
        await channels.sms.send(account.phone, message);
      } else {
        const subscription = await getPushSubscription(db, BigInt(delivery.target.slice("push:".length)));
        if (subscription === undefined) return { status: "skipped", reason: "push subscription removed" };
        if (channels.push === undefined) return { status: "skipped", reason: "push is off" };
        await channels.push.send(subscription, message);
      }
      return { status: "sent" };
    } catch (error) {
      const failure =
        error instanceof DeliveryError ? error : new DeliveryError(String(error), { permanent: false, cause: error });
      if (failure.gone) {
        await db.query("DELETE FROM push_subscriptions WHERE id = $1", [delivery.target.slice("push:".length)]);
      }
      if (failure.permanent || delivery.attempts >= maxAttempts) return { status: "failed", error: failure.message };
      const wait = backoffMs(delivery.attempts, context.backoffBaseMs ?? 30_000, context.maxBackoffMs ?? 3_600_000);
      return { status: "retry", error: failure.message, retryAt: new Date(Date.now() + wait) };
    }
  };

  const round = async (): Promise<NotificationRound> => {
    const result: NotificationRound = { planned: 0, sent: 0, retried: 0, failed: 0, skipped: 0 };
    result.planned = await planDeliveries(db, enabled);
    const claimed = await claimDeliveries(db, {
      limit: context.batchSize ?? 50,
      leaseMs: context.leaseMs ?? 5 * 60_000,
    });
    for (const delivery of claimed) {
      const outcome = await deliver(delivery);
      await finishDelivery(db, delivery.id, outcome);
      if (outcome.status === "sent") result.sent += 1;
      else if (outcome.status === "retry") result.retried += 1;
      else if (outcome.status === "failed") result.failed += 1;
      else result.skipped += 1;
      if (outcome.status === "retry" || outcome.status === "failed") {
        log(`notifications: delivery ${delivery.id} (${delivery.channel}) ${outcome.status}`, {
          attempts: delivery.attempts,
          error: outcome.error,
        });
      }
    }
    return result;
  };

  return createWorkerLoop({
    name: "notifications",
    intervalMs: context.intervalMs,
    maxBackoffMs: 60_000,
    log,
    step: round,
  });
}
