/**
 * `encore accounts` and `encore retention`: account administration from the operator's shell (database only).
 *
 *   encore accounts create-operator <wallet>   create the operator account of a wallet (the only way besides the
 *                                              operator API); the operator then signs in with that wallet
 *   encore accounts add --wallet 0x… …         accounts with contact details (local demo fans, operators' set-ups)
 *   encore retention run                       delete data past its retention period (docs/gdpr.md)
 *
 * Exit codes: 0 done, 1 refused, 2 usage.
 */
import { createOperatorAccount } from "../../accounts/operators.ts";
import { RETENTION_RULES, runRetention } from "../../accounts/retention.ts";
import type { Database } from "../../db/database.ts";
import { RequestError } from "../../reports/requestError.ts";
import { addAccountsCommand } from "./accountsAdd.ts";

/** What the commands need. */
export interface AccountsCommandContext {
  db: Database;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
}

/** Usage text of `encore accounts`. */
export const ACCOUNTS_USAGE = `Usage:
  encore accounts create-operator <wallet>   create the operator account of <wallet> (0x address)
  encore accounts add --wallet 0x… […]       create accounts with email, phone and locale (see accounts add --help)
`;

/** Usage text of `encore retention`. */
export const RETENTION_USAGE = `Usage:
  encore retention run   delete data past its retention period:
${RETENTION_RULES.map((rule) => `    ${rule.name}: ${rule.description}`).join("\n")}
`;

/** Runs `encore accounts …`; returns the exit code. */
export async function accountsCommand(args: string[], context: AccountsCommandContext): Promise<number> {
  const [action, wallet, ...extra] = args;
  if (action === "add") return addAccountsCommand(args, context);
  if (action === "--help" || action === "-h" || action === "help") {
    context.stdout.write(ACCOUNTS_USAGE);
    return 0;
  }
  if (action !== "create-operator" || wallet === undefined || wallet.startsWith("-") || extra.length > 0) {
    context.stderr.write(ACCOUNTS_USAGE);
    return 2;
  }
  try {
    const { account, created } = await createOperatorAccount(context.db, wallet, "cli:accounts");
    context.stdout.write(
      `${created ? "created" : "already exists:"} operator account ${account.publicId} for ${account.wallet}\n`,
    );
    return 0;
  } catch (error) {
    if (!(error instanceof RequestError)) throw error;
    context.stderr.write(`${error.message}\n`);
    return 1;
  }
}

/** Runs `encore retention …`; returns the exit code. */
export async function retentionCommand(args: string[], context: AccountsCommandContext): Promise<number> {
  const [action, ...extra] = args;
  if (action === "--help" || action === "-h" || action === "help") {
    context.stdout.write(RETENTION_USAGE);
    return 0;
  }
  if (action !== "run" || extra.length > 0) {
    context.stderr.write(RETENTION_USAGE);
    return 2;
  }
  const result = await runRetention(context.db, { actor: "cli:retention" });
  for (const [name, count] of Object.entries(result)) context.stdout.write(`${name}: ${count} deleted\n`);
  return 0;
}
