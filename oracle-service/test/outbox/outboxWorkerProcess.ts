/**
 * The outbox worker as a separate process, for the kill -9 test: opens the database (`ENCORE_TEST_DATA_DIR`, a PGlite
 * folder, or `ENCORE_TEST_DB_URL`, a Postgres database), connects to the chain (`ENCORE_RPC_URL`,
 * `ENCORE_CONTRACTS_FILE`, dev account `ENCORE_TEST_OPERATOR`), prints `ready`, runs worker steps until no entry is
 * left unfinished, prints `done` and exits 0. `ENCORE_OUTBOX_CRASH_AT` makes it kill itself at a crash point.
 */
import { connectChain } from "../../src/chain/client.ts";
import { openDatabase } from "../../src/db/open.ts";
import { createOutboxWorker, outboxCounts } from "../../src/outbox/outbox.ts";
import { devKey } from "../support/localChain.ts";

const env = (name: string): string => {
  const value = process.env[name];
  if (value === undefined || value === "") throw new Error(`${name} is not set`);
  return value;
};

const db = await openDatabase(
  process.env.ENCORE_TEST_DB_URL
    ? { databaseUrl: env("ENCORE_TEST_DB_URL") }
    : { dataDir: env("ENCORE_TEST_DATA_DIR") },
);
const chain = await connectChain({
  rpcUrl: env("ENCORE_RPC_URL"),
  operatorKey: devKey(Number(env("ENCORE_TEST_OPERATOR"))),
  contractsFile: env("ENCORE_CONTRACTS_FILE"),
  pollingIntervalMs: 50,
});
const worker = createOutboxWorker({ db, chain, confirmations: 1, intervalMs: 20, signPerStep: 3 });
process.stdout.write("ready\n");
for (;;) {
  try {
    await worker.runOnce();
  } catch (error) {
    process.stderr.write(`step failed: ${(error as Error).message}\n`);
  }
  const counts = await outboxCounts(db);
  if (counts.queued + counts.signed + counts.mined === 0) break;
  await new Promise((resolve) => setTimeout(resolve, 20));
}
await db.close();
process.stdout.write("done\n");
