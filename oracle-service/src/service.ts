/**
 * The running service: database (migrated), chain, HTTP API, and the background workers (durable outbox, keeper,
 * signature exchange). {@link startService} brings it up in that order; `stop()` takes it down in reverse,
 * finishing the step each worker is in (graceful shutdown).
 */
import { buildApp, type RouteGroup } from "./api/app.ts";
import type { App, ServiceContext } from "./api/context.ts";
import { authRoutes } from "./api/routes/auth.ts";
import { catalogRoutes } from "./api/routes/catalog.ts";
import { meRoutes } from "./api/routes/me.ts";
import { notificationRoutes } from "./api/routes/notifications.ts";
import { reportRoutes } from "./api/routes/reports.ts";
import { statementRoutes } from "./api/routes/statements.ts";
import { recordConfigLoaded } from "./audit/configAudit.ts";
import { connectChain } from "./chain/client.ts";
import type { Config } from "./config.ts";
import { openDatabase } from "./db/open.ts";
import { createKeeper } from "./keeper/keeper.ts";
import { monitoringRoutes } from "./monitoring/routes.ts";
import { createNotificationServices } from "./notifications/services.ts";
import { createOutboxWorker } from "./outbox/worker.ts";
import { paymentRoutes } from "./payments/paymentRoutes.ts";
import { paymentsContext } from "./payments/paymentsContext.ts";
import { createPaymentsReconciler } from "./payments/reconciler.ts";
import { webhookRoutes } from "./payments/webhookRoutes.ts";
import { createSignatureExchange } from "./reports/exchange.ts";

/** Every route group of the API. */
export const ROUTES: readonly RouteGroup[] = [
  statementRoutes,
  catalogRoutes,
  reportRoutes,
  authRoutes,
  meRoutes,
  monitoringRoutes,
  paymentRoutes,
  webhookRoutes,
  notificationRoutes,
];

/** Which background workers run. */
export interface WorkerOptions {
  /** Sends queued transactions (default true). */
  outbox?: boolean;
  /** Follows the chain and queues due work (default true). */
  keeper?: boolean;
  /** Pushes this operator's signatures to peers and submits at threshold (default true). */
  exchange?: boolean;
  /** Reconciles card payments, refunds, custodial claims and payouts (default true). */
  payments?: boolean;
  /** Sends queued notifications by email, SMS and Web Push (default true). */
  notifications?: boolean;
  /** Evaluates the alert rules and notifies operators (default true; needs `notifications`). */
  alerts?: boolean;
}

/** A started service. */
export interface RunningService {
  app: App;
  context: ServiceContext;
  /** Base URL the API listens on, e.g. `http://127.0.0.1:8787`. */
  url: string;
  /** Stops the workers, the API and the database, in that order. Safe to call twice. */
  stop(): Promise<void>;
}

/** Something with `start` and `stop`. */
interface Worker {
  start(): void;
  stop(): Promise<void>;
}

/**
 * Starts the service.
 *
 * @param config - Validated configuration.
 * @param options - Workers to run and whether to log.
 * @throws When the database or chain cannot be reached or the port is taken; what was started is stopped again.
 */
export async function startService(
  config: Config,
  options: { workers?: WorkerOptions; logger?: boolean } = {},
): Promise<RunningService> {
  const db = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  let app: App | undefined;
  const workers: Worker[] = [];
  try {
    const chain = await connectChain({
      rpcUrl: config.rpcUrl,
      operatorKey: config.operatorKey,
      contractsFile: config.contractsFile,
      pollingIntervalMs: Math.min(1_000, config.keeperIntervalMs),
    });
    const context: ServiceContext = { config, db, chain };
    await recordConfigLoaded(db, config, `operator:${chain.account.address}`);
    app = await buildApp(context, {
      routes: ROUTES,
      logger: options.logger === false ? false : { level: config.logLevel, pretty: config.logPretty },
    });
    await app.listen({ host: config.host, port: config.port });
    const address = app.server.address();
    const port = typeof address === "object" && address !== null ? address.port : config.port;
    const url = `http://${config.host}:${port}`;
    const log = (message: string, data?: object) => app?.log.info(data ?? {}, message);
    const shared = { db, chain, confirmations: config.confirmations, intervalMs: config.keeperIntervalMs, log };
    const wanted = {
      outbox: true,
      keeper: true,
      exchange: true,
      payments: true,
      notifications: true,
      alerts: true,
      ...options.workers,
    };
    if (wanted.outbox) workers.push(createOutboxWorker({ ...shared, maxFeePerGas: config.maxFeePerGas }));
    if (wanted.keeper) workers.push(createKeeper({ ...shared, dueReminderDays: config.notifications.dueReminderDays }));
    if (wanted.exchange)
      workers.push(createSignatureExchange({ ...context, intervalMs: config.keeperIntervalMs, log }));
    if (wanted.payments) {
      const interval = config.payments.intervalMs ?? config.keeperIntervalMs;
      workers.push(createPaymentsReconciler(paymentsContext(context, log), interval));
    }
    if (wanted.notifications) workers.push(createNotificationServices(context, { log, alerts: wanted.alerts }));
    for (const worker of workers) worker.start();

    let stopped: Promise<void> | undefined;
    const stop = () =>
      (stopped ??= (async () => {
        for (const worker of [...workers].reverse()) await worker.stop();
        await app?.close();
        await db.close();
      })());
    return { app, context, url, stop };
  } catch (error) {
    for (const worker of workers) await worker.stop().catch(() => undefined);
    await app?.close().catch(() => undefined);
    await db.close();
    throw error;
  }
}
