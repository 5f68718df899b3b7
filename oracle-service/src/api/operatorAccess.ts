/**
 * Access to operator routes (monitoring, audit, operator account management) by either credential an operator
 * has: an API key in `x-api-key` or as `Authorization: Bearer enc_…` (scripts, Prometheus) or the session of an
 * operator account (`Authorization: Bearer <session token>`, the dashboard). Sets `request.operator` to who it was, for the audit log.
 */
import type { FastifyReply, FastifyRequest } from "fastify";

import { sessionAccount, bearerToken } from "../accounts/session.ts";
import type { Queryable } from "../db/database.ts";
import { findApiKey } from "./apiKeys.ts";
import { API_KEY_HEADER } from "./auth.ts";

declare module "fastify" {
  interface FastifyRequest {
    /** Who an operator route serves, as an audit actor: "apikey:<name>" or "account:<publicId>". */
    operator?: string;
  }
}

/**
 * A Fastify `preHandler`: 401 without a valid API key or session, 403 for the session of a non-operator account.
 */
export function requireOperator(db: Queryable) {
  return async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    const header = request.headers[API_KEY_HEADER];
    const token = bearerToken(request);
    // An API key also works as a bearer token (Prometheus' `authorization` setting sends it that way).
    const key = typeof header === "string" && header !== "" ? header : token?.startsWith("enc_") ? token : undefined;
    if (key !== undefined) {
      const name = await findApiKey(db, key);
      if (name === undefined) {
        await reply.code(401).send({ error: "Unauthorized", message: "unknown or revoked API key" });
        return;
      }
      request.operator = `apikey:${name}`;
      return;
    }
    const account = token === undefined ? undefined : await sessionAccount(db, token);
    if (account === undefined) {
      await reply.code(401).send({
        error: "Unauthorized",
        message: `this route needs an API key in ${API_KEY_HEADER} or an operator session (Authorization: Bearer …)`,
      });
      return;
    }
    if (account.kind !== "operator") {
      await reply
        .code(403)
        .send({ error: "Forbidden", message: `this route is for operators, not ${account.kind} accounts` });
      return;
    }
    request.account = account;
    request.operator = `account:${account.publicId}`;
  };
}
