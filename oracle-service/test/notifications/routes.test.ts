/**
 * `/v1/me/notifications/*` over the real HTTP app and database: session required, preferences read and changed
 * (SMS only for critical kinds, a bad field named in the 400), VAPID public key, push subscriptions added, listed
 * and removed (only one's own).
 */
import assert from "node:assert/strict";
import { createHash, randomBytes } from "node:crypto";
import { after, before, describe, it } from "node:test";

import { createAccount, type Account } from "../../src/accounts/accounts.ts";
import { buildApp } from "../../src/api/app.ts";
import type { App, ServiceContext } from "../../src/api/context.ts";
import { notificationRoutes } from "../../src/api/routes/notifications.ts";
import type { ChainContext } from "../../src/chain/client.ts";
import { loadConfig } from "../../src/config.ts";
import type { Database } from "../../src/db/database.ts";
import { openTestDatabase, TEST_ENGINES } from "../support/databases.ts";

const VAPID_PUBLIC = "BNcRdreALRFXTkOOUHK1EtK2wtaz5Ry4YfYCA_0QTpQtUbVlUls0VJXg7A8u-Ts1XLjhUhb7ycLh1HR1FhMC2Yk";
const VAPID_PRIVATE = "3KzvKasA2SoCxsp0iIG_o9B0Ozvl1XDwI63JRKNIWBM";

for (const engine of TEST_ENGINES) {
  describe(`notification settings API on ${engine}`, () => {
    let db: Database;
    let app: App;
    let fan: Account;
    let token: string;
    let otherToken: string;

    const session = async (account: Account) => {
      const value = randomBytes(32).toString("base64url");
      await db.query("INSERT INTO sessions (token_hash, account_id, address, expires_at) VALUES ($1, $2, $3, $4)", [
        createHash("sha256").update(value).digest("hex"),
        account.id.toString(),
        `0x${"0".repeat(40)}`,
        new Date(Date.now() + 3_600_000),
      ]);
      return value;
    };

    before(async () => {
      db = await openTestDatabase(engine);
      const config = loadConfig({
        ENCORE_RPC_URL: "http://127.0.0.1:1",
        ENCORE_OPERATOR_KEY: `0x${"11".repeat(32)}`,
        SMTP_HOST: "127.0.0.1",
        VAPID_PUBLIC_KEY: VAPID_PUBLIC,
        VAPID_PRIVATE_KEY: VAPID_PRIVATE,
        VAPID_SUBJECT: "mailto:ops@encore.test",
      });
      const context: ServiceContext = { config, db, chain: {} as ChainContext };
      app = await buildApp(context, { routes: [notificationRoutes] });
      fan = await createAccount(db, { kind: "fan", email: "fan@example.test" });
      token = await session(fan);
      otherToken = await session(await createAccount(db, { kind: "fan" }));
    });
    after(async () => {
      await app.close();
      await db.close();
    });

    const call = (method: "GET" | "PUT" | "POST" | "DELETE", url: string, payload?: object, bearer = token) =>
      app.inject({ method, url, payload, headers: bearer === "" ? {} : { authorization: `Bearer ${bearer}` } });

    it("needs a session", async () => {
      for (const [method, url] of [
        ["GET", "/v1/me/notifications/preferences"],
        ["PUT", "/v1/me/notifications/preferences"],
        ["GET", "/v1/me/notifications/push/vapid-public-key"],
        ["POST", "/v1/me/notifications/push/subscriptions"],
        ["DELETE", "/v1/me/notifications/push/subscriptions/1"],
      ] as const) {
        const response = await call(method, url, method === "GET" || method === "DELETE" ? undefined : {}, "");
        assert.equal(response.statusCode, 401, `${method} ${url}`);
      }
    });

    it("reads the defaults and changes one setting at a time", async () => {
      const initial = await call("GET", "/v1/me/notifications/preferences");
      assert.equal(initial.statusCode, 200);
      const view = initial.json<{ preferences: { kind: string; email: boolean; sms: boolean; push: boolean }[] }>();
      assert.equal(view.preferences.length, 8);
      assert.ok(view.preferences.every((p) => p.email && !p.sms && p.push));
      assert.deepEqual(initial.json<{ channels: object }>().channels, { email: true, sms: false, push: true });

      const changed = await call("PUT", "/v1/me/notifications/preferences", {
        changes: [
          { kind: "revenue_received", channel: "email", enabled: false },
          { kind: "overdue_notice", channel: "sms", enabled: true },
        ],
      });
      assert.equal(changed.statusCode, 200, changed.body);
      const after = changed.json<typeof view>().preferences;
      assert.deepEqual(
        after.find((p) => p.kind === "revenue_received"),
        {
          kind: "revenue_received",
          email: false,
          sms: false,
          push: true,
        },
      );
      assert.equal(after.find((p) => p.kind === "overdue_notice")?.sms, true);
      assert.equal(after.find((p) => p.kind === "payout_sent")?.email, true, "others keep their value");
    });

    it("answers 400 naming the field for bad input", async () => {
      const sms = await call("PUT", "/v1/me/notifications/preferences", {
        changes: [{ kind: "payout_sent", channel: "sms", enabled: true }],
      });
      assert.equal(sms.statusCode, 400);
      assert.match(sms.json<{ message: string }>().message, /changes\/0: SMS is only for .*not payout_sent/);
      const kind = await call("PUT", "/v1/me/notifications/preferences", {
        changes: [{ kind: "newsletter", channel: "email", enabled: true }],
      });
      assert.equal(kind.statusCode, 400);
      assert.match(kind.json<{ message: string }>().message, /changes\/0\/kind/);
      const endpoint = await call("POST", "/v1/me/notifications/push/subscriptions", {
        endpoint: "http://intranet/push",
        keys: { p256dh: "B".repeat(87), auth: "a".repeat(22) },
      });
      assert.equal(endpoint.statusCode, 400);
      assert.match(endpoint.json<{ message: string }>().message, /endpoint/);
      const internal = await call("POST", "/v1/me/notifications/push/subscriptions", {
        endpoint: "https://169.254.169.254/latest/meta-data",
        keys: { p256dh: "B".repeat(87), auth: "a".repeat(22) },
      });
      assert.equal(internal.statusCode, 400, "an SSRF target is refused");
      assert.match(
        internal.json<{ message: string }>().message,
        /^body\/endpoint: host 169\.254\.169\.254 is not an allowed push service/,
      );
      const id = await call("DELETE", "/v1/me/notifications/push/subscriptions/abc");
      assert.equal(id.statusCode, 400);
      assert.match(id.json<{ message: string }>().message, /id/);
    });

    it("serves the VAPID key and manages push subscriptions", async () => {
      const key = await call("GET", "/v1/me/notifications/push/vapid-public-key");
      assert.deepEqual(key.json(), { publicKey: VAPID_PUBLIC });
      const added = await call("POST", "/v1/me/notifications/push/subscriptions", {
        endpoint: "https://fcm.googleapis.com/fcm/send/abc",
        expirationTime: null,
        keys: { p256dh: "B".repeat(87), auth: "a".repeat(22) },
      });
      assert.equal(added.statusCode, 201, added.body);
      const { id } = added.json<{ id: string }>();
      const list = await call("GET", "/v1/me/notifications/push/subscriptions");
      assert.deepEqual(list.json(), { subscriptions: [{ id, endpoint: "https://fcm.googleapis.com/fcm/send/abc" }] });
      const stranger = await call("DELETE", `/v1/me/notifications/push/subscriptions/${id}`, undefined, otherToken);
      assert.equal(stranger.statusCode, 404, "not someone else's");
      const removed = await call("DELETE", `/v1/me/notifications/push/subscriptions/${id}`);
      assert.equal(removed.statusCode, 204);
      const again = await call("DELETE", `/v1/me/notifications/push/subscriptions/${id}`);
      assert.equal(again.statusCode, 404);
    });
  });
}
