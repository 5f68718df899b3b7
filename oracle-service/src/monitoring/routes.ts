/**
 * Monitoring routes: `GET /metrics` (Prometheus text; public, operator-only or off per `ENCORE_METRICS`), and for
 * operators (API key or operator session): `GET /v1/operator/overview` (dashboard snapshot), `GET
 * /v1/operator/stream` (Server-Sent Events) and `GET /v1/operator/audit` (the audit log, newest first, paged).
 */
import Type from "typebox";

import { listAudit } from "../audit/auditLog.ts";
import type { App, ServiceContext } from "../api/context.ts";
import { requireOperator } from "../api/operatorAccess.ts";
import { ErrorBody } from "../api/schemas.ts";
import { createMetricsRegistry, type MetricsSource } from "./metrics.ts";
import { buildOverview } from "./overview.ts";
import { METRICS_SOURCES } from "./sources.ts";
import { createOverviewStream } from "./stream.ts";

const AuditEntryView = Type.Object({
  seq: Type.String(),
  at: Type.String({ format: "date-time" }),
  actor: Type.String(),
  action: Type.String(),
  subject: Type.String(),
  data: Type.Record(Type.String(), Type.Unknown()),
  prevHash: Type.String(),
  hash: Type.String(),
});

/**
 * Registers the monitoring routes (a route group: `monitoringRoutes(app, context)` or, with other sources,
 * `monitoringRoutesWith([...])`).
 */
export function monitoringRoutes(app: App, context: ServiceContext): void {
  monitoringRoutesWith(METRICS_SOURCES)(app, context);
}

/** The monitoring route group serving the metrics of `sources`. */
export function monitoringRoutesWith(sources: readonly MetricsSource[]) {
  return (app: App, context: ServiceContext): void => {
    const settings = context.config.monitoring;
    const operator = requireOperator(context.db);

    if (settings.metrics !== "off") {
      const metrics = createMetricsRegistry(context, sources, (source, metric, error) =>
        app.log.warn({ err: error, source, metric }, "metrics: a reading failed"),
      );
      app.get(
        "/metrics",
        {
          ...(settings.metrics === "operator" ? { preHandler: operator } : {}),
          config: { rateLimit: false },
          schema: {
            tags: ["monitoring"],
            summary: "Prometheus metrics (text exposition format), evaluated at scrape time",
            produces: ["text/plain"],
            response: { 200: Type.String(), 401: ErrorBody, 403: ErrorBody },
          },
        },
        async (_request, reply) => reply.type(metrics.contentType).send(await metrics.scrape()),
      );
    }

    app.get(
      "/v1/operator/overview",
      {
        preHandler: operator,
        schema: {
          tags: ["monitoring"],
          summary: "Operator dashboard snapshot: open reports and debts, outbox, keeper, treasury, recent audit",
          response: { 200: Type.Record(Type.String(), Type.Unknown()), 401: ErrorBody, 403: ErrorBody },
        },
      },
      async () => (await buildOverview(context)) as unknown as Record<string, unknown>,
    );

    const stream = createOverviewStream(
      context,
      {
        intervalMs: settings.streamIntervalMs,
        probeMs: settings.streamProbeMs,
        heartbeatMs: settings.streamHeartbeatMs,
      },
      (error) => app.log.warn({ err: error }, "operator stream: the overview could not be read"),
    );
    // Before the server stops accepting: end every stream, or close() would wait for them forever.
    app.addHook("preClose", (done) => {
      stream.close();
      done();
    });
    app.get(
      "/v1/operator/stream",
      {
        preHandler: operator,
        config: { rateLimit: false },
        schema: {
          tags: ["monitoring"],
          summary: "Server-Sent Events: `overview` events (the overview JSON) on change and periodically; heartbeats",
          produces: ["text/event-stream"],
          response: { 401: ErrorBody, 403: ErrorBody },
        },
      },
      async (request, reply) => {
        reply.hijack();
        await stream.connect(reply.raw);
        request.log.debug({ operator: request.operator, clients: stream.clients }, "operator stream connected");
      },
    );

    app.get(
      "/v1/operator/audit",
      {
        preHandler: operator,
        schema: {
          tags: ["monitoring"],
          summary: "Audit log entries, newest first; page with ?before=<seq of the last entry seen>",
          querystring: Type.Object(
            {
              limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })),
              before: Type.Optional(Type.String({ pattern: "^[1-9][0-9]{0,18}$", description: "seq to page before" })),
              action: Type.Optional(Type.String({ maxLength: 100, description: "action prefix, e.g. account." })),
            },
            { additionalProperties: false },
          ),
          response: {
            200: Type.Object({
              entries: Type.Array(AuditEntryView),
              nextBefore: Type.Union([Type.String(), Type.Null()]),
            }),
            400: ErrorBody,
            401: ErrorBody,
            403: ErrorBody,
          },
        },
      },
      async (request) => {
        const limit = request.query.limit ?? 50;
        const entries = await listAudit(context.db, {
          limit,
          beforeSeq: request.query.before === undefined ? undefined : BigInt(request.query.before),
          actionPrefix: request.query.action,
        });
        const last = entries.at(-1);
        return {
          entries: entries.map((entry) => ({
            seq: entry.seq.toString(),
            at: entry.at.toISOString(),
            actor: entry.actor,
            action: entry.action,
            subject: entry.subject,
            data: entry.data,
            prevHash: entry.prevHash,
            hash: entry.hash,
          })),
          nextBefore: entries.length === limit && last !== undefined ? last.seq.toString() : null,
        };
      },
    );
  };
}
