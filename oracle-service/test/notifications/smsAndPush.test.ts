/**
 * SMS through Twilio's own SDK against a local fake of the Messages endpoint, and Web Push through `web-push`
 * against a local HTTPS push endpoint that checks the VAPID signature and decrypts the payload (RFC 8291).
 */
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { createDecipheriv, createECDH, createPublicKey, hkdfSync, randomBytes, verify } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer, type IncomingMessage } from "node:http";
import { Agent, createServer as createHttpsServer } from "node:https";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import webpush from "web-push";

import { createAccount } from "../../src/accounts/accounts.ts";
import type { Database } from "../../src/db/database.ts";
import { createTwilioSms, createWebPush } from "../../src/notifications/channels.ts";
import { addPushSubscription, listPushSubscriptions, setPreferences } from "../../src/notifications/preferences.ts";
import { enqueueNotification, type NotificationKind } from "../../src/notifications/queue.ts";
import { createNotificationWorker } from "../../src/notifications/worker.ts";
import { openTestDatabase } from "../support/databases.ts";

const TWILIO = { accountSid: `AC${"ab".repeat(16)}`, authToken: "test-auth-token", from: "+15005550006" };
const OVERDUE = { campaign: "Midnight Tapes", amount: "640.5", reportId: 7, dueDate: "2026-12-01T00:00:00Z" };

const b64url = (bytes: Buffer) => bytes.toString("base64url");
const body = (request: IncomingMessage) =>
  new Promise<Buffer>((resolve) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => resolve(Buffer.concat(chunks)));
  });

describe("SMS (Twilio SDK) and Web Push (VAPID) delivery", () => {
  let db: Database;
  let dir: string;
  const sms: { path: string; auth: string; form: URLSearchParams }[] = [];
  const pushes: { path: string; authorization: string; encoding: string; ttl: string; payload: Buffer }[] = [];
  let twilioUrl: string;
  let pushUrl: string;
  let pushStatus = 201;
  const fake = createServer((request, response) => {
    void body(request).then((raw) => {
      const form = new URLSearchParams(raw.toString());
      sms.push({ path: request.url ?? "", auth: request.headers.authorization ?? "", form });
      if (form.get("To") === "+15005550001") {
        response.writeHead(400, { "content-type": "application/json" });
        response.end(
          JSON.stringify({ code: 21211, message: "The 'To' number is not a valid phone number.", status: 400 }),
        );
        return;
      }
      response.writeHead(201, { "content-type": "application/json" });
      response.end(
        JSON.stringify({ sid: `SM${"0".repeat(32)}`, status: "queued", to: form.get("To"), body: form.get("Body") }),
      );
    });
  });
  let pushServer: ReturnType<typeof createHttpsServer>;
  let agent: Agent;

  before(async () => {
    db = await openTestDatabase("pglite");
    dir = mkdtempSync(join(tmpdir(), "encore-push-"));
    execFileSync(
      "openssl",
      [
        "req",
        "-x509",
        "-newkey",
        "ec",
        "-pkeyopt",
        "ec_paramgen_curve:P-256",
        "-nodes",
        "-days",
        "1",
        "-subj",
        "/CN=127.0.0.1",
        "-addext",
        "subjectAltName=IP:127.0.0.1",
        "-keyout",
        join(dir, "key.pem"),
        "-out",
        join(dir, "cert.pem"),
      ],
      { stdio: "ignore" },
    );
    const cert = readFileSync(join(dir, "cert.pem"));
    agent = new Agent({ ca: cert });
    pushServer = createHttpsServer({ key: readFileSync(join(dir, "key.pem")), cert }, (request, response) => {
      void body(request).then((payload) => {
        pushes.push({
          path: request.url ?? "",
          authorization: String(request.headers.authorization),
          encoding: String(request.headers["content-encoding"]),
          ttl: String(request.headers.ttl),
          payload,
        });
        response.writeHead(pushStatus).end();
      });
    });
    await new Promise<void>((resolve) => fake.listen(0, "127.0.0.1", resolve));
    await new Promise<void>((resolve) => pushServer.listen(0, "127.0.0.1", resolve));
    twilioUrl = `http://127.0.0.1:${(fake.address() as { port: number }).port}`;
    pushUrl = `https://127.0.0.1:${(pushServer.address() as { port: number }).port}`;
  });
  after(async () => {
    await db.close();
    fake.close();
    pushServer.close();
    agent.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  const enqueue = (accountId: bigint, kind: NotificationKind, key: string, data: Record<string, string | number>) =>
    db.transaction((tx) => enqueueNotification(tx, { accountId, kind, data, dedupeKey: key }));

  it("texts an opted-in critical notice through Twilio's SDK, never a non-critical kind", async () => {
    const artist = await createAccount(db, { kind: "artist", phone: "+33612345678", locale: "fr" });
    await setPreferences(db, artist.id, [{ kind: "overdue_notice", channel: "sms", enabled: true }]);
    // Even a stored SMS choice for a non-critical kind sends nothing by SMS.
    await db.query(
      "INSERT INTO notification_preferences (account_id, kind, channel, enabled) VALUES ($1, 'payout_sent', 'sms', true)",
      [artist.id.toString()],
    );
    await enqueue(artist.id, "overdue_notice", "sms:overdue:7", OVERDUE);
    await enqueue(artist.id, "payout_sent", "sms:payout", { amount: "5", reference: "po_9" });
    const worker = createNotificationWorker({
      db,
      channels: { sms: createTwilioSms(TWILIO, { apiBaseUrl: twilioUrl }) },
      intervalMs: 50,
    });
    const round = await worker.runOnce();
    assert.equal(round.sent, 1);
    assert.equal(sms.length, 1);
    assert.equal(sms[0].path, `/2010-04-01/Accounts/${TWILIO.accountSid}/Messages.json`);
    assert.equal(sms[0].auth, `Basic ${Buffer.from(`${TWILIO.accountSid}:${TWILIO.authToken}`).toString("base64")}`);
    assert.equal(sms[0].form.get("To"), "+33612345678");
    assert.equal(sms[0].form.get("From"), TWILIO.from);
    assert.equal(
      sms[0].form.get("Body"),
      "Le paiement de 640,50\u00a0USDC pour le rapport 7 de Midnight Tapes était dû le 1 décembre 2026 et n’a pas été fait.",
    );
  });

  it("records a number Twilio refuses (4xx) as failed without retrying", async () => {
    const artist = await createAccount(db, { kind: "artist", phone: "+15005550001" });
    await setPreferences(db, artist.id, [{ kind: "overdue_notice", channel: "sms", enabled: true }]);
    await enqueue(artist.id, "overdue_notice", "sms:bad-number", OVERDUE);
    const worker = createNotificationWorker({
      db,
      channels: { sms: createTwilioSms(TWILIO, { apiBaseUrl: twilioUrl }) },
      intervalMs: 50,
    });
    assert.equal((await worker.runOnce()).failed, 1);
    const [row] = await db.query<{ status: string; last_error: string; attempts: number }>(
      "SELECT status, last_error, attempts FROM notification_deliveries d JOIN notifications n ON n.id = d.notification_id WHERE n.dedupe_key = 'sms:bad-number'",
    );
    assert.deepEqual([row.status, row.attempts], ["failed", 1]);
    assert.match(row.last_error, /twilio: .*not a valid phone number/);
  });

  it("pushes an encrypted, VAPID-signed notification and forgets a subscription that is gone", async () => {
    const vapidKeys = webpush.generateVAPIDKeys();
    const vapid = { ...vapidKeys, subject: "mailto:ops@encore.test" };
    const browser = createECDH("prime256v1");
    const browserPublic = browser.generateKeys();
    const authSecret = randomBytes(16);
    const fan = await createAccount(db, { kind: "fan", locale: "es" });
    await addPushSubscription(db, fan.id, {
      endpoint: `${pushUrl}/push/fan-1`,
      keys: { p256dh: b64url(browserPublic), auth: b64url(authSecret) },
    });
    await enqueue(fan.id, "refund_available", "push:refund", { campaign: "Midnight Tapes", amount: "12.000001" });
    const worker = createNotificationWorker({
      db,
      channels: { push: createWebPush(vapid, [new URL(pushUrl).host], { agent }) },
      intervalMs: 50,
    });
    assert.equal((await worker.runOnce()).sent, 1);
    assert.equal(pushes.length, 1);
    const push = pushes[0];
    assert.equal(push.path, "/push/fan-1");
    assert.equal(push.encoding, "aes128gcm");
    assert.equal(push.ttl, "86400");

    // VAPID: "vapid t=<ES256 JWT for this origin>, k=<the configured public key>".
    const match = /^vapid t=([^,]+), k=(.+)$/.exec(push.authorization);
    assert.ok(match, push.authorization);
    assert.equal(match[2], vapid.publicKey);
    const [header, claims, signature] = match[1].split(".");
    const point = Buffer.from(vapid.publicKey, "base64url");
    const key = createPublicKey({
      key: { kty: "EC", crv: "P-256", x: b64url(point.subarray(1, 33)), y: b64url(point.subarray(33)) },
      format: "jwk",
    });
    const signed = verify(
      "sha256",
      Buffer.from(`${header}.${claims}`),
      { key, dsaEncoding: "ieee-p1363" },
      Buffer.from(signature, "base64url"),
    );
    assert.ok(signed, "the JWT is signed by the VAPID key");
    const jwt = JSON.parse(Buffer.from(claims, "base64url").toString()) as { aud: string; sub: string; exp: number };
    assert.equal(jwt.aud, pushUrl);
    assert.equal(jwt.sub, vapid.subject);

    // RFC 8291 aes128gcm: salt(16) rs(4) idlen(1) sender key, then the record.
    const raw = push.payload;
    const salt = raw.subarray(0, 16);
    const idlen = raw[20];
    const senderKey = raw.subarray(21, 21 + idlen);
    const record = raw.subarray(21 + idlen);
    const shared = browser.computeSecret(senderKey);
    const info = Buffer.concat([Buffer.from("WebPush: info\0"), browserPublic, senderKey]);
    const ikm = Buffer.from(hkdfSync("sha256", shared, authSecret, info, 32));
    const cek = Buffer.from(hkdfSync("sha256", ikm, salt, Buffer.from("Content-Encoding: aes128gcm\0"), 16));
    const nonce = Buffer.from(hkdfSync("sha256", ikm, salt, Buffer.from("Content-Encoding: nonce\0"), 12));
    const decipher = createDecipheriv("aes-128-gcm", cek, nonce);
    decipher.setAuthTag(record.subarray(-16));
    const plain = Buffer.concat([decipher.update(record.subarray(0, -16)), decipher.final()]);
    const text = plain.subarray(0, plain.lastIndexOf(2)).toString("utf8");
    const { tag, ...shown } = JSON.parse(text) as { title: string; body: string; tag: string };
    assert.deepEqual(shown, {
      title: "Reembolso de 12,000001\u00a0USDC por Midnight Tapes",
      body: "Te estamos enviando un reembolso de 12,000001\u00a0USDC por Midnight Tapes.",
    });
    assert.match(tag, /^notification-\d+-push-\d+$/);

    pushStatus = 410;
    await enqueue(fan.id, "refund_available", "push:gone", { campaign: "Midnight Tapes", amount: "1" });
    assert.equal((await worker.runOnce()).failed, 1);
    assert.deepEqual(await listPushSubscriptions(db, fan.id), [], "a 410 removes the subscription");
  });

  it("never sends to an endpoint outside the push host allow-list, and forgets it", async () => {
    const vapid = { ...webpush.generateVAPIDKeys(), subject: "mailto:ops@encore.test" };
    const fan = await createAccount(db, { kind: "fan", locale: "en" });
    const browser = createECDH("prime256v1");
    // Stored directly (the route refuses it too): the same local server, but not on the allow-list.
    await addPushSubscription(db, fan.id, {
      endpoint: `${pushUrl}/push/intruder`,
      keys: { p256dh: b64url(browser.generateKeys()), auth: b64url(randomBytes(16)) },
    });
    await enqueue(fan.id, "refund_available", "push:blocked", { campaign: "Midnight Tapes", amount: "1" });
    const before = pushes.length;
    const worker = createNotificationWorker({
      db,
      channels: { push: createWebPush(vapid, ["fcm.googleapis.com"], { agent }) },
      intervalMs: 50,
    });
    assert.equal((await worker.runOnce()).failed, 1);
    assert.equal(pushes.length, before, "no request reached the server");
    assert.deepEqual(await listPushSubscriptions(db, fan.id), [], "the subscription is forgotten");
  });
});
