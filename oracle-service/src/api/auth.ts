/**
 * Access control of operator routes: a request must carry an active API key in `x-api-key` (hashed at rest, see
 * apiKeys.ts). Public read routes need none. Keys never appear in logs (the logger redacts the header).
 */
import type { FastifyReply, FastifyRequest } from "fastify";

import type { Queryable } from "../db/database.ts";
import { findApiKey } from "./apiKeys.ts";

/** Header that carries the API key. */
export const API_KEY_HEADER = "x-api-key";

/** A Fastify `preHandler` that answers 401 unless the request carries an active API key. */
export function requireApiKey(db: Queryable) {
  return async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    const key = request.headers[API_KEY_HEADER];
    if (typeof key !== "string" || key === "") {
      await reply
        .code(401)
        .send({ error: "Unauthorized", message: `this route needs an API key in ${API_KEY_HEADER}` });
      return;
    }
    const name = await findApiKey(db, key);
    if (name === undefined) {
      await reply.code(401).send({ error: "Unauthorized", message: "unknown or revoked API key" });
      return;
    }
    request.log.debug({ apiKey: name }, "operator request");
  };
}
