/**
 * `encore audit verify|list`, `encore accounts create-operator` and `encore retention run`, run in-process through
 * `main()` against a real PGlite data folder: an intact log exits 0; an edited row, a deleted row and a deleted tail
 * each exit 1 naming the seq.
 */
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { after, afterEach, before, describe, it } from "node:test";

import { recordAudit } from "../../src/audit/auditLog.ts";
import { main } from "../../src/cli/main.ts";
import { openDatabase } from "../../src/db/open.ts";
import type { Database } from "../../src/db/database.ts";

/** Runs `encore args…` in-process; returns the exit code and output. */
async function encore(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  const sink = (append: (text: string) => void) =>
    new Writable({
      write(chunk: Buffer, _encoding, done) {
        append(chunk.toString());
        done();
      },
    });
  const code = await main(args, {
    stdout: sink((text) => (stdout += text)),
    stderr: sink((text) => (stderr += text)),
  });
  return { code, stdout, stderr };
}

describe("encore audit / accounts / retention", () => {
  let dir: string;
  const saved = { dataDir: process.env.ENCORE_DATA_DIR, databaseUrl: process.env.DATABASE_URL };

  before(() => {
    dir = mkdtempSync(join(tmpdir(), "encore-audit-cli-"));
    process.env.ENCORE_DATA_DIR = dir;
    delete process.env.DATABASE_URL;
  });
  after(() => {
    if (saved.dataDir === undefined) delete process.env.ENCORE_DATA_DIR;
    else process.env.ENCORE_DATA_DIR = saved.dataDir;
    if (saved.databaseUrl !== undefined) process.env.DATABASE_URL = saved.databaseUrl;
    rmSync(dir, { recursive: true, force: true });
  });

  /** Opens the CLI's database, runs `work`, closes it (the CLI opens its own afterwards). */
  async function withDb(work: (db: Database) => Promise<unknown>): Promise<void> {
    const db = await openDatabase({ dataDir: dir });
    try {
      await work(db);
    } finally {
      await db.close();
    }
  }

  let restore: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await restore?.();
    restore = undefined;
  });

  it("prints usage (exit 0 with --help, 2 without an action)", async () => {
    const help = await encore("audit", "--help");
    assert.equal(help.code, 0);
    assert.match(help.stdout, /encore audit verify/);
    assert.equal((await encore("audit", "frobnicate")).code, 2);
    assert.equal((await encore("audit", "list", "--limit", "0")).code, 2);
    assert.match((await encore("--help")).stdout, /audit verify\|list/);
  });

  it("verifies an intact log and lists the newest entries", async () => {
    await withDb(async (db) => {
      for (let i = 1; i <= 4; i++) await recordAudit(db, { actor: "test", action: `test.entry_${i}`, data: { i } });
    });
    const verified = await encore("audit", "verify");
    assert.equal(verified.code, 0, verified.stderr);
    assert.match(verified.stdout, /audit log intact: 4 entries, head [0-9a-f]{64}/);
    const listed = await encore("audit", "list", "--limit", "2");
    assert.equal(listed.code, 0);
    const lines = listed.stdout.trim().split("\n");
    assert.equal(lines.length, 2);
    assert.match(lines[0], /^4\t\S+\ttest\ttest\.entry_4\t\{"i":4\}$/);
  });

  it("exits 1 naming the seq of an edited row", async () => {
    let original: unknown;
    await withDb(async (db) => {
      original = (await db.query<{ data: unknown }>("SELECT data FROM audit_log WHERE seq = 2"))[0].data;
      await db.query(`UPDATE audit_log SET data = '{"i": 200}' WHERE seq = 2`);
    });
    restore = () =>
      withDb((db) => db.query("UPDATE audit_log SET data = $1 WHERE seq = 2", [JSON.stringify(original)]));
    const run = await encore("audit", "verify");
    assert.equal(run.code, 1);
    assert.match(run.stderr, /audit log BROKEN at seq 2: entry 2 was edited/);
  });

  it("exits 1 naming the seq of a deleted row and of a deleted tail", async () => {
    let row: Record<string, unknown> = {};
    await withDb(async (db) => {
      row = (await db.query("SELECT * FROM audit_log WHERE seq = 3"))[0];
      await db.query("DELETE FROM audit_log WHERE seq = 3");
    });
    const gap = await encore("audit", "verify");
    assert.equal(gap.code, 1);
    assert.match(gap.stderr, /BROKEN at seq 3: entry 3 is missing \(deleted\)/);

    await withDb(async (db) => {
      await db.query(
        "INSERT INTO audit_log (seq, at, actor, action, subject, data, prev_hash, hash) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        [row.seq, row.at, row.actor, row.action, row.subject, JSON.stringify(row.data), row.prev_hash, row.hash],
      );
      await db.query("DELETE FROM audit_log WHERE seq = 4");
    });
    const tail = await encore("audit", "verify");
    assert.equal(tail.code, 1);
    assert.match(tail.stderr, /BROKEN at seq 4: the log ends at entry 3 but its head says 4/);
  });

  it("creates operator accounts and runs retention from the command line", async () => {
    const wallet = "0x00000000000000000000000000000000000000bb";
    const created = await encore("accounts", "create-operator", wallet);
    assert.equal(created.code, 0, created.stderr);
    assert.match(created.stdout, /^created operator account acct_[0-9a-f]{20} for 0x0{38}[bB]{2}/);
    const bad = await encore("accounts", "create-operator", "nope");
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /wallet: "nope" is not an address/);
    assert.equal((await encore("accounts")).code, 2);
    const retention = await encore("retention", "run");
    assert.equal(retention.code, 0, retention.stderr);
    assert.match(retention.stdout, /auth_nonces: 0 deleted\nsessions: 0 deleted/);
    assert.match((await encore("retention", "--help")).stdout, /sessions: sessions/);
  });
});
