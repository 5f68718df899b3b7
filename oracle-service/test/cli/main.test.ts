/**
 * The `encore` command as users run it: a real process (bin/encore.js), its output and exit codes.
 */
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";

import { findFreePort } from "../../../scripts/lib/ports.ts";
import { devKey, startTestChain, type TestChain } from "../support/localChain.ts";

const BIN = join(import.meta.dirname, "..", "..", "bin", "encore.js");

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `encore args…` with exactly `env` (plus PATH) and waits for it to exit, or sends `signal` once `ready` matches. */
function encore(args: string[], env: Record<string, string>, stopWhen?: { ready: RegExp; signal: NodeJS.Signals }) {
  return new Promise<Run>((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      env: { PATH: process.env.PATH ?? "", ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    let signalled = false;
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
      if (stopWhen !== undefined && !signalled && stopWhen.ready.test(stdout)) {
        signalled = true;
        child.kill(stopWhen.signal);
      }
    });
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => child.kill("SIGKILL"), 120_000);
    child.once("error", reject);
    child.once("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

describe("encore CLI", () => {
  let dir: string;
  let chain: TestChain;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), "encore-cli-"));
    chain = await startTestChain();
  });
  after(async () => {
    await chain?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it("prints usage with --help (exit 0) and without a command (exit 2)", async () => {
    const help = await encore(["--help"], {});
    assert.equal(help.code, 0);
    assert.match(help.stdout, /Usage: encore <command>/);
    for (const command of ["serve", "keeper", "statements import", "reports build", "catalog", "apikey"]) {
      assert.ok(help.stdout.includes(command), `usage mentions ${command}`);
    }
    assert.equal((await encore([], {})).code, 2);
  });

  it("refuses an unknown command with exit 2", async () => {
    const run = await encore(["frobnicate"], {});
    assert.equal(run.code, 2);
    assert.match(run.stderr, /unknown command "frobnicate"/);
  });

  it("stops on a missing or bad setting, naming it, with exit 2", async () => {
    const missing = await encore(["config"], { ENCORE_RPC_URL: chain.url });
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /configuration: ENCORE_OPERATOR_KEY is missing/);
    const bad = await encore(["config"], {
      ENCORE_RPC_URL: chain.url,
      ENCORE_OPERATOR_KEY: devKey(10),
      ENCORE_PORT: "x",
    });
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /ENCORE_PORT = "x" is invalid/);
  });

  it("prints the configuration with the operator key redacted", async () => {
    const run = await encore(["config"], { ENCORE_RPC_URL: chain.url, ENCORE_OPERATOR_KEY: devKey(10) });
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /"operatorKey": "\[redacted\]"/);
    assert.ok(!run.stdout.includes(devKey(10).slice(2)));
  });

  it("creates an API key once, refuses a second of the same name, and revokes it", async () => {
    const env = { ENCORE_DATA_DIR: join(dir, "keys") };
    const created = await encore(["apikey", "create", "ops"], env);
    assert.equal(created.code, 0, created.stderr);
    assert.match(created.stdout, /enc_[A-Za-z0-9_-]{43}/);
    const again = await encore(["apikey", "create", "ops"], env);
    assert.equal(again.code, 1);
    assert.equal((await encore(["apikey", "revoke", "ops"], env)).code, 0);
    assert.equal((await encore(["apikey", "revoke", "ops"], env)).code, 1);
    assert.equal((await encore(["apikey", "rotate"], env)).code, 2);
  });

  it("serves until SIGTERM, then stops gracefully with exit 0", async () => {
    const port = await findFreePort(31_000 + Math.floor(Math.random() * 1_000));
    const env = {
      ENCORE_RPC_URL: chain.url,
      ENCORE_OPERATOR_KEY: devKey(10),
      ENCORE_CONTRACTS_FILE: chain.contractsFile,
      ENCORE_DATA_DIR: join(dir, "serve"),
      ENCORE_PORT: String(port),
      LOG_LEVEL: "warn",
    };
    const run = await encore(["serve"], env, { ready: /listening on http:\/\/127\.0\.0\.1:\d+/, signal: "SIGTERM" });
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, new RegExp(`listening on http://127.0.0.1:${port} \\(operator 0x[0-9a-fA-F]{40}\\)`));
    assert.match(run.stdout, /SIGTERM received: stopping/);
  });

  it("fails with exit 1 and the reason when the chain does not answer", async () => {
    const port = await findFreePort(32_000 + Math.floor(Math.random() * 1_000));
    const run = await encore(["serve"], {
      ENCORE_RPC_URL: `http://127.0.0.1:${port}`,
      ENCORE_OPERATOR_KEY: devKey(10),
      ENCORE_DATA_DIR: join(dir, "down"),
    });
    assert.equal(run.code, 1);
    assert.match(run.stderr, /does not answer/);
  });
});
