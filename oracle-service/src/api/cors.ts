/**
 * Cross-origin access for pages on any origin (the dApp). Public reads (GET, HEAD) are open to every origin, and the
 * preflight of such a GET may carry a credential header (the dApp's operator dashboard sends its API key). Writes are
 * closed cross-origin unless their route opts in with `config: { crossOrigin: true }` (e.g. the checkout a fan starts
 * from the dApp): then its preflight allows that method with a JSON body (`content-type`) but no credential header,
 * so a page on another origin can never send an API key or a session with a write.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";

declare module "fastify" {
  interface FastifyContextConfig {
    /** Let pages on any origin call this (non-GET) route with a JSON body and no credential header (cors.ts). */
    crossOrigin?: boolean;
  }
}

/** A route that opted in: its method and its path as a pattern (`:param` = one segment). */
interface OpenRoute {
  method: string;
  path: RegExp;
}

/** `/v1/payments/:paymentId` → a regular expression matching concrete paths of that route. */
function pathPattern(url: string): RegExp {
  const escaped = url
    .split("/")
    .map((segment) => (segment.startsWith(":") ? "[^/]+" : segment.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")))
    .join("/");
  return new RegExp(`^${escaped}/?$`);
}

/**
 * Adds the CORS hooks and the preflight route to `app`; call it before the routes are registered (it collects the
 * routes that opt in as they are added).
 */
export function registerCors(app: FastifyInstance): void {
  const open: OpenRoute[] = [];
  app.addHook("onRoute", (route) => {
    if (route.config?.crossOrigin !== true) return;
    for (const method of [route.method].flat())
      open.push({ method: method.toUpperCase(), path: pathPattern(route.url) });
  });
  const opensTo = (method: string, url: string) => {
    const path = url.split("?")[0];
    return open.some((route) => route.method === method.toUpperCase() && route.path.test(path));
  };

  app.addHook("onSend", async (request: FastifyRequest, reply: FastifyReply) => {
    if (request.method === "GET" || request.method === "HEAD" || request.routeOptions.config.crossOrigin === true) {
      reply.header("access-control-allow-origin", "*");
    }
  });

  app.options("/*", { schema: { hide: true } }, (request, reply) => {
    const asked = String(request.headers["access-control-request-method"] ?? "GET").toUpperCase();
    const write = asked !== "GET" && asked !== "HEAD" && opensTo(asked, request.url);
    return reply
      .code(204)
      .header("access-control-allow-origin", "*")
      .header("access-control-allow-methods", write ? `GET, ${asked}` : "GET")
      .header("access-control-allow-headers", write ? "content-type" : "x-api-key, authorization")
      .header("access-control-max-age", "600")
      .send();
  });
}
