/** Notification settings: defaults, a bad setting named (secrets not echoed), required companions, redaction. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { ConfigError, describeConfig, loadConfig } from "../../src/config.ts";
import { DEFAULT_PUSH_HOSTS, pushEndpointProblem } from "../../src/notifications/pushEndpoint.ts";

const BASE = { ENCORE_RPC_URL: "http://127.0.0.1:8545", ENCORE_OPERATOR_KEY: `0x${"11".repeat(32)}` };
const TWILIO = {
  ENCORE_SMS_MODE: "twilio",
  TWILIO_ACCOUNT_SID: `AC${"ab".repeat(16)}`,
  TWILIO_AUTH_TOKEN: "twilio-secret",
  TWILIO_FROM: "+15005550006",
};

const refused = (env: Record<string, string>, setting: string, message: RegExp) =>
  assert.throws(
    () => loadConfig({ ...BASE, ...env }),
    (error: unknown) => error instanceof ConfigError && error.setting === setting && message.test(error.message),
  );

describe("notification configuration", () => {
  it("is all off by default", () => {
    const { notifications } = loadConfig(BASE);
    assert.equal(notifications.smtp, undefined);
    assert.equal(notifications.smsMode, "off");
    assert.equal(notifications.vapid, undefined);
    assert.deepEqual(notifications.operatorEmails, []);
    assert.equal(notifications.treasuryLowThreshold, undefined);
    assert.equal(notifications.alertIntervalMs, 60_000);
  });

  it("reads SMTP, Twilio, operators and thresholds", () => {
    const { notifications } = loadConfig({
      ...BASE,
      ...TWILIO,
      SMTP_HOST: "smtp.example.com",
      SMTP_PORT: "465",
      SMTP_USER: "encore",
      SMTP_PASS: "smtp-secret",
      ENCORE_OPERATOR_EMAILS: "a@example.com, b@example.com",
      ENCORE_OPERATOR_PHONES: "+33612345678",
      ENCORE_TREASURY_LOW_THRESHOLD: "1000.5",
    });
    assert.deepEqual(notifications.smtp, {
      host: "smtp.example.com",
      port: 465,
      secure: true,
      user: "encore",
      pass: "smtp-secret",
    });
    assert.deepEqual(notifications.operatorEmails, ["a@example.com", "b@example.com"]);
    assert.equal(notifications.smsMode, "twilio");
    assert.equal(notifications.treasuryLowThreshold, "1000.5");
  });

  it("names a bad setting without echoing secrets", () => {
    refused({ SMTP_PORT: "70000" }, "SMTP_PORT", /is not a TCP port/);
    refused({ SMTP_SECURE: "yes" }, "SMTP_SECURE", /= "yes" is invalid/);
    refused({ ENCORE_OPERATOR_EMAILS: "ops@example.com,not-an-email" }, "ENCORE_OPERATOR_EMAILS", /"not-an-email"/);
    refused({ ENCORE_OPERATOR_PHONES: "0612345678" }, "ENCORE_OPERATOR_PHONES", /E\.164/);
    refused({ ENCORE_TREASURY_LOW_THRESHOLD: "1e6" }, "ENCORE_TREASURY_LOW_THRESHOLD", /invalid/);
    refused({ ...TWILIO, TWILIO_AUTH_TOKEN: "" }, "TWILIO_AUTH_TOKEN", /is missing \(ENCORE_SMS_MODE is twilio\)/);
    refused({ VAPID_PUBLIC_KEY: "B".repeat(87) }, "VAPID_PRIVATE_KEY", /is missing/);
    assert.throws(
      () =>
        loadConfig({
          ...BASE,
          VAPID_PUBLIC_KEY: "B".repeat(87),
          VAPID_PRIVATE_KEY: "short!",
          VAPID_SUBJECT: "mailto:a@b",
        }),
      (error: unknown) => error instanceof ConfigError && !error.message.includes("short!"),
    );
  });

  it("redacts secrets in describeConfig", () => {
    const text = JSON.stringify(
      describeConfig(
        loadConfig({
          ...BASE,
          ...TWILIO,
          SMTP_HOST: "smtp.example.com",
          SMTP_PASS: "smtp-secret",
          ENCORE_OPERATOR_EMAILS: "a@example.com",
        }),
      ),
    );
    for (const secret of ["smtp-secret", "twilio-secret", "a@example.com"]) assert.ok(!text.includes(secret), secret);
    assert.match(text, /\[redacted\]/);
  });

  it("allows push endpoints only on the push service hosts", () => {
    assert.deepEqual(loadConfig(BASE).notifications.pushHosts, DEFAULT_PUSH_HOSTS);
    const hosts = loadConfig({ ...BASE, ENCORE_PUSH_HOSTS: "push.example.com, *.push.example.org,127.0.0.1:8443" })
      .notifications.pushHosts;
    assert.deepEqual(hosts, ["push.example.com", "*.push.example.org", "127.0.0.1:8443"]);
    refused({ ENCORE_PUSH_HOSTS: "push.example.com,https://evil" }, "ENCORE_PUSH_HOSTS", /"https:\/\/evil"/);

    const allowed = (endpoint: string) => pushEndpointProblem(endpoint, hosts);
    assert.equal(allowed("https://push.example.com/send/1"), undefined);
    assert.equal(allowed("https://eu.push.example.org/send/1"), undefined);
    assert.equal(allowed("https://127.0.0.1:8443/send/1"), undefined);
    assert.match(allowed("https://push.example.org/x") ?? "", /host push\.example\.org is not an allowed/);
    assert.match(allowed("https://evilpush.example.org/x") ?? "", /is not an allowed/, "a suffix needs its dot");
    assert.match(allowed("https://push.example.com:8443/x") ?? "", /is not an allowed/, "another port");
    assert.match(allowed("https://127.0.0.1/x") ?? "", /is not an allowed/, "port 443 is not 8443");
    assert.match(allowed("http://push.example.com/x") ?? "", /https:/);
    assert.match(allowed("https://user:pw@push.example.com/x") ?? "", /user name/);
    assert.match(allowed("not a url") ?? "", /not a URL/);
    assert.equal(pushEndpointProblem("https://fcm.googleapis.com/fcm/send/x", DEFAULT_PUSH_HOSTS), undefined);
  });
});
