/**
 * Wires notifications into the running service: the channels from configuration, the delivery worker and the alert
 * engine (with the default rules), as workers {@link startService} starts and stops with the others. The channels'
 * connections are closed after both workers stopped.
 */
import type { ServiceContext } from "../api/context.ts";
import { createAlertEngine } from "../alerts/engine.ts";
import { defaultAlertRules } from "../alerts/rules/index.ts";
import type { WorkerLog } from "../outbox/stepContext.ts";
import { channelsFromConfig, closeChannels } from "./channels.ts";
import { createNotificationWorker } from "./worker.ts";

/** Something with `start` and `stop`, like every service worker. */
export interface NotificationServiceWorker {
  start(): void;
  stop(): Promise<void>;
}

/**
 * The delivery worker and (unless `alerts` is false) the alert engine, sharing one set of channels.
 *
 * @returns One worker that starts and stops both.
 */
export function createNotificationServices(
  context: ServiceContext,
  options: { log: WorkerLog; alerts: boolean },
): NotificationServiceWorker {
  const settings = context.config.notifications;
  const channels = channelsFromConfig(settings, options.log);
  const delivery = createNotificationWorker({
    db: context.db,
    channels,
    intervalMs: settings.intervalMs,
    log: options.log,
  });
  const alerts = options.alerts
    ? createAlertEngine({
        service: context,
        rules: defaultAlertRules(),
        email: channels.email,
        sms: channels.sms,
        operatorEmails: settings.operatorEmails,
        operatorPhones: settings.operatorPhones,
        intervalMs: settings.alertIntervalMs,
        log: options.log,
      })
    : undefined;
  return {
    start() {
      delivery.start();
      alerts?.start();
    },
    async stop() {
      await alerts?.stop();
      await delivery.stop();
      closeChannels(channels);
    },
  };
}
