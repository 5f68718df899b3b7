/**
 * Settings of notifications and operator alerts: SMTP, SMS (Twilio), Web Push (VAPID), operator recipients and the
 * alert rules' thresholds. Read from the environment by {@link loadNotificationConfig} as part of `loadConfig`
 * (src/config.ts): a bad setting stops start-up naming itself; secrets (SMTP password, Twilio token, VAPID private
 * key) are redacted by {@link describeNotificationConfig}. Every channel is optional: unset means off.
 */
import Type, { type Static } from "typebox";
import { Value } from "typebox/value";

import { ConfigError } from "../config.ts";
import { DEFAULT_PUSH_HOSTS, PUSH_HOST_PATTERN } from "./pushEndpoint.ts";

const INTEGER = "^[0-9]+$";
const DECIMAL = "^[0-9]+(\\.[0-9]+)?$";
const EMAIL = /^[^\s@,<>]+@[^\s@,<>]+$/;
const PHONE = /^\+[1-9][0-9]{6,14}$/;

/** Environment variables of notifications and alerts. */
export const NotificationEnvSchema = Type.Object({
  SMTP_HOST: Type.Optional(Type.String({ minLength: 1, description: "SMTP server host (unset: no email)" })),
  SMTP_PORT: Type.Optional(Type.String({ pattern: INTEGER, description: "SMTP server port (default 587)" })),
  SMTP_SECURE: Type.Optional(
    Type.Union([Type.Literal("true"), Type.Literal("false")], {
      description: "TLS from the first byte (default: true on port 465, else STARTTLS when offered)",
    }),
  ),
  SMTP_USER: Type.Optional(Type.String({ minLength: 1, description: "SMTP user name" })),
  SMTP_PASS: Type.Optional(Type.String({ minLength: 1, description: "SMTP password (secret)" })),
  ENCORE_MAIL_FROM: Type.Optional(
    Type.String({ minLength: 3, description: 'sender of every email (default "Encore <no-reply@encore.local>")' }),
  ),
  ENCORE_OPERATOR_EMAILS: Type.Optional(Type.String({ description: "comma-separated emails that receive alerts" })),
  ENCORE_OPERATOR_PHONES: Type.Optional(
    Type.String({ description: "comma-separated E.164 phone numbers that receive critical alerts by SMS" }),
  ),
  ENCORE_SMS_MODE: Type.Optional(
    Type.Union([Type.Literal("twilio"), Type.Literal("log"), Type.Literal("off")], {
      description: "twilio, log (write SMS to the service log instead of sending: local use) or off",
    }),
  ),
  TWILIO_ACCOUNT_SID: Type.Optional(Type.String({ pattern: "^AC[0-9a-fA-F]{32}$", description: "Twilio account" })),
  TWILIO_AUTH_TOKEN: Type.Optional(Type.String({ minLength: 1, description: "Twilio auth token (secret)" })),
  TWILIO_FROM: Type.Optional(Type.String({ pattern: "^\\+[1-9][0-9]{6,14}$", description: "Twilio sender number" })),
  VAPID_PUBLIC_KEY: Type.Optional(Type.String({ pattern: "^[A-Za-z0-9_-]{80,100}$", description: "VAPID key" })),
  VAPID_PRIVATE_KEY: Type.Optional(Type.String({ pattern: "^[A-Za-z0-9_-]{40,50}$", description: "(secret)" })),
  VAPID_SUBJECT: Type.Optional(
    Type.String({ pattern: "^(mailto:|https:)", description: "VAPID contact (mailto: or https: URL)" }),
  ),
  ENCORE_PUSH_HOSTS: Type.Optional(
    Type.String({
      description: "comma-separated push service hosts (host, *.domain or host:port) browsers may subscribe with",
    }),
  ),
  ENCORE_NOTIFY_INTERVAL_MS: Type.Optional(
    Type.String({ pattern: INTEGER, description: "notification delivery poll interval in ms (default 2000)" }),
  ),
  ENCORE_ALERT_INTERVAL_MS: Type.Optional(
    Type.String({ pattern: INTEGER, description: "alert rules evaluation interval in ms (default 60000)" }),
  ),
  ENCORE_RPC_STALE_SECONDS: Type.Optional(
    Type.String({ pattern: INTEGER, description: "head block older than this raises rpc_unreachable (default 300)" }),
  ),
  ENCORE_TREASURY_LOW_THRESHOLD: Type.Optional(
    Type.String({ pattern: DECIMAL, description: "treasury stablecoin balance (token units) below which to alert" }),
  ),
  ENCORE_TREASURY_TOKEN: Type.Optional(
    Type.String({ pattern: "^0x[0-9a-fA-F]{40}$", description: "treasury stablecoin (default: MockStablecoin)" }),
  ),
  ENCORE_DUE_REMINDER_DAYS: Type.Optional(
    Type.String({ pattern: INTEGER, description: "days before a debt's due date to remind the artist (default 3)" }),
  ),
});

/** The environment as the schema sees it. */
export type NotificationEnv = Static<typeof NotificationEnvSchema>;

/** Validated notification and alert settings. */
export interface NotificationConfig {
  /** Undefined: email is off. */
  smtp?: { host: string; port: number; secure: boolean; user?: string; /** Secret. */ pass?: string };
  mailFrom: string;
  operatorEmails: string[];
  operatorPhones: string[];
  /** `log` writes messages to the service log (local use only); `off` sends none. */
  smsMode: "twilio" | "log" | "off";
  /** Set when `smsMode` is `twilio`. */
  twilio?: { accountSid: string; /** Secret. */ authToken: string; from: string };
  /** Undefined: Web Push is off. */
  vapid?: { publicKey: string; /** Secret. */ privateKey: string; subject: string };
  /** Push service hosts a subscription endpoint may point at (see src/notifications/pushEndpoint.ts). */
  pushHosts: string[];
  intervalMs: number;
  alertIntervalMs: number;
  rpcStaleSeconds: number;
  /** Decimal string in token units; undefined: the treasury_low rule is off. */
  treasuryLowThreshold?: string;
  treasuryToken?: `0x${string}`;
  dueReminderDays: number;
}

/**
 * Validates the notification settings of `env` (unknown variables are ignored, empty ones count as unset).
 *
 * @throws {ConfigError} Naming the first invalid setting, or a setting another one requires.
 */
export function loadNotificationConfig(env: Record<string, string | undefined>): NotificationConfig {
  const known = Object.keys(NotificationEnvSchema.properties);
  const raw = Object.fromEntries(
    known.filter((key) => env[key] !== undefined && env[key] !== "").map((key) => [key, env[key]]),
  );
  const [error] = Value.Errors(NotificationEnvSchema, raw);
  if (error !== undefined) {
    const setting = error.instancePath.replace(/^\//, "").split("/")[0] || "notification settings";
    const description = (NotificationEnvSchema.properties as Record<string, { description?: string }>)[setting]
      ?.description;
    const secret = /(PASS|TOKEN|PRIVATE_KEY)$/.test(setting);
    throw new ConfigError(
      setting,
      `${secret ? "is invalid" : `= "${raw[setting]}" is invalid`}: ${error.message}${description ? ` (${description})` : ""}`,
    );
  }
  const valid = raw as NotificationEnv;
  const list = (
    name: "ENCORE_OPERATOR_EMAILS" | "ENCORE_OPERATOR_PHONES" | "ENCORE_PUSH_HOSTS",
    pattern: RegExp,
    what: string,
  ) => {
    const items = (valid[name] ?? "")
      .split(",")
      .map((item) => item.trim())
      .filter((item) => item !== "");
    for (const item of items) {
      if (!pattern.test(item)) throw new ConfigError(name, `has "${item}", which is not ${what}`);
    }
    return items;
  };
  const int = (value: string | undefined, fallback: number) => (value === undefined ? fallback : Number(value));
  const port = int(valid.SMTP_PORT, 587);
  if (port < 1 || port > 65_535) throw new ConfigError("SMTP_PORT", `= "${port}" is not a TCP port (1-65535)`);
  const twilioSet = valid.TWILIO_ACCOUNT_SID !== undefined;
  const smsMode = valid.ENCORE_SMS_MODE ?? (twilioSet ? "twilio" : "off");
  let twilio: NotificationConfig["twilio"];
  if (smsMode === "twilio") {
    for (const name of ["TWILIO_ACCOUNT_SID", "TWILIO_AUTH_TOKEN", "TWILIO_FROM"] as const) {
      if (valid[name] === undefined) throw new ConfigError(name, "is missing (ENCORE_SMS_MODE is twilio)");
    }
    twilio = { accountSid: valid.TWILIO_ACCOUNT_SID!, authToken: valid.TWILIO_AUTH_TOKEN!, from: valid.TWILIO_FROM! };
  }
  let vapid: NotificationConfig["vapid"];
  const vapidNames = ["VAPID_PUBLIC_KEY", "VAPID_PRIVATE_KEY", "VAPID_SUBJECT"] as const;
  if (vapidNames.some((name) => valid[name] !== undefined)) {
    for (const name of vapidNames) {
      if (valid[name] === undefined) throw new ConfigError(name, "is missing (the other VAPID settings are set)");
    }
    vapid = { publicKey: valid.VAPID_PUBLIC_KEY!, privateKey: valid.VAPID_PRIVATE_KEY!, subject: valid.VAPID_SUBJECT! };
  }
  const mailFrom = valid.ENCORE_MAIL_FROM ?? "Encore <no-reply@encore.local>";
  if (!/[^\s@<>]+@[^\s@<>]+/.test(mailFrom)) {
    throw new ConfigError("ENCORE_MAIL_FROM", `= "${mailFrom}" has no email address`);
  }
  return {
    smtp:
      valid.SMTP_HOST === undefined
        ? undefined
        : {
            host: valid.SMTP_HOST,
            port,
            secure: valid.SMTP_SECURE === undefined ? port === 465 : valid.SMTP_SECURE === "true",
            user: valid.SMTP_USER,
            pass: valid.SMTP_PASS,
          },
    mailFrom,
    operatorEmails: list("ENCORE_OPERATOR_EMAILS", EMAIL, "an email address"),
    operatorPhones: list("ENCORE_OPERATOR_PHONES", PHONE, "an E.164 phone number (+ and 7-15 digits)"),
    smsMode,
    twilio,
    vapid,
    pushHosts:
      valid.ENCORE_PUSH_HOSTS === undefined
        ? [...DEFAULT_PUSH_HOSTS]
        : list("ENCORE_PUSH_HOSTS", PUSH_HOST_PATTERN, "a host, *.domain or host:port"),
    intervalMs: Math.max(100, int(valid.ENCORE_NOTIFY_INTERVAL_MS, 2_000)),
    alertIntervalMs: Math.max(100, int(valid.ENCORE_ALERT_INTERVAL_MS, 60_000)),
    rpcStaleSeconds: Math.max(1, int(valid.ENCORE_RPC_STALE_SECONDS, 300)),
    treasuryLowThreshold: valid.ENCORE_TREASURY_LOW_THRESHOLD,
    treasuryToken: valid.ENCORE_TREASURY_TOKEN as `0x${string}` | undefined,
    dueReminderDays: int(valid.ENCORE_DUE_REMINDER_DAYS, 3),
  };
}

/** The settings with secrets redacted and recipients counted, for logs. */
export function describeNotificationConfig(config: NotificationConfig): Record<string, unknown> {
  return {
    ...config,
    smtp: config.smtp && { ...config.smtp, pass: config.smtp.pass === undefined ? undefined : "[redacted]" },
    twilio: config.twilio && { ...config.twilio, authToken: "[redacted]" },
    vapid: config.vapid && { ...config.vapid, privateKey: "[redacted]" },
    operatorEmails: `${config.operatorEmails.length} address(es)`,
    operatorPhones: `${config.operatorPhones.length} number(s)`,
  };
}
