/**
 * Privileged actions, money movements and configuration changes append audit entries in the transaction that does
 * them: API keys, statement import, outbox enqueues, operator accounts, configuration at start, retention runs.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";

import { createOperatorAccount } from "../../src/accounts/operators.ts";
import { RETENTION_RULES, runRetention } from "../../src/accounts/retention.ts";
import { createApiKey, revokeApiKey } from "../../src/api/apiKeys.ts";
import { listAudit, verifyAudit } from "../../src/audit/auditLog.ts";
import { configHash, recordConfigLoaded } from "../../src/audit/configAudit.ts";
import { loadConfig } from "../../src/config.ts";
import type { Database } from "../../src/db/database.ts";
import { enqueueTransaction } from "../../src/outbox/outboxStore.ts";
import { importStatement } from "../../src/statements/index.ts";
import { openTestDatabase, TEST_ENGINES } from "../support/databases.ts";
import { devKey } from "../support/localChain.ts";
import { CSV_DEFAULT, fixture, TEST_FX } from "../statements/support.ts";

const TO = "0x00000000000000000000000000000000000000aa" as const;

for (const engine of TEST_ENGINES) {
  describe(`audit wiring on ${engine}`, () => {
    let db: Database;
    before(async () => {
      db = await openTestDatabase(engine);
    });
    after(async () => {
      await db.close();
    });

    const latest = async (prefix: string) => (await listAudit(db, { limit: 1, actionPrefix: prefix }))[0];

    it("creating and revoking an API key appends entries naming the key, never the key itself", async () => {
      const key = await createApiKey(db, "ci", "cli:apikey");
      const created = await latest("config.api_key_created");
      assert.deepEqual([created.actor, created.subject], ["cli:apikey", "apikey:ci"]);
      assert.equal(await revokeApiKey(db, "ci"), true);
      assert.equal((await latest("config.api_key_revoked")).subject, "apikey:ci");
      const before = (await listAudit(db, { limit: 1 }))[0].seq;
      assert.equal(await revokeApiKey(db, "ci"), false);
      assert.equal((await listAudit(db, { limit: 1 }))[0].seq, before, "nothing revoked, nothing recorded");
      assert.ok(!(await auditText(db)).includes(key));
    });

    it("a failed change records nothing: the entry rolls back with it", async () => {
      const before = (await listAudit(db, { limit: 1 }))[0].seq;
      await createApiKey(db, "twice");
      await assert.rejects(createApiKey(db, "twice"));
      assert.equal((await listAudit(db, { limit: 1 }))[0].seq, before + 1n);
    });

    it("every new outbox transaction (money movement) is recorded once", async () => {
      const request = {
        key: "keeper:refund:9:0",
        to: TO,
        data: "0xabcdef01" as const,
        label: "refund batch",
        value: 5n,
      };
      await db.transaction((tx) => enqueueTransaction(tx, request));
      await db.transaction((tx) => enqueueTransaction(tx, request));
      const entries = await listAudit(db, { limit: 10, actionPrefix: "outbox.enqueued" });
      assert.equal(entries.length, 1);
      assert.deepEqual(
        [entries[0].actor, entries[0].subject, entries[0].data],
        [
          "system:keeper",
          "outbox:keeper:refund:9:0",
          { label: "refund batch", to: TO, value: "5", selector: "0xabcdef01" },
        ],
      );
    });

    it("a statement import is recorded with its content hash and totals", async () => {
      const result = await importStatement(db, {
        files: [fixture(CSV_DEFAULT)],
        format: "csv",
        fx: TEST_FX,
        tokenDecimals: 6,
        actor: "cli:statements",
      });
      const entry = await latest("statement.imported");
      assert.equal(entry.subject, `statement:${result.statementId}`);
      assert.equal(entry.actor, "cli:statements");
      assert.equal(entry.data.contentHash, result.contentHash);
      assert.equal(entry.data.amountUnits, result.amountUnits.toString());
    });

    it("each start records a hash of the redacted configuration and whether it changed", async () => {
      const env = { ENCORE_RPC_URL: "http://127.0.0.1:8545", ENCORE_OPERATOR_KEY: devKey(10) };
      const config = loadConfig(env);
      const first = await recordConfigLoaded(db, config, "operator:test");
      assert.deepEqual(first.data, { hash: configHash(config), changed: false, first: true });
      assert.equal((await recordConfigLoaded(db, config, "operator:test")).data.changed, false);
      const changed = await recordConfigLoaded(db, loadConfig({ ...env, ENCORE_CONFIRMATIONS: "5" }), "operator:test");
      assert.deepEqual([changed.data.changed, changed.data.first], [true, false]);
      assert.ok(!(await auditText(db)).includes(devKey(10).slice(2)), "no secret");
    });

    it("operator accounts are created with an entry naming who created them", async () => {
      await assert.rejects(createOperatorAccount(db, "0x12", "cli:accounts"), /wallet: "0x12" is not an address/);
      const { account, created } = await createOperatorAccount(db, TO, "cli:accounts");
      assert.equal(created, true);
      const entry = await latest("account.created");
      assert.deepEqual(
        [entry.actor, entry.subject, entry.data],
        ["cli:accounts", `account:${account.publicId}`, { kind: "operator" }],
      );
      assert.equal((await createOperatorAccount(db, TO, "cli:accounts")).created, false);
    });

    it("the retention run deletes expired nonces and old sessions, and records what it deleted", async () => {
      const old = new Date(Date.now() - 400 * 86_400_000);
      await db.query("INSERT INTO auth_nonces (nonce, expires_at) VALUES ('old-nonce-1', $1), ('fresh', $2)", [
        old,
        new Date(Date.now() + 60_000),
      ]);
      const [account] = await db.query<{ id: bigint }>("SELECT id FROM accounts LIMIT 1");
      await db.query(
        `INSERT INTO sessions (token_hash, account_id, address, expires_at) VALUES ('h-old', $1, $2, $3),
         ('h-live', $1, $2, $4)`,
        [account.id, TO, old, new Date(Date.now() + 60_000)],
      );
      const result = await runRetention(db, { actor: "cli:retention" });
      assert.deepEqual(
        Object.keys(result),
        RETENTION_RULES.map((rule) => rule.name),
      );
      assert.equal(result.auth_nonces, 1);
      assert.equal(result.sessions, 1);
      const left = await db.query<{ token_hash: string }>("SELECT token_hash FROM sessions");
      assert.deepEqual(
        left.map((row) => row.token_hash),
        ["h-live"],
      );
      assert.deepEqual((await latest("retention.run")).data, { deleted: result });
      assert.equal((await verifyAudit(db)).ok, true);
    });
  });
}

/** The newest 500 audit entries as text (to look for data that must not be there). */
async function auditText(db: Database): Promise<string> {
  return JSON.stringify(await listAudit(db, { limit: 500 }), (_key, value: unknown) =>
    typeof value === "bigint" ? value.toString() : value,
  );
}
