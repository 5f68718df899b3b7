/**
 * `encore`: the oracle service's command line.
 *
 *   encore serve                         API + outbox + keeper + signature exchange (until Ctrl-C)
 *   encore keeper [--once]               keeper + outbox only
 *   encore statements import <files…>    import DDEX DSR / distributor CSV statements
 *   encore reports build|sign|submit     revenue reports
 *   encore catalog register|list         ISRC → campaign
 *   encore apikey create|revoke <name>   operator API keys (shown once, stored hashed)
 *   encore audit verify|list             check or read the hash-chained audit log
 *   encore accounts create-operator <w>  create an operator account
 *   encore retention run                 delete data past its retention period
 *   encore accounts add --wallet 0x…     accounts that receive notifications (local demo, operators)
 *   encore config                        validate the configuration and print it (secrets redacted)
 *
 * Settings come from the environment (see src/config.ts; `node --env-file=.env` works too). Exit codes: 0 success,
 * 1 failure (the message says what and where), 2 usage or configuration error.
 */
import { parseArgs } from "node:util";

// Only what every command needs is imported here; each command loads its own modules when it runs (the service,
// the chain client and the payment SDKs take tens of MB that `encore statements import`, for one, never uses).
import type { ServiceContext } from "../api/context.ts";
import { ConfigError, describeConfig, loadConfig, loadStorageConfig } from "../config.ts";
import type { Database } from "../db/database.ts";
import { openDatabase } from "../db/open.ts";

/** Where a command writes. */
export interface Output {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
}

const USAGE = `Usage: encore <command> [options]

Commands:
  serve                          run the API, the outbox, the keeper and the signature exchange until Ctrl-C
  keeper [--once]                run the keeper and the outbox only
  statements import <files…>     import revenue statements (DDEX DSR .tsv/.tsv.gz, distributor CSV)
  reports build|sign|submit      build, co-sign and submit revenue reports
  catalog register|list          register ISRCs of a campaign (artist signature) or list them
  apikey create|revoke <name>    create (printed once, stored hashed) or revoke an operator API key
  audit verify|list [--limit N]  check the audit log's hash chain (exit 1 naming the broken seq) or list entries
  accounts create-operator <w>   create the operator account of wallet <w> (operators are never self-signed-up)
  retention run                  delete data past its retention period (oracle-service/docs/gdpr.md)
  accounts add --wallet 0x…      add an account (email, phone, locale) that receives notifications
  config                         check the configuration and print it with secrets redacted

Run "encore <command> --help" for a command's options. Settings are environment variables: ENCORE_RPC_URL,
ENCORE_OPERATOR_KEY, DATABASE_URL or ENCORE_DATA_DIR, ENCORE_PORT, ENCORE_PEERS, … (oracle-service/README.md).
`;

/** Runs a service context (database + chain) for one command and closes it afterwards. */
async function withContext(run: (context: ServiceContext) => Promise<number>): Promise<number> {
  const config = loadConfig(process.env);
  const db = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    const { connectChain } = await import("../chain/client.ts");
    const chain = await connectChain(config);
    return await run({ config, db, chain });
  } finally {
    await db.close();
  }
}

/**
 * Runs a database-only command (no chain) and closes the database afterwards; with `--help` or `-h` it prints
 * `usage` without opening the database.
 */
async function withDatabase(
  usage: string,
  args: string[],
  out: Output,
  run: (db: Database) => Promise<number>,
): Promise<number> {
  if (args.some((arg) => arg === "--help" || arg === "-h" || arg === "help")) {
    out.stdout.write(usage);
    return 0;
  }
  const db = await openDatabase(loadStorageConfig(process.env));
  try {
    return await run(db);
  } finally {
    await db.close();
  }
}

/** Resolves on the first SIGINT or SIGTERM. */
function untilSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    for (const signal of ["SIGINT", "SIGTERM"] as const) process.once(signal, () => resolve(signal));
  });
}

async function serve(args: string[], out: Output): Promise<number> {
  const { values } = parseArgs({ args, options: { help: { type: "boolean" }, "no-keeper": { type: "boolean" } } });
  if (values.help) {
    out.stdout.write("Usage: encore serve [--no-keeper]\n  Runs until SIGINT/SIGTERM, then stops gracefully.\n");
    return 0;
  }
  const config = loadConfig(process.env);
  // Listen for the stop signals before saying we listen: a signal without a listener kills the process outright.
  const stopSignal = untilSignal();
  const { startService } = await import("../service.ts");
  const service = await startService(config, { workers: { keeper: !values["no-keeper"] } });
  out.stdout.write(
    `encore oracle service listening on ${service.url} (operator ${service.context.chain.account.address})\n`,
  );
  const signal = await stopSignal;
  out.stdout.write(`${signal} received: stopping…\n`);
  await service.stop();
  return 0;
}

async function apikey(args: string[], out: Output): Promise<number> {
  const [action, name] = args;
  if ((action !== "create" && action !== "revoke") || name === undefined || name.startsWith("-")) {
    out.stderr.write("Usage: encore apikey create|revoke <name>\n");
    return 2;
  }
  const { createApiKey, revokeApiKey } = await import("../api/apiKeys.ts");
  const storage = loadStorageConfig(process.env);
  const db = await openDatabase(storage);
  try {
    if (action === "create") {
      const key = await createApiKey(db, name);
      out.stdout.write(`API key "${name}" (shown once; only its hash is stored):\n${key}\n`);
      return 0;
    }
    if (await revokeApiKey(db, name)) {
      out.stdout.write(`API key "${name}" revoked\n`);
      return 0;
    }
    out.stderr.write(`no active API key named "${name}"\n`);
    return 1;
  } finally {
    await db.close();
  }
}

/**
 * Runs the command in `argv` (without `node` and the script).
 *
 * @returns The exit code.
 */
export async function main(argv: string[], out: Output = process): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case "serve":
        return await serve(rest, out);
      case "keeper": {
        const { keeperCommand } = await import("./commands/keeper.ts");
        return await withContext((context) => keeperCommand(rest, { ...context, ...out }));
      }
      case "statements": {
        const [action, ...files] = rest;
        if (action !== "import") {
          out.stderr.write("Usage: encore statements import [options] <files…> (encore statements import --help)\n");
          return 2;
        }
        const { statementsImportCommand } = await import("./commands/statements.ts");
        const storage = loadStorageConfig(process.env);
        const db = await openDatabase(storage, { bulkImport: true });
        try {
          return await statementsImportCommand(files, { db, tokenDecimals: storage.tokenDecimals, ...out });
        } finally {
          await db.close();
        }
      }
      case "reports": {
        const { reportsCommand } = await import("./commands/reports.ts");
        return await withContext((context) => reportsCommand(rest, { ...context, ...out }));
      }
      case "catalog": {
        const { catalogCommand } = await import("./commands/catalog.ts");
        return await withContext((context) => catalogCommand(rest, { ...context, ...out }));
      }
      case "apikey":
        return await apikey(rest, out);
      case "audit": {
        const { AUDIT_USAGE, auditCommand } = await import("./commands/audit.ts");
        return await withDatabase(AUDIT_USAGE, rest, out, (db) => auditCommand(rest, { db, ...out }));
      }
      case "accounts":
      case "retention": {
        const commands = await import("./commands/accounts.ts");
        const [usage, run] =
          command === "accounts"
            ? [commands.ACCOUNTS_USAGE, commands.accountsCommand]
            : [commands.RETENTION_USAGE, commands.retentionCommand];
        return await withDatabase(usage, rest, out, (db) => run(rest, { db, ...out }));
      }
      case "config":
        out.stdout.write(`${JSON.stringify(describeConfig(loadConfig(process.env)), null, 2)}\n`);
        return 0;
      case undefined:
      case "help":
      case "--help":
      case "-h":
        out.stdout.write(USAGE);
        return command === undefined ? 2 : 0;
      default:
        out.stderr.write(`unknown command "${command}"\n\n${USAGE}`);
        return 2;
    }
  } catch (error) {
    if (error instanceof ConfigError) {
      out.stderr.write(`${error.message}\n`);
      return 2;
    }
    const message = error instanceof Error ? error.message : String(error);
    out.stderr.write(`encore ${command}: ${message}\n`);
    return 1;
  }
}

if (process.argv[1]?.endsWith("encore.js") || process.argv[1]?.endsWith("main.ts")) {
  process.exitCode = await main(process.argv.slice(2));
}
