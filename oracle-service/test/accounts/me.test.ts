/**
 * The signed-in account's own data over the real HTTP API (SIWE sessions on a real local node, a real database):
 * profile validation, consents, label ↔ artist links, operator accounts, export and erasure (personal data gone,
 * sessions revoked, the audit chain still verifies).
 */
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { createPublicClient, http } from "viem";
import { privateKeyToAccount } from "viem/accounts";

import { startLocalNode, type LocalNode } from "../../../scripts/lib/localNode.ts";
import { findFreePort } from "../../../scripts/lib/ports.ts";
import { createApiKey } from "../../src/api/apiKeys.ts";
import { buildApp } from "../../src/api/app.ts";
import type { App, ServiceContext } from "../../src/api/context.ts";
import { authRoutes } from "../../src/api/routes/auth.ts";
import { meRoutes } from "../../src/api/routes/me.ts";
import { listAudit, verifyAudit } from "../../src/audit/auditLog.ts";
import type { ChainContext } from "../../src/chain/client.ts";
import { loadConfig } from "../../src/config.ts";
import type { Database } from "../../src/db/database.ts";
import { enqueueNotification } from "../../src/notifications/queue.ts";
import { openTestDatabase, TEST_ENGINES } from "../support/databases.ts";
import { devKey } from "../support/localChain.ts";
import { signInWith, TEST_SIWE_DOMAIN } from "../support/siwe.ts";

for (const engine of TEST_ENGINES) {
  describe(`accounts, consents, labels and GDPR on ${engine}`, () => {
    let node: LocalNode;
    let dir: string;
    let db: Database;
    let app: App;
    let chainId: number;
    let apiKey: string;

    before(async () => {
      dir = mkdtempSync(join(tmpdir(), "encore-me-"));
      node = await startLocalNode({ port: await findFreePort(22_000), logFile: join(dir, "node.log") });
      chainId = Number(node.chainId);
      db = await openTestDatabase(engine);
      const config = loadConfig({
        ENCORE_RPC_URL: node.url,
        ENCORE_OPERATOR_KEY: devKey(10),
        ENCORE_SIWE_DOMAIN: TEST_SIWE_DOMAIN,
      });
      const publicClient = createPublicClient({ transport: http(node.url) });
      const chain = { publicClient, chain: { id: chainId } } as unknown as ChainContext;
      const context: ServiceContext = { config, db, chain };
      app = await buildApp(context, { routes: [authRoutes, meRoutes] });
      apiKey = await createApiKey(db, "accounts-test");
    });

    after(async () => {
      await app.close();
      await db.close();
      await node.stop();
      rmSync(dir, { recursive: true, force: true });
    });

    const patch = (headers: object, payload: object) =>
      app.inject({ method: "PATCH", url: "/v1/me", headers: { ...headers }, payload });

    it("changes the profile and refuses bad fields with a 400 naming them", async () => {
      const fan = await signInWith(app, devKey(4), chainId);
      const ok = await patch(fan.headers, {
        email: " Fan@Example.COM ",
        phone: "+33 6 12 34 56 78",
        displayName: "Ana",
        locale: "fr",
        country: "fr",
      });
      assert.equal(ok.statusCode, 200, ok.body);
      assert.deepEqual(
        (({ email, phone, displayName, locale, country }) => ({ email, phone, displayName, locale, country }))(
          ok.json<Record<string, string>>(),
        ),
        { email: "Fan@example.com", phone: "+33612345678", displayName: "Ana", locale: "fr", country: "FR" },
      );
      const bad: [object, RegExp][] = [
        [{ email: "not-an-email" }, /^email: /],
        [{ phone: "0612345678" }, /^phone: .*E\.164/],
        [{ locale: "de" }, /^locale: "de" is not one of en, fr, ko, es, pt/],
        [{ country: "XX" }, /^country: "XX" is not an ISO 3166-1/],
        [{ country: "UK" }, /^country: /],
        [{ displayName: "   " }, /^displayName: /],
        [{ email: 42 }, /^email: "42" is not an email address/],
        [{ email: { address: "a@b.co" } }, /email/],
      ];
      for (const [body, expected] of bad) {
        const response = await patch(fan.headers, body);
        assert.equal(response.statusCode, 400, JSON.stringify(body));
        assert.match(response.json<{ message: string }>().message, expected);
      }
      const cleared = await patch(fan.headers, { phone: null });
      assert.equal(cleared.json<{ phone: null }>().phone, null);
      const [entry] = await listAudit(db, { limit: 1, actionPrefix: "account.profile_updated" });
      assert.deepEqual(entry.data, { fields: ["phone"] });
      assert.ok(!(await auditText(db)).includes("example.com"), "no personal data");
      assert.equal((await patch({}, { displayName: "x" })).statusCode, 401);
    });

    it("records consents append-only and lists the current answer per purpose", async () => {
      const fan = await signInWith(app, devKey(5), chainId);
      const post = (payload: object) =>
        app.inject({ method: "POST", url: "/v1/me/consents", headers: fan.headers, payload });
      assert.equal((await post({ purpose: "marketing_email", granted: true, textVersion: "2026-01" })).statusCode, 201);
      assert.equal((await post({ purpose: "terms", granted: true, textVersion: "v3", source: "app" })).statusCode, 201);
      assert.equal(
        (await post({ purpose: "marketing_email", granted: false, textVersion: "2026-01" })).statusCode,
        201,
      );
      const badPurpose = await post({ purpose: "everything", granted: true, textVersion: "1" });
      assert.equal(badPurpose.statusCode, 400);
      assert.match(badPurpose.json<{ message: string }>().message, /^purpose: "everything"/);
      const badSource = await post({ purpose: "terms", granted: true, textVersion: "1", source: "fax" });
      assert.match(badSource.json<{ message: string }>().message, /^source: /);

      const listed = (await app.inject({ method: "GET", url: "/v1/me/consents", headers: fan.headers })).json<{
        current: { purpose: string; granted: boolean }[];
        history: { purpose: string; granted: boolean; source: string }[];
      }>();
      assert.deepEqual(
        listed.current.map((consent) => [consent.purpose, consent.granted]),
        [
          ["marketing_email", false],
          ["terms", true],
        ],
      );
      assert.equal(listed.history.length, 3);
      await assert.rejects(db.query("UPDATE consents SET granted = true"), /append-only/);
      await assert.rejects(db.query("DELETE FROM consents"), /cannot be deleted/);
    });

    it("links a label to artists only with the artist's approval, and either side can end it", async () => {
      const label = await signInWith(app, devKey(6), chainId, "label");
      const artist = await signInWith(app, devKey(2), chainId, "artist");
      const artistWallet = privateKeyToAccount(devKey(2)).address;
      const fanWallet = privateKeyToAccount(devKey(4)).address;
      const ask = (wallet: string, headers = label.headers) =>
        app.inject({ method: "POST", url: "/v1/me/artists", headers, payload: { wallet } });

      assert.equal((await ask(fanWallet)).statusCode, 404, "a fan is not an artist");
      assert.equal((await ask(artistWallet, artist.headers)).statusCode, 403, "only labels ask");
      assert.equal((await ask("0x1234")).statusCode, 400);
      const asked = await ask(artistWallet);
      assert.equal(asked.statusCode, 200, asked.body);
      assert.equal(asked.json<{ status: string }>().status, "requested");

      const approve = (labelId: string, headers = artist.headers) =>
        app.inject({ method: "POST", url: `/v1/me/labels/${labelId}/approve`, headers });
      assert.equal((await approve(label.accountId, label.headers)).statusCode, 403, "the label cannot approve itself");
      assert.equal((await approve("acct_00000000000000000000")).statusCode, 404);
      const approved = await approve(label.accountId);
      assert.equal(approved.statusCode, 200, approved.body);
      assert.equal(approved.json<{ status: string }>().status, "active");

      const links = (await app.inject({ method: "GET", url: "/v1/me/links", headers: label.headers })).json<{
        links: { artist: { id: string; wallet: string }; status: string }[];
      }>().links;
      assert.deepEqual(
        links.map((link) => [link.artist.id, link.artist.wallet, link.status]),
        [[artist.accountId, artistWallet, "active"]],
      );
      const edit = (payload: object) =>
        app.inject({ method: "PATCH", url: `/v1/me/artists/${artist.accountId}`, headers: label.headers, payload });
      const renamed = await edit({ displayName: "The Artist", country: "kr" });
      assert.equal(renamed.statusCode, 200, renamed.body);
      assert.equal(renamed.json<{ displayName: string }>().displayName, "The Artist");
      assert.equal((await edit({ email: "label@example.com" })).statusCode, 200, "unknown fields are dropped");
      const [edited] = await listAudit(db, { limit: 1, actionPrefix: "account.profile_updated" });
      assert.deepEqual([edited.actor, edited.subject], [`account:${label.accountId}`, `account:${artist.accountId}`]);
      const [contact] = await db.query<{ email: string | null; country: string }>(
        "SELECT email, country FROM accounts WHERE public_id = $1",
        [artist.accountId],
      );
      assert.deepEqual(contact, { email: null, country: "KR" }, "a label cannot set the artist's contact data");
      const end = await app.inject({
        method: "DELETE",
        url: `/v1/me/links/${label.accountId}`,
        headers: artist.headers,
      });
      assert.equal(end.statusCode, 204);
      const again = await app.inject({
        method: "DELETE",
        url: `/v1/me/links/${label.accountId}`,
        headers: artist.headers,
      });
      assert.equal(again.statusCode, 404);
      assert.equal((await edit({ displayName: "Gone" })).statusCode, 404, "an ended link gives no more rights");
      const actions = (await listAudit(db, { limit: 10, actionPrefix: "label." })).map((entry) => entry.action);
      assert.deepEqual(actions, ["label.link_revoked", "label.link_approved", "label.link_requested"]);
    });

    it("creates operator accounts only through an operator, never by sign-up", async () => {
      const operatorWallet = privateKeyToAccount(devKey(12)).address;
      const selfSignUp = await app.inject({
        method: "POST",
        url: "/v1/auth/sign-in",
        payload: { message: "x", signature: "0x00", profile: "operator" },
      });
      assert.equal(selfSignUp.statusCode, 400);
      const create = (headers: Record<string, string>, wallet = operatorWallet) =>
        app.inject({ method: "POST", url: "/v1/operator/accounts", headers, payload: { wallet } });
      const fan = await signInWith(app, devKey(7), chainId);
      assert.equal((await create({})).statusCode, 401);
      assert.equal((await create(fan.headers)).statusCode, 403);
      const created = await create({ "x-api-key": apiKey });
      assert.equal(created.statusCode, 201, created.body);
      assert.equal(created.json<{ kind: string }>().kind, "operator");
      assert.equal((await create({ "x-api-key": apiKey })).statusCode, 200, "idempotent");
      const taken = await create({ "x-api-key": apiKey }, privateKeyToAccount(devKey(7)).address);
      assert.equal(taken.statusCode, 409);
      assert.match(taken.json<{ message: string }>().message, /already belongs to a fan account/);

      const operator = await signInWith(app, devKey(12), chainId);
      const me = await app.inject({ method: "GET", url: "/v1/me", headers: operator.headers });
      assert.equal(me.json<{ kind: string }>().kind, "operator");
      const byOperator = await create(operator.headers, privateKeyToAccount(devKey(13)).address);
      assert.equal(byOperator.statusCode, 201);
      const [entry] = await listAudit(db, { limit: 1, actionPrefix: "account.created" });
      assert.equal(entry.actor, `account:${operator.accountId}`);
      assert.deepEqual(entry.data, { kind: "operator" });
    });

    it("exports everything held about the caller, then erases it: data gone, sessions revoked, audit intact", async () => {
      const fan = await signInWith(app, devKey(8), chainId);
      const second = await signInWith(app, devKey(8), chainId);
      await patch(fan.headers, { email: "erase.me@example.org", phone: "+15551234567", displayName: "Erin" });
      await app.inject({
        method: "POST",
        url: "/v1/me/consents",
        headers: fan.headers,
        payload: { purpose: "marketing_sms", granted: true, textVersion: "7" },
      });
      const [row] = await db.query<{ id: bigint }>("SELECT id FROM accounts WHERE public_id = $1", [fan.accountId]);
      await db.transaction((tx) =>
        enqueueNotification(tx, {
          accountId: row.id,
          kind: "payout_sent",
          data: { amount: "12.50", campaignId: 3 },
          dedupeKey: "payout:test",
        }),
      );

      const exported = await app.inject({ method: "GET", url: "/v1/me/export", headers: fan.headers });
      assert.equal(exported.statusCode, 200, exported.body);
      const document = exported.json<{
        account: { id: string; email: string; phone: string };
        audit: { action: string }[];
        data: {
          consents: { purpose: string }[];
          sessions: { address: string }[];
          notifications: { kind: string; data: object }[];
          labelLinks: unknown[];
        };
      }>();
      assert.equal(document.account.id, fan.accountId);
      assert.equal(document.account.email, "erase.me@example.org");
      assert.deepEqual(
        document.data.consents.map((consent) => consent.purpose),
        ["marketing_sms"],
      );
      assert.equal(document.data.sessions.length, 2);
      assert.ok(!exported.body.includes("token_hash") && !exported.body.includes(fan.token), "no token or hash");
      assert.deepEqual(
        document.data.notifications.map((notification) => [notification.kind, notification.data]),
        [["payout_sent", { amount: "12.50", campaignId: 3 }]],
      );
      assert.deepEqual(document.data.labelLinks, []);
      assert.ok(document.audit.some((entry) => entry.action === "account.created"));
      assert.ok(document.audit.some((entry) => entry.action === "account.consent_changed"));

      const erased = await app.inject({ method: "DELETE", url: "/v1/me", headers: fan.headers });
      assert.equal(erased.statusCode, 204);
      const [after] = await db.query<Record<string, unknown>>("SELECT * FROM accounts WHERE id = $1", [row.id]);
      assert.equal(after.email, null);
      assert.equal(after.phone, null);
      assert.equal(after.display_name, null);
      assert.equal(after.wallet, null);
      assert.ok(after.erased_at instanceof Date);
      assert.equal(after.public_id, fan.accountId, "the pseudonymous id stays for ledgers and the audit log");
      const [sessions] = await db.query<{ count: bigint }>(
        "SELECT count(*)::int8 AS count FROM sessions WHERE account_id = $1",
        [row.id],
      );
      assert.equal(sessions.count, 0n);
      const [notification] = await db.query<{ data: object }>(
        "SELECT data FROM notifications WHERE dedupe_key = 'payout:test'",
      );
      assert.deepEqual(notification.data, {});
      for (const headers of [fan.headers, second.headers]) {
        assert.equal((await app.inject({ method: "GET", url: "/v1/me/export", headers })).statusCode, 401);
        assert.equal((await app.inject({ method: "DELETE", url: "/v1/me", headers })).statusCode, 401);
      }
      const verification = await verifyAudit(db);
      assert.equal(
        verification.ok,
        true,
        JSON.stringify(verification, (_k, v: unknown) => (typeof v === "bigint" ? `${v}` : v)),
      );
      const [entry] = await listAudit(db, { limit: 1, actionPrefix: "account.erased" });
      assert.equal(entry.subject, `account:${fan.accountId}`);
      const log = await auditText(db);
      assert.ok(!log.includes("erase.me") && !log.includes("Erin") && !log.includes("5551234567"));
      const consentsKept = await db.query("SELECT 1 FROM consents WHERE account_id = $1", [row.id]);
      assert.equal(consentsKept.length, 1, "consent history is kept (pseudonymous) as proof");
    });
  });
}

/** The newest 500 audit entries as text (to look for data that must not be there). */
async function auditText(db: Database): Promise<string> {
  return JSON.stringify(await listAudit(db, { limit: 500 }), (_key, value: unknown) =>
    typeof value === "bigint" ? value.toString() : value,
  );
}
