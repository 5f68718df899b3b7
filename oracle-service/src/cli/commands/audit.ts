/**
 * `encore audit`: check or read the hash-chained audit log (database only, no chain needed).
 *
 *   encore audit verify              walk the whole chain; exit 0 when intact, 1 naming the first broken seq
 *   encore audit list [--limit N]    the newest N entries (default 20, at most 500), newest first
 *
 * Exit codes: 0 intact / listed, 1 broken chain, 2 usage.
 */
import { parseArgs } from "node:util";

import { listAudit, verifyAudit } from "../../audit/auditLog.ts";
import type { Queryable } from "../../db/database.ts";

/** What the command needs. */
export interface AuditCommandContext {
  db: Queryable;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
}

/** Usage text of `encore audit`. */
export const AUDIT_USAGE = `Usage:
  encore audit verify              check every entry's hash and link; exit 1 naming the first broken seq
  encore audit list [--limit N]    print the newest N entries (default 20, at most 500)
`;

/** Runs `encore audit …`; returns the exit code. */
export async function auditCommand(args: string[], context: AuditCommandContext): Promise<number> {
  const [action, ...rest] = args;
  if (action === undefined || action === "--help" || action === "-h" || action === "help") {
    (action === undefined ? context.stderr : context.stdout).write(AUDIT_USAGE);
    return action === undefined ? 2 : 0;
  }
  let values: { limit?: string; help?: boolean };
  try {
    ({ values } = parseArgs({ args: rest, options: { limit: { type: "string" }, help: { type: "boolean" } } }));
  } catch (error) {
    context.stderr.write(`${(error as Error).message}\n${AUDIT_USAGE}`);
    return 2;
  }
  if (values.help) {
    context.stdout.write(AUDIT_USAGE);
    return 0;
  }
  switch (action) {
    case "verify": {
      if (values.limit !== undefined) {
        context.stderr.write(`--limit is for "list"\n${AUDIT_USAGE}`);
        return 2;
      }
      const result = await verifyAudit(context.db);
      if (result.ok) {
        context.stdout.write(`audit log intact: ${result.entries} entries, head ${result.headHash}\n`);
        return 0;
      }
      context.stderr.write(
        `audit log BROKEN at seq ${result.seq}: ${result.problem} (${result.entries} entries verified before it)\n`,
      );
      return 1;
    }
    case "list": {
      const limit = values.limit === undefined ? 20 : Number(values.limit);
      if (!Number.isInteger(limit) || limit < 1 || limit > 500) {
        context.stderr.write(`--limit: "${values.limit}" is not a whole number from 1 to 500\n`);
        return 2;
      }
      for (const entry of await listAudit(context.db, { limit })) {
        const subject = entry.subject === "" ? "" : ` ${entry.subject}`;
        context.stdout.write(
          `${entry.seq}\t${entry.at.toISOString()}\t${entry.actor}\t${entry.action}${subject}\t${JSON.stringify(entry.data)}\n`,
        );
      }
      return 0;
    }
    default:
      context.stderr.write(`unknown action "${action}"\n${AUDIT_USAGE}`);
      return 2;
  }
}
