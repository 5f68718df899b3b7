/**
 * `encore keeper`: the keeper and the outbox worker, without the API — follows the chain and sends the due work
 * (finalize, settle, enforce, release, refund batches) until SIGINT/SIGTERM, then stops gracefully (each finishes
 * its current step). `--once` runs one keeper round and one outbox step, prints what they did and exits.
 *
 * Exit codes: 0 done, 1 a step failed (with --once), 2 usage.
 */
import { parseArgs } from "node:util";

import type { ServiceContext } from "../../api/context.ts";
import { createKeeper, type KeeperRound } from "../../keeper/keeper.ts";
import { createOutboxWorker, outboxCounts, type WorkerLog } from "../../outbox/outbox.ts";

/** What the command needs: the service context and where to write. */
export type KeeperCommandContext = ServiceContext & {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  /** Resolves when the command should stop (default: the first SIGINT or SIGTERM). */
  until?: Promise<unknown>;
};

const USAGE = `Usage: encore keeper [--once] [--start-block <n>] [--refund-batch <n>]
  Follows the chain (ENCORE_CONFIRMATIONS deep) and sends the due work through the outbox, every
  ENCORE_KEEPER_INTERVAL_MS, until SIGINT/SIGTERM.
  --once              run one keeper round and one outbox step, print what they did, exit
  --start-block <n>   first block to follow when the database has no cursor yet (default 0)
  --refund-batch <n>  investors per refundMany batch (1-200, default 50)
`;

/**
 * Runs the keeper command.
 *
 * @returns The exit code.
 */
export async function keeperCommand(args: string[], context: KeeperCommandContext): Promise<number> {
  let values: { once?: boolean; help?: boolean; "start-block"?: string; "refund-batch"?: string };
  try {
    ({ values } = parseArgs({
      args,
      options: {
        once: { type: "boolean" },
        help: { type: "boolean" },
        "start-block": { type: "string" },
        "refund-batch": { type: "string" },
      },
    }));
  } catch (error) {
    context.stderr.write(`${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    context.stdout.write(USAGE);
    return 0;
  }
  const startBlock = values["start-block"];
  const refundBatch = values["refund-batch"];
  if (
    (startBlock !== undefined && !/^\d+$/.test(startBlock)) ||
    (refundBatch !== undefined && !/^\d+$/.test(refundBatch))
  ) {
    context.stderr.write(`--start-block and --refund-batch take whole numbers\n${USAGE}`);
    return 2;
  }
  const log: WorkerLog = (message, data) =>
    context.stdout.write(`${new Date().toISOString()} ${message}${data === undefined ? "" : ` ${toJson(data)}`}\n`);
  const shared = {
    db: context.db,
    chain: context.chain,
    confirmations: context.config.confirmations,
    intervalMs: context.config.keeperIntervalMs,
    log,
  };
  let keeper;
  try {
    keeper = createKeeper({
      ...shared,
      startBlock: startBlock === undefined ? undefined : BigInt(startBlock),
      refundBatchSize: refundBatch === undefined ? undefined : Number(refundBatch),
    });
  } catch (error) {
    context.stderr.write(`${(error as Error).message}\n`);
    return 2;
  }
  const worker = createOutboxWorker({ ...shared, maxFeePerGas: context.config.maxFeePerGas });

  if (values.once) {
    const round = await keeper.runOnce();
    await worker.runOnce();
    context.stdout.write(`${describeRound(round)}\noutbox: ${toJson(await outboxCounts(context.db))}\n`);
    return 0;
  }
  // Listen for the stop signals before announcing: a signal without a listener kills the process outright.
  const stopped = context.until ?? untilSignal();
  context.stdout.write(
    `keeper and outbox running as ${context.chain.account.address} (${shared.confirmations} confirmations, every ${shared.intervalMs} ms); Ctrl-C stops\n`,
  );
  worker.start();
  keeper.start();
  const reason = await stopped;
  context.stdout.write(`${typeof reason === "string" ? reason : "stop"} received: finishing the current step…\n`);
  await keeper.stop();
  await worker.stop();
  context.stdout.write("keeper and outbox stopped\n");
  return 0;
}

/** One keeper round in words. */
export function describeRound(round: KeeperRound): string {
  if (!round.ran) return "keeper: another instance holds the keeper lock; nothing done";
  const lines: string[] = [];
  if (round.reorg !== undefined) {
    lines.push(
      `reorganisation: rows above block ${round.reorg.forkBlock} rolled back (cursor was ${round.reorg.staleBlock})`,
    );
  }
  lines.push(
    round.indexed === undefined
      ? "indexed: nothing new"
      : `indexed: blocks ${round.indexed.fromBlock}-${round.indexed.toBlock} (${round.indexed.events} events)`,
  );
  if (round.evaluatedAt === undefined) lines.push("due work: not evaluated (still catching up)");
  else {
    const tasks = round.tasks.map((task) => task.key).join(", ") || "none";
    const refunds = round.refunds.map((r) => `${r.outboxKey} (${r.investors.length} investors)`).join(", ") || "none";
    lines.push(`due work at block ${round.evaluatedAt}: tasks ${tasks}; refund batches ${refunds}`);
  }
  return lines.join("\n");
}

function toJson(data: object): string {
  return JSON.stringify(data, (_key, value: unknown) => (typeof value === "bigint" ? value.toString() : value));
}

function untilSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const stop = (signal: NodeJS.Signals) => {
      process.off("SIGINT", stop);
      process.off("SIGTERM", stop);
      resolve(signal);
    };
    process.on("SIGINT", stop);
    process.on("SIGTERM", stop);
  });
}
