/**
 * Read-only statement routes for the dApp and operators: the imported statements (newest first, keyset-paged by id)
 * and one statement with a page of its lines. Amounts are exact decimal strings; dates are `YYYY-MM-DD`.
 */
import Type, { type Static } from "typebox";

import { RequestError } from "../../reports/requestError.ts";
import type { App, ServiceContext } from "../context.ts";
import { ErrorBody, UintString } from "../schemas.ts";
import { IdString } from "./reports.ts";

const Decimal = Type.String({ pattern: "^-?[0-9]+(\\.[0-9]+)?$", description: "exact decimal" });

/** A statement (response). */
export const StatementView = Type.Object({
  id: UintString,
  contentHash: Type.String(),
  format: Type.String(),
  sender: Type.Union([Type.String(), Type.Null()]),
  recipient: Type.Union([Type.String(), Type.Null()]),
  service: Type.Union([Type.String(), Type.Null()]),
  territory: Type.Union([Type.String(), Type.Null()]),
  periodStart: Type.String({ format: "date" }),
  periodEnd: Type.String({ format: "date" }),
  currency: Type.String(),
  fxRate: Decimal,
  lineCount: UintString,
  grossAmount: Decimal,
  importedAt: Type.String({ format: "date-time" }),
});

/** A statement line (response). */
export const StatementLineView = Type.Object({
  lineNo: Type.Integer(),
  isrc: Type.String(),
  usageType: Type.Union([Type.String(), Type.Null()]),
  territory: Type.Union([Type.String(), Type.Null()]),
  quantity: UintString,
  amount: Decimal,
  amountUnits: UintString,
});

interface StatementRow {
  id: bigint;
  content_hash: string;
  format: string;
  sender: string | null;
  recipient: string | null;
  service: string | null;
  territory: string | null;
  period_start: string;
  period_end: string;
  currency: string;
  fx_rate: string;
  line_count: bigint;
  gross_amount: string;
  imported_at: Date;
}

const STATEMENT_COLUMNS =
  "id, content_hash, format, sender, recipient, service, territory, period_start, period_end, currency, fx_rate, " +
  "line_count, gross_amount, imported_at";

function statementView(row: StatementRow): Static<typeof StatementView> {
  return {
    id: row.id.toString(),
    contentHash: row.content_hash,
    format: row.format,
    sender: row.sender,
    recipient: row.recipient,
    service: row.service,
    territory: row.territory,
    periodStart: row.period_start,
    periodEnd: row.period_end,
    currency: row.currency,
    fxRate: row.fx_rate,
    lineCount: row.line_count.toString(),
    grossAmount: row.gross_amount,
    importedAt: row.imported_at.toISOString(),
  };
}

/** Registers the statement routes. */
export function statementRoutes(app: App, context: ServiceContext): void {
  app.get(
    "/statements",
    {
      config: { readCache: true },
      schema: {
        tags: ["statements"],
        summary: "Imported statements, newest first",
        querystring: Type.Object({
          before: Type.Optional(IdString),
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })),
        }),
        response: {
          200: Type.Object({ statements: Type.Array(StatementView), next: Type.Union([UintString, Type.Null()]) }),
          400: ErrorBody,
        },
      },
    },
    async (request) => {
      const limit = request.query.limit ?? 50;
      const rows = await context.db.query<StatementRow>(
        `SELECT ${STATEMENT_COLUMNS} FROM statements WHERE ($1::bigint IS NULL OR id < $1::bigint)
         ORDER BY id DESC LIMIT $2`,
        [request.query.before ?? null, limit],
      );
      const next = rows.length === limit ? rows[rows.length - 1].id.toString() : null;
      return { statements: rows.map(statementView), next };
    },
  );

  app.get(
    "/statements/:id",
    {
      config: { readCache: true },
      schema: {
        tags: ["statements"],
        summary: "A statement with a page of its lines (by line number)",
        params: Type.Object({ id: IdString }),
        querystring: Type.Object({
          afterLine: Type.Optional(Type.Integer({ minimum: 0, default: 0 })),
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1_000, default: 100 })),
        }),
        response: {
          200: Type.Object({ statement: StatementView, lines: Type.Array(StatementLineView) }),
          400: ErrorBody,
          404: ErrorBody,
        },
      },
    },
    async (request) => {
      const [row] = await context.db.query<StatementRow>(`SELECT ${STATEMENT_COLUMNS} FROM statements WHERE id = $1`, [
        request.params.id,
      ]);
      if (row === undefined) throw new RequestError(404, "UnknownStatement", `no statement ${request.params.id}`);
      const lines = await context.db.query<{
        line_no: number;
        isrc: string;
        usage_type: string | null;
        territory: string | null;
        quantity: bigint;
        amount: string;
        amount_units: string;
      }>(
        `SELECT line_no, isrc, usage_type, territory, quantity, amount, amount_units FROM statement_lines
         WHERE statement_id = $1 AND line_no > $2 ORDER BY line_no LIMIT $3`,
        [request.params.id, request.query.afterLine ?? 0, request.query.limit ?? 100],
      );
      return {
        statement: statementView(row),
        lines: lines.map((line) => ({
          lineNo: line.line_no,
          isrc: line.isrc,
          usageType: line.usage_type,
          territory: line.territory,
          quantity: line.quantity.toString(),
          amount: line.amount,
          amountUnits: line.amount_units,
        })),
      };
    },
  );
}
