import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { appendAudit, canonicalJson, listAudit, recordAudit, verifyAudit } from "../../src/audit/auditLog.ts";
import { openTestDatabase, TEST_ENGINES } from "../support/databases.ts";

for (const engine of TEST_ENGINES) {
  describe(`audit log on ${engine}`, () => {
    async function withEntries(
      count: number,
      run: (db: Awaited<ReturnType<typeof openTestDatabase>>) => Promise<void>,
    ) {
      const db = await openTestDatabase(engine);
      try {
        for (let i = 1; i <= count; i++) {
          await recordAudit(db, {
            actor: "system:test",
            action: "test.entry",
            subject: `item:${i}`,
            data: { amount: `${i}000000`, nested: { z: i, a: [true, null] } },
          });
        }
        await run(db);
      } finally {
        await db.close();
      }
    }

    it("chains entries 1, 2, 3… and verifies an untouched log (also across pages)", async () => {
      await withEntries(7, async (db) => {
        assert.deepEqual(await verifyAudit(db, 3), { ok: true, entries: 7n, headHash: (await listAudit(db))[0].hash });
        const newest = await listAudit(db, { limit: 2 });
        assert.deepEqual(
          newest.map((entry) => entry.seq),
          [7n, 6n],
        );
        assert.equal(newest[0].prevHash, newest[1].hash);
        assert.deepEqual(newest[0].data, { amount: "7000000", nested: { z: 7, a: [true, null] } });
      });
    });

    it("verifies an empty log", async () => {
      await withEntries(0, async (db) => {
        assert.deepEqual(await verifyAudit(db), { ok: true, entries: 0n, headHash: "0".repeat(64) });
      });
    });

    it("detects an edited row", async () => {
      await withEntries(5, async (db) => {
        await db.query(`UPDATE audit_log SET data = '{"amount":"1"}' WHERE seq = 3`);
        const result = await verifyAudit(db);
        assert.equal(result.ok, false);
        assert.equal(result.ok === false && result.seq, 3n);
        assert.match(result.ok === false ? result.problem : "", /entry 3 was edited/);
      });
    });

    it("detects a row edited and re-hashed (the next row no longer links to it)", async () => {
      await withEntries(5, async (db) => {
        await db.query(`UPDATE audit_log SET hash = repeat('a', 64), actor = 'someone:else' WHERE seq = 2`);
        const result = await verifyAudit(db);
        assert.equal(result.ok === false && result.seq, 2n);
      });
    });

    it("detects a deleted row in the middle and a deleted tail", async () => {
      await withEntries(5, async (db) => {
        await db.query("DELETE FROM audit_log WHERE seq = 4");
        const middle = await verifyAudit(db);
        assert.equal(middle.ok === false && middle.seq, 4n);
        assert.match(middle.ok === false ? middle.problem : "", /entry 4 is missing/);
      });
      await withEntries(5, async (db) => {
        await db.query("DELETE FROM audit_log WHERE seq = 5");
        const tail = await verifyAudit(db);
        assert.equal(tail.ok, false);
        assert.match(tail.ok === false ? tail.problem : "", /head says 5/);
      });
    });

    it("appends nothing when the surrounding transaction rolls back", async () => {
      await withEntries(2, async (db) => {
        await assert.rejects(
          db.transaction(async (tx) => {
            await appendAudit(tx, { actor: "system:test", action: "test.rolled_back" });
            throw new Error("boom");
          }),
          /boom/,
        );
        await recordAudit(db, { actor: "system:test", action: "test.after" });
        assert.deepEqual((await verifyAudit(db)).entries, 3n);
        assert.deepEqual((await listAudit(db, { actionPrefix: "test.rolled" })).length, 0);
      });
    });

    it("refuses an entry without actor or action", async () => {
      await withEntries(0, async (db) => {
        await assert.rejects(recordAudit(db, { actor: " ", action: "x" }), /actor is empty/);
        await assert.rejects(recordAudit(db, { actor: "x", action: "" }), /action is empty/);
      });
    });
  });
}

describe("canonicalJson", () => {
  it("sorts keys at every level and keeps arrays in order", () => {
    assert.equal(canonicalJson({ b: 1, a: { d: [2, 1], c: "x" } }), '{"a":{"c":"x","d":[2,1]},"b":1}');
  });
});
