import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import pg from "pg";

import type { Database } from "../../src/db/database.ts";
import { openDatabase } from "../../src/db/open.ts";
import { enqueueTransaction, outboxEntry } from "../../src/outbox/outbox.ts";
import { TEST_ENGINES } from "../support/databases.ts";
import { startTestChain, type TestChain } from "../support/localChain.ts";
import { freshRecipient, mintData, mintsTo, operatorContext } from "./outboxTestKit.ts";

const WORKER_SCRIPT = join(import.meta.dirname, "outboxWorkerProcess.ts");
const OPERATOR = 10;
const ENTRIES = 20;

/** How one run of the worker process ends. */
type Run = { crashAt: string } | { killAfterMs: number } | { untilDone: true };

/** Where the worker process's database lives, and how the test opens it. */
interface ProcessDatabase {
  env: Record<string, string>;
  open(): Promise<Database>;
  remove(): Promise<void>;
}

async function processDatabase(engine: Database["engine"]): Promise<ProcessDatabase> {
  if (engine === "pglite") {
    const dir = mkdtempSync(join(tmpdir(), "encore-outbox-kill-"));
    const dataDir = join(dir, "db");
    return {
      env: { ENCORE_TEST_DATA_DIR: dataDir },
      open: () => openDatabase({ dataDir }),
      remove: () => Promise.resolve(rmSync(dir, { recursive: true, force: true })),
    };
  }
  const adminUrl = process.env.ENCORE_TEST_DATABASE_URL as string;
  const name = `encore_kill_${randomBytes(6).toString("hex")}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    env: { ENCORE_TEST_DB_URL: url.toString() },
    open: () => openDatabase({ databaseUrl: url.toString() }),
    async remove() {
      const dropper = new pg.Client({ connectionString: adminUrl });
      await dropper.connect();
      await dropper.query(`DROP DATABASE IF EXISTS ${name}`);
      await dropper.end();
    },
  };
}

/** Runs the worker process once; resolves with how it ended. */
function runWorker(chain: TestChain, database: ProcessDatabase, run: Run): Promise<string> {
  const crash = "crashAt" in run ? { ENCORE_OUTBOX_CRASH_AT: run.crashAt } : {};
  const child = spawn(process.execPath, [WORKER_SCRIPT], {
    env: {
      ...process.env,
      ...database.env,
      ...crash,
      ENCORE_RPC_URL: chain.url,
      ENCORE_CONTRACTS_FILE: chain.contractsFile,
      ENCORE_TEST_OPERATOR: String(OPERATOR),
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  let errors = "";
  child.stderr.on("data", (chunk: Buffer) => (errors += chunk.toString()));
  return new Promise((resolve, reject) => {
    child.stdout.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      if ("killAfterMs" in run && output.includes("ready\n")) {
        setTimeout(() => child.kill("SIGKILL"), run.killAfterMs);
      }
    });
    child.once("error", reject);
    child.once("close", (code, signal) => {
      const ended = signal !== null ? `killed (${signal})` : `exit ${code}`;
      if (code !== 0 && signal === null) reject(new Error(`worker process ${ended}: ${errors}`));
      else resolve(output.includes("done\n") ? `${ended}, done` : ended);
    });
  });
}

for (const engine of TEST_ENGINES) {
  describe(`outbox under kill -9 on ${engine}`, () => {
    let chain: TestChain;
    let miner: NodeJS.Timeout | undefined;
    before(async () => {
      chain = await startTestChain();
      // Blocks keep coming (as on a real chain), so the last transactions also reach their confirmation depth.
      miner = setInterval(() => void chain.mine().catch(() => undefined), 250);
    });
    after(async () => {
      clearInterval(miner);
      await chain?.stop();
    });

    it("killed at random instants and at every crash point, it sends each of 20 transactions exactly once", async (t) => {
      const database = await processDatabase(engine);
      const context = await operatorContext(chain, OPERATOR);
      const recipient = freshRecipient();
      const amounts = Array.from({ length: ENTRIES }, (_, i) => 1_001n + BigInt(i));
      try {
        const db = await database.open();
        await db.transaction(async (tx) => {
          for (const amount of amounts) {
            await enqueueTransaction(tx, {
              key: `kill-test:${amount}`,
              to: context.deployment.MockStablecoin,
              data: mintData(recipient, amount),
              label: `mint ${amount}`,
            });
          }
        });
        await db.close();

        const random = () => ({ killAfterMs: Math.floor(Math.random() * 400) });
        const runs: Run[] = [
          { crashAt: "after-sign:1" },
          { crashAt: "after-broadcast:2" },
          random(),
          { crashAt: "after-sign:3" },
          { crashAt: "after-mined:2" },
          random(),
          { crashAt: "after-sign:2" },
          random(),
          { untilDone: true },
        ];
        const endings: string[] = [];
        for (const run of runs) endings.push(await runWorker(chain, database, run));
        t.diagnostic(`worker runs: ${endings.join("; ")}`);
        assert.match(endings.at(-1) ?? "", /exit 0, done/);
        assert.ok(
          endings.filter((ending) => ending.startsWith("killed")).length >= 5,
          `the worker was killed several times: ${endings.join("; ")}`,
        );

        const minted = await mintsTo(context, recipient);
        assert.deepEqual(
          [...minted].sort((a, b) => (a < b ? -1 : 1)),
          amounts,
          "every mint executed exactly once, none lost",
        );
        const check = await database.open();
        try {
          for (const amount of amounts) {
            const entry = await outboxEntry(check, `kill-test:${amount}`);
            assert.equal(entry?.status, "confirmed", `mint ${amount} is confirmed`);
            assert.ok(entry.txHash !== undefined && entry.attemptHashes.includes(entry.txHash));
          }
        } finally {
          await check.close();
        }
      } finally {
        await database.remove();
      }
    });
  });
}
