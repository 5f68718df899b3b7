/**
 * {@link Database} on a Postgres server through node-postgres (`pg`): a connection pool; bulk loads use
 * `COPY … FROM STDIN` (pg-copy-streams).
 */
import pg from "pg";
import { from as copyFrom } from "pg-copy-streams";
import { pipeline } from "node:stream/promises";
import { Readable } from "node:stream";

import type { Database, Queryable } from "./database.ts";

/** Same value types as the PGlite engine (see database.ts). */
const typeParsers = {
  getTypeParser(oid: number, format?: "text" | "binary"): (value: string) => unknown {
    const { INT8, NUMERIC, DATE } = pg.types.builtins as Record<string, number>;
    if (oid === INT8) return (value) => BigInt(value);
    if (oid === NUMERIC || oid === DATE) return (value) => value;
    return pg.types.getTypeParser(oid, format ?? "text") as (value: string) => unknown;
  },
};

function queryable(client: pg.Pool | pg.PoolClient): Queryable {
  return {
    async query<Row extends object>(sql: string, params: readonly unknown[] = []): Promise<Row[]> {
      const result = await client.query<Row>({ text: sql, values: params as unknown[], types: typeParsers });
      return result.rows;
    },
    async copyIn(table: string, columns: readonly string[], rows: string | Uint8Array): Promise<void> {
      const chunk = typeof rows === "string" ? rows : Buffer.from(rows.buffer, rows.byteOffset, rows.byteLength);
      const run = async (connection: pg.PoolClient) => {
        const stream = connection.query(copyFrom(`COPY ${table} (${columns.join(", ")}) FROM STDIN`));
        await pipeline(Readable.from([chunk]), stream);
      };
      if (client instanceof pg.Pool) {
        const connection = await client.connect();
        try {
          await run(connection);
        } finally {
          connection.release();
        }
      } else {
        await run(client);
      }
    },
  };
}

/**
 * Connects to a Postgres server.
 *
 * @param url - Connection string, e.g. `postgres://user@127.0.0.1:5432/encore`.
 */
export async function openPostgres(url: string): Promise<Database> {
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  // Fail now, with the server's message, rather than at the first query.
  const probe = await pool.connect();
  probe.release();
  return {
    engine: "postgres",
    ...queryable(pool),
    async transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T> {
      const connection = await pool.connect();
      try {
        await connection.query("BEGIN");
        const result = await work(queryable(connection));
        await connection.query("COMMIT");
        return result;
      } catch (error) {
        await connection.query("ROLLBACK").catch(() => undefined);
        throw error;
      } finally {
        connection.release();
      }
    },
    close: () => pool.end(),
  };
}
