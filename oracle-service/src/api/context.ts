/** What route handlers and background workers share: configuration, database, chain, logger. */
import type {
  FastifyBaseLogger,
  FastifyInstance,
  RawReplyDefaultExpression,
  RawRequestDefaultExpression,
} from "fastify";
import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import type { Server } from "node:http";

import type { ChainContext } from "../chain/client.ts";
import type { Config } from "../config.ts";
import type { Database } from "../db/database.ts";

/** The service's shared dependencies. */
export interface ServiceContext {
  config: Config;
  db: Database;
  chain: ChainContext;
}

/** The Fastify instance with the TypeBox type provider. */
export type App = FastifyInstance<
  Server,
  RawRequestDefaultExpression<Server>,
  RawReplyDefaultExpression<Server>,
  FastifyBaseLogger,
  TypeBoxTypeProvider
>;
