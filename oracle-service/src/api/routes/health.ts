/**
 * `GET /health`: liveness plus the database, the chain, the outbox and the keeper as this instance sees them
 * (src/monitoring/health.ts). Always 200 while the process serves requests; `status` says ok or degraded.
 */
import { HealthBody, readHealth } from "../../monitoring/health.ts";
import type { App, ServiceContext } from "../context.ts";

/** Registers the health route. */
export function healthRoutes(app: App, context: ServiceContext): void {
  app.get(
    "/health",
    {
      schema: {
        tags: ["service"],
        summary: "Liveness, database, chain, outbox and keeper status",
        response: { 200: HealthBody },
      },
    },
    () => readHealth(context),
  );
}
