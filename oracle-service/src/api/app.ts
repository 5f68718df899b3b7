/**
 * Builds the HTTP API: external plugins (swagger, rate limit) → error handling → routes. Every route declares its
 * TypeBox schema for params, body and each response status; OpenAPI is served at `/docs/json` and Swagger UI at
 * `/docs`. Only 4xx answers carry the error's message; 5xx answers say "internal error" and the log has the rest.
 */
import Fastify, { type FastifyError } from "fastify";
import rateLimit from "@fastify/rate-limit";
import swagger from "@fastify/swagger";
import swaggerUi from "@fastify/swagger-ui";
import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";

import { API_KEY_HEADER } from "./auth.ts";
import type { App, ServiceContext } from "./context.ts";
import { registerCors } from "./cors.ts";
import { registerReadCache } from "./readCache.ts";
import { healthRoutes } from "./routes/health.ts";

/** A function that registers a group of routes. */
export type RouteGroup = (app: App, context: ServiceContext) => void;

/** Largest accepted request body (bytes). */
export const BODY_LIMIT = 1_048_576;

/** Options of {@link buildApp}. */
export interface AppOptions {
  /** Route groups besides health (statements, catalog, reports, …). */
  routes?: readonly RouteGroup[];
  /** Logger options; `false` for none (tests). */
  logger?: boolean | { level: string; pretty: boolean };
}

/** Builds the Fastify app (not listening yet). */
export async function buildApp(context: ServiceContext, options: AppOptions = {}): Promise<App> {
  const logger =
    options.logger === undefined || options.logger === false
      ? false
      : {
          level: options.logger === true ? "info" : options.logger.level,
          // Secrets never reach the log.
          redact: [`req.headers["${API_KEY_HEADER}"]`, "req.headers.authorization"],
          ...(options.logger !== true && options.logger.pretty ? { transport: { target: "pino-pretty" } } : {}),
        };
  const app = Fastify({ logger, bodyLimit: BODY_LIMIT }).withTypeProvider<TypeBoxTypeProvider>();

  await app.register(swagger, {
    openapi: {
      info: { title: "Encore oracle service", version: "0.1.0", description: "Statements, catalog, reports, keeper" },
      components: {
        securitySchemes: { apiKey: { type: "apiKey", name: API_KEY_HEADER, in: "header" } },
      },
    },
  });
  await app.register(swaggerUi, { routePrefix: "/docs" });
  await app.register(rateLimit, { max: context.config.rateLimitPerMinute, timeWindow: "1 minute" });

  app.setErrorHandler((error: FastifyError, request, reply) => {
    const status = error.statusCode ?? 500;
    if (status >= 500) {
      request.log.error({ err: error }, "request failed");
      return reply.code(status).send({ error: "Internal Server Error", message: "internal error" });
    }
    return reply.code(status).send({ error: error.code ?? "Bad Request", message: error.message });
  });

  registerCors(app);
  registerReadCache(app, { ttlMs: context.config.readCacheMs });
  healthRoutes(app, context);
  for (const register of options.routes ?? []) register(app, context);
  await app.ready();
  return app;
}

export type { TypeBoxTypeProvider };
