/**
 * The local platform's mail catcher: a real SMTP server (`smtp-server`) on a free loopback port that accepts every
 * message and keeps it — as `.eml` files in a folder (`.encore/mail/` under `npm start`) and in memory — and a tiny
 * HTTP reader on another free port: `/` lists the mail (HTML), `/messages` as JSON, `/messages/<n>.eml` is the raw
 * message. Nothing leaves the machine: the oracle services' SMTP settings point here.
 */
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { join } from "node:path";
import { SMTPServer } from "smtp-server";

import { findFreePort, LOCALHOST } from "../lib/ports.ts";

/** One caught message. */
export interface CaughtMail {
  id: number;
  receivedAt: string;
  from: string;
  to: string[];
  subject: string;
  /** Path of the `.eml` file. */
  file: string;
}

/** A running catcher. */
export interface MailCatcher {
  /** SMTP port on 127.0.0.1 (plain SMTP, no authentication). */
  smtpPort: number;
  /** Where to read the mail, e.g. `http://127.0.0.1:8025/`. */
  webUrl: string;
  dir: string;
  messages: CaughtMail[];
  stop(): Promise<void>;
}

/**
 * Starts the catcher (SMTP from port 1025, HTTP from 8025, or the next free ones), emptying `dir` first.
 */
export async function startMailCatcher(options: { dir: string }): Promise<MailCatcher> {
  rmSync(options.dir, { recursive: true, force: true });
  mkdirSync(options.dir, { recursive: true });
  const messages: CaughtMail[] = [];
  const raw = new Map<number, Buffer>();
  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS", "AUTH"],
    logger: false,
    banner: "Encore local mail catcher",
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("end", () => {
        const body = Buffer.concat(chunks);
        const id = messages.length + 1;
        const file = join(options.dir, `${String(id).padStart(4, "0")}.eml`);
        writeFileSync(file, body);
        raw.set(id, body);
        const headers = body.toString("utf8").split(/\r?\n\r?\n/)[0];
        messages.push({
          id,
          receivedAt: new Date().toISOString(),
          from: session.envelope.mailFrom === false ? "" : session.envelope.mailFrom.address,
          to: session.envelope.rcptTo.map((rcpt) => rcpt.address),
          subject: decodeHeader(headerValue(headers, "subject")),
          file,
        });
        callback();
      });
    },
  });
  const smtpPort = await findFreePort(1025);
  await new Promise<void>((resolve, reject) => {
    smtp.once("error", reject);
    smtp.listen(smtpPort, LOCALHOST, () => resolve());
  });
  const web: Server = createServer((request, response) => {
    const url = request.url ?? "/";
    const eml = /^\/messages\/(\d+)\.eml$/.exec(url);
    if (url === "/messages") {
      response.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(messages, null, 2));
    } else if (eml !== null && raw.has(Number(eml[1]))) {
      response.writeHead(200, { "content-type": "message/rfc822" }).end(raw.get(Number(eml[1])));
    } else if (url === "/") {
      const rows = messages
        .map(
          (m) =>
            `<tr><td>${m.id}</td><td>${escape(m.receivedAt)}</td><td>${escape(m.to.join(", "))}</td>` +
            `<td><a href="/messages/${m.id}.eml">${escape(m.subject)}</a></td></tr>`,
        )
        .join("");
      response
        .writeHead(200, { "content-type": "text/html; charset=utf-8" })
        .end(
          `<!doctype html><meta charset="utf-8"><title>Encore mail</title><h1>Mail caught (${messages.length})</h1>` +
            `<table><tr><th>#</th><th>received</th><th>to</th><th>subject</th></tr>${rows}</table>`,
        );
    } else {
      response.writeHead(404).end("not found");
    }
  });
  const webPort = await findFreePort(8025);
  await new Promise<void>((resolve, reject) => {
    web.once("error", reject);
    web.listen(webPort, LOCALHOST, () => resolve());
  });
  return {
    smtpPort,
    webUrl: `http://${LOCALHOST}:${webPort}/`,
    dir: options.dir,
    messages,
    stop: async () => {
      await new Promise<void>((resolve) => smtp.close(() => resolve()));
      await new Promise<void>((resolve) => web.close(() => resolve()));
    },
  };
}

/** The unfolded value of header `name` in a header block, or "". */
function headerValue(headers: string, name: string): string {
  const match = new RegExp(`^${name}:[ \\t]*(.*(?:\\r?\\n[ \\t].*)*)`, "im").exec(headers);
  return match === null ? "" : match[1].replace(/\r?\n[ \t]/g, " ");
}

/** Decodes RFC 2047 encoded words (`=?UTF-8?B?…?=`, `=?UTF-8?Q?…?=`). */
function decodeHeader(value: string): string {
  return value
    .replace(/\?=\s+=\?/g, "?==?")
    .replace(/=\?([^?]+)\?([BbQq])\?([^?]*)\?=/g, (_, charset: string, encoding: string, text: string) => {
      const bytes =
        encoding.toUpperCase() === "B"
          ? Buffer.from(text, "base64")
          : Buffer.from(
              text
                .replace(/_/g, " ")
                .replace(/=([0-9A-Fa-f]{2})/g, (__, hex: string) => String.fromCharCode(parseInt(hex, 16))),
              "latin1",
            );
      return new TextDecoder(charset.toLowerCase()).decode(bytes);
    });
}

function escape(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}
