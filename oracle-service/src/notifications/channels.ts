/**
 * Delivery channels behind one interface, {@link Channel}: email through SMTP (nodemailer), SMS through Twilio's
 * official SDK (or, for local use only, written to the log), and Web Push (`web-push`, VAPID-signed, payload
 * encrypted for the subscription). A channel throws {@link DeliveryError} when a send fails; `permanent` says a
 * retry cannot help (a 5xx SMTP reply, a 4xx from Twilio, a push subscription that is gone).
 *
 * The SDKs are imported on first use (Twilio's alone takes about a second to load), so the CLI commands that never
 * send anything do not pay for them.
 */
import type { Agent } from "node:https";
import type { Transporter } from "nodemailer";

import type { NotificationConfig } from "./config.ts";
import { pushEndpointProblem } from "./pushEndpoint.ts";

/** The channels. */
export type ChannelName = "email" | "sms" | "push";

/** What a channel sends. */
export interface OutgoingMessage {
  subject: string;
  text: string;
  /** Email only. */
  html?: string;
  /** SMS text and push body. */
  short: string;
  /** Stable per delivery: the email Message-ID, so a re-send after a crash can be recognised as the same mail. */
  deliveryKey: string;
}

/** A Web Push subscription as the browser's `PushSubscription.toJSON()` gives it. */
export interface PushTarget {
  endpoint: string;
  keys: { p256dh: string; auth: string };
}

/** A way to reach someone: `To` is an email address, a phone number or a push subscription. */
export interface Channel<To> {
  readonly name: ChannelName;
  /** Sends one message. @throws {DeliveryError} When it was not sent. */
  send(to: To, message: OutgoingMessage): Promise<void>;
  /** Releases connections. */
  close(): void;
}

/** The channels a worker may use; a missing one is off. */
export interface Channels {
  email?: Channel<string>;
  sms?: Channel<string>;
  push?: Channel<PushTarget>;
}

/** A failed send; `permanent` when retrying cannot help, `gone` when a push subscription no longer exists. */
export class DeliveryError extends Error {
  readonly permanent: boolean;
  readonly gone: boolean;
  constructor(message: string, options: { permanent: boolean; gone?: boolean; cause?: unknown }) {
    super(message, { cause: options.cause });
    this.name = "DeliveryError";
    this.permanent = options.permanent;
    this.gone = options.gone ?? false;
  }
}

const firstLine = (error: unknown) => String((error as Error)?.message ?? error).split("\n")[0];

/** Email through an SMTP server (nodemailer). */
export function createSmtpEmail(smtp: NonNullable<NotificationConfig["smtp"]>, from: string): Channel<string> {
  let transport: Promise<Transporter> | undefined;
  const connect = () =>
    (transport ??= import("nodemailer").then(({ default: nodemailer }) =>
      nodemailer.createTransport({
        host: smtp.host,
        port: smtp.port,
        secure: smtp.secure,
        auth: smtp.user === undefined ? undefined : { user: smtp.user, pass: smtp.pass ?? "" },
        connectionTimeout: 15_000,
        greetingTimeout: 15_000,
        socketTimeout: 30_000,
        // Loopback catchers (npm start, tests) speak plain SMTP; real servers are upgraded with STARTTLS when offered.
        ignoreTLS: ["127.0.0.1", "localhost", "::1"].includes(smtp.host),
      }),
    ));
  return {
    name: "email",
    async send(to, message) {
      try {
        const transporter = await connect();
        await transporter.sendMail({
          from,
          to,
          subject: message.subject,
          text: message.text,
          html: message.html,
          messageId: `<${message.deliveryKey}@encore.notifications>`,
        });
      } catch (error) {
        const code = (error as { responseCode?: number }).responseCode;
        throw new DeliveryError(`smtp: ${firstLine(error)}`, {
          permanent: code !== undefined && code >= 500,
          cause: error,
        });
      }
    },
    close: () => void transport?.then((open) => open.close()),
  };
}

/** Options of {@link createTwilioSms}. */
export interface TwilioOptions {
  /**
   * Base URL that replaces `https://api.twilio.com` (a local fake of the Messages endpoint in tests). Requests go
   * through the SDK's own `RequestClient`; only the origin of each URL is rewritten.
   */
  apiBaseUrl?: string;
}

/** SMS through Twilio's Messages API, with the official SDK. */
export function createTwilioSms(
  settings: NonNullable<NotificationConfig["twilio"]>,
  options: TwilioOptions = {},
): Channel<string> {
  const connect = async () => {
    const { default: twilio } = await import("twilio");
    const requestClient = new twilio.RequestClient({ timeout: 30_000 });
    const httpClient =
      options.apiBaseUrl === undefined
        ? requestClient
        : {
            request: (opts: Parameters<typeof requestClient.request>[0]) => {
              const uri = new URL(opts.uri);
              const base = new URL(options.apiBaseUrl!);
              uri.protocol = base.protocol;
              uri.host = base.host;
              return requestClient.request({ ...opts, uri: uri.href });
            },
          };
    return twilio(settings.accountSid, settings.authToken, {
      httpClient: httpClient as typeof requestClient,
      autoRetry: false,
    });
  };
  let client: ReturnType<typeof connect> | undefined;
  return {
    name: "sms",
    async send(to, message) {
      try {
        const twilioClient = await (client ??= connect());
        await twilioClient.messages.create({ to, from: settings.from, body: message.short });
      } catch (error) {
        const status = (error as { status?: number }).status;
        throw new DeliveryError(`twilio: ${firstLine(error)}`, {
          permanent: status !== undefined && status >= 400 && status < 500 && status !== 429,
          cause: error,
        });
      }
    },
    close: () => undefined,
  };
}

/**
 * "Log" SMS mode, for the local platform only (`ENCORE_SMS_MODE=log`): the message is written to the service log
 * (number masked to its last two digits) instead of being sent.
 */
export function createLogSms(log: (message: string, data?: object) => void): Channel<string> {
  return {
    name: "sms",
    send(to, message) {
      log("sms (log mode, not sent)", { to: `…${to.slice(-2)}`, text: message.short });
      return Promise.resolve();
    },
    close: () => undefined,
  };
}

/**
 * Web Push with VAPID (`web-push` encrypts the payload for the subscription and signs the request).
 *
 * @param pushHosts - Push service hosts a subscription may point at; any other endpoint is refused before a byte is
 *   sent and its subscription forgotten (src/notifications/pushEndpoint.ts).
 * @param options.agent - HTTPS agent for the push services (tests: one trusting a local endpoint's certificate).
 */
export function createWebPush(
  vapid: NonNullable<NotificationConfig["vapid"]>,
  pushHosts: readonly string[],
  options: { agent?: Agent } = {},
): Channel<PushTarget> {
  return {
    name: "push",
    async send(to, message) {
      const problem = pushEndpointProblem(to.endpoint, pushHosts);
      if (problem !== undefined) {
        throw new DeliveryError(`web push: endpoint ${problem}`, { permanent: true, gone: true });
      }
      try {
        const { default: webpush } = await import("web-push");
        await webpush.sendNotification(
          to,
          JSON.stringify({ title: message.subject, body: message.short, tag: message.deliveryKey }),
          {
            vapidDetails: { subject: vapid.subject, publicKey: vapid.publicKey, privateKey: vapid.privateKey },
            TTL: 24 * 3_600,
            timeout: 30_000,
            agent: options.agent,
          },
        );
      } catch (error) {
        const status = (error as { statusCode?: number }).statusCode;
        const gone = status === 404 || status === 410;
        throw new DeliveryError(`web push: ${status === undefined ? firstLine(error) : `status ${status}`}`, {
          permanent: gone || (status !== undefined && status >= 400 && status < 500 && status !== 429),
          gone,
          cause: error,
        });
      }
    },
    close: () => undefined,
  };
}

/**
 * The channels `config` turns on: email when SMTP is set, SMS in Twilio or log mode, push when VAPID keys are set.
 *
 * @param log - Where log-mode SMS go.
 */
export function channelsFromConfig(
  config: NotificationConfig,
  log: (message: string, data?: object) => void,
): Channels {
  return {
    email: config.smtp === undefined ? undefined : createSmtpEmail(config.smtp, config.mailFrom),
    sms:
      config.smsMode === "twilio" && config.twilio !== undefined
        ? createTwilioSms(config.twilio)
        : config.smsMode === "log"
          ? createLogSms(log)
          : undefined,
    push: config.vapid === undefined ? undefined : createWebPush(config.vapid, config.pushHosts),
  };
}

/** Closes every channel of `channels`. */
export function closeChannels(channels: Channels): void {
  for (const channel of [channels.email, channels.sms, channels.push]) channel?.close();
}
