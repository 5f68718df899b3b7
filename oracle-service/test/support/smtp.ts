/**
 * A real SMTP server on loopback for tests (`smtp-server`), keeping every accepted mail parsed by `mailparser`.
 * `refuseNext(n)` makes the next `n` messages fail with a temporary 451 reply (retry tests).
 */
import { simpleParser, type ParsedMail } from "mailparser";
import { SMTPServer } from "smtp-server";

/** A running test SMTP server. */
export interface SmtpSink {
  port: number;
  /** Accepted mail, in arrival order. */
  messages: ParsedMail[];
  /** Envelope recipients of each accepted mail, same order. */
  recipients: string[][];
  /** How many DATA commands were refused so far. */
  refused: number;
  refuseNext(count: number): void;
  /** Resolves once `count` mails were accepted; rejects after `timeoutMs`. */
  waitFor(count: number, timeoutMs?: number): Promise<ParsedMail[]>;
  close(): Promise<void>;
}

/** Starts the server on a free loopback port. */
export async function startSmtpSink(): Promise<SmtpSink> {
  let toRefuse = 0;
  const sink: Omit<SmtpSink, "port"> & { port: number } = {
    port: 0,
    messages: [],
    recipients: [],
    refused: 0,
    refuseNext(count) {
      toRefuse = count;
    },
    async waitFor(count, timeoutMs = 15_000) {
      const deadline = Date.now() + timeoutMs;
      while (sink.messages.length < count) {
        if (Date.now() > deadline) throw new Error(`smtp sink: ${sink.messages.length} of ${count} mails arrived`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      return sink.messages;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("end", () => {
        if (toRefuse > 0) {
          toRefuse -= 1;
          sink.refused += 1;
          const error = new Error("try again later") as Error & { responseCode: number };
          error.responseCode = 451;
          callback(error);
          return;
        }
        simpleParser(Buffer.concat(chunks)).then(
          (mail) => {
            sink.messages.push(mail);
            sink.recipients.push(session.envelope.rcptTo.map((rcpt) => rcpt.address));
            callback();
          },
          (error: Error) => callback(error),
        );
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  sink.port = (server.server.address() as { port: number }).port;
  return sink;
}
