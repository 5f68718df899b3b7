/**
 * The alert engine: every interval it evaluates each {@link AlertRule} and reconciles its findings with the open
 * rows of `alerts` (at most one open row per rule and key): a new finding is raised, a finding still present is left
 * alone (no repeat), an open alert whose finding disappeared is resolved. Then it sends what is owed: a "raised"
 * notice per alert to every operator email (and, for critical alerts, every operator phone by SMS), and a
 * "resolved" notice to whoever got the raised one. Each notice sent is recorded in `alert_notices` after the send
 * succeeded, so a failed send is retried next round and a restart neither repeats nor forgets anything.
 *
 * A rule that throws (or takes longer than `ruleTimeoutMs`) does not stop the others: it raises an
 * `alert_engine` warning for that rule, its own open alerts stay as they were, and the warning resolves once the
 * rule evaluates again.
 */
import type { ServiceContext } from "../api/context.ts";
import type { Channel, OutgoingMessage } from "../notifications/channels.ts";
import type { WorkerLog } from "../outbox/stepContext.ts";
import { createWorkerLoop, type WorkerLoop } from "../outbox/workerLoop.ts";
import type { AlertFinding, AlertRule, AlertSeverity } from "./alertRule.ts";

/** Rule id of the engine's own findings (a rule that could not be evaluated). */
export const ENGINE_RULE = "alert_engine";

/** What {@link createAlertEngine} needs. */
export interface AlertEngineContext {
  service: ServiceContext;
  rules: readonly AlertRule[];
  email?: Channel<string>;
  sms?: Channel<string>;
  operatorEmails: readonly string[];
  operatorPhones: readonly string[];
  intervalMs: number;
  log?: WorkerLog;
  /** A rule taking longer counts as failed (default 30 s). */
  ruleTimeoutMs?: number;
}

/** A stored alert. */
export interface StoredAlert {
  id: bigint;
  rule: string;
  key: string;
  severity: AlertSeverity;
  summary: string;
  details: Record<string, string>;
  raisedAt: Date;
  resolvedAt?: Date;
}

/** What one round did. */
export interface AlertRound {
  raised: StoredAlert[];
  resolved: StoredAlert[];
  /** Ids of rules that failed this round. */
  failedRules: string[];
  /** Notices sent this round. */
  notices: number;
}

/** The running engine. */
export type AlertEngine = WorkerLoop<AlertRound>;

/** Creates the engine (not started): `start()` runs a round every `intervalMs`; `runOnce()` runs one now. */
export function createAlertEngine(context: AlertEngineContext): AlertEngine {
  const log = context.log ?? (() => undefined);
  const { db } = context.service;
  const timeoutMs = context.ruleTimeoutMs ?? 30_000;

  const evaluate = async (rule: AlertRule): Promise<AlertFinding[]> => {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
    });
    try {
      return await Promise.race([rule.evaluate(context.service), timeout]);
    } finally {
      clearTimeout(timer);
    }
  };

  const round = async (): Promise<AlertRound> => {
    const result: AlertRound = { raised: [], resolved: [], failedRules: [], notices: 0 };
    const engineFindings: AlertFinding[] = [];
    for (const rule of context.rules) {
      let findings: AlertFinding[];
      try {
        findings = await evaluate(rule);
      } catch (error) {
        const message = String((error as Error)?.message ?? error).split("\n")[0];
        result.failedRules.push(rule.id);
        engineFindings.push({
          key: `rule:${rule.id}`,
          severity: "warning",
          summary: `Alert rule ${rule.id} could not be evaluated: ${message.slice(0, 200)}`,
          details: { rule: rule.id, error: message.slice(0, 500) },
        });
        log(`alerts: rule ${rule.id} failed`, { error: message });
        continue;
      }
      await reconcile(rule.id, findings, result);
    }
    await reconcile(ENGINE_RULE, engineFindings, result);
    result.notices = await sendNotices();
    return result;
  };

  const reconcile = async (rule: string, findings: readonly AlertFinding[], result: AlertRound) => {
    await db.transaction(async (tx) => {
      const open = (
        await tx.query<AlertRow>("SELECT * FROM alerts WHERE rule = $1 AND resolved_at IS NULL", [rule])
      ).map(toAlert);
      const found = new Set(findings.map((finding) => finding.key));
      for (const finding of findings) {
        if (open.some((alert) => alert.key === finding.key)) continue;
        const [row] = await tx.query<AlertRow>(
          `INSERT INTO alerts (rule, key, severity, summary, details) VALUES ($1, $2, $3, $4, $5)
           ON CONFLICT (rule, key) WHERE resolved_at IS NULL DO NOTHING RETURNING *`,
          [rule, finding.key, finding.severity, finding.summary, JSON.stringify(finding.details ?? {})],
        );
        if (row !== undefined) result.raised.push(toAlert(row));
      }
      for (const alert of open.filter((alert) => !found.has(alert.key))) {
        const [row] = await tx.query<AlertRow>(
          "UPDATE alerts SET resolved_at = now() WHERE id = $1 AND resolved_at IS NULL RETURNING *",
          [alert.id.toString()],
        );
        if (row !== undefined) result.resolved.push(toAlert(row));
      }
    });
    for (const alert of result.raised.filter((a) => a.rule === rule)) {
      log(`alerts: raised ${alert.rule} ${alert.key}`, { severity: alert.severity, summary: alert.summary });
    }
  };

  const instance = () => {
    const config = context.service.config;
    return config.publicUrl ?? `http://${config.host}:${config.port}`;
  };

  const sendNotices = async (): Promise<number> => {
    const alerts = (
      await db.query<AlertRow>(
        `SELECT * FROM alerts WHERE resolved_at IS NULL OR resolved_at > now() - interval '7 days' ORDER BY id`,
      )
    ).map(toAlert);
    if (alerts.length === 0) return 0;
    const sent = await db.query<{ alert_id: bigint; event: string; channel: string; recipient: string }>(
      "SELECT alert_id, event, channel, recipient FROM alert_notices WHERE alert_id = ANY($1)",
      [alerts.map((alert) => alert.id.toString())],
    );
    const has = (alert: StoredAlert, event: string, channel: string, recipient: string) =>
      sent.some(
        (n) => n.alert_id === alert.id && n.event === event && n.channel === channel && n.recipient === recipient,
      );
    let count = 0;
    for (const alert of alerts) {
      const recipients: ["email" | "sms", string][] = [
        ...context.operatorEmails.map((to) => ["email", to] as ["email", string]),
        ...(alert.severity === "critical" ? context.operatorPhones.map((to) => ["sms", to] as ["sms", string]) : []),
      ];
      for (const event of ["raised", "resolved"] as const) {
        if (event === "resolved" && alert.resolvedAt === undefined) continue;
        for (const [channel, to] of recipients) {
          if (has(alert, event, channel, to)) continue;
          if (event === "resolved" && !has(alert, "raised", channel, to)) continue;
          const sender = channel === "email" ? context.email : context.sms;
          if (sender === undefined) continue;
          try {
            await sender.send(to, noticeOf(alert, event, instance()));
            await db.query(
              `INSERT INTO alert_notices (alert_id, event, channel, recipient) VALUES ($1, $2, $3, $4)
               ON CONFLICT DO NOTHING`,
              [alert.id.toString(), event, channel, to],
            );
            count += 1;
          } catch (error) {
            log(`alerts: ${event} notice of alert ${alert.id} by ${channel} failed, retried next round`, {
              error: String((error as Error)?.message ?? error).split("\n")[0],
            });
          }
        }
      }
    }
    return count;
  };

  return createWorkerLoop({
    name: "alerts",
    intervalMs: context.intervalMs,
    maxBackoffMs: 10 * 60_000,
    log,
    step: round,
  });
}

/** The email/SMS text of an alert notice (operators read English). */
export function noticeOf(alert: StoredAlert, event: "raised" | "resolved", instance: string): OutgoingMessage {
  const tag = event === "raised" ? `[Encore ${alert.severity.toUpperCase()}]` : "[Encore RESOLVED]";
  const subject = `${tag} ${alert.rule}: ${alert.summary}`;
  const lines = [
    event === "raised"
      ? `Alert raised by ${instance} at ${alert.raisedAt.toISOString()}.`
      : `Resolved at ${alert.resolvedAt?.toISOString()} (raised ${alert.raisedAt.toISOString()}) on ${instance}.`,
    "",
    `Rule:     ${alert.rule}`,
    `Key:      ${alert.key}`,
    `Severity: ${alert.severity}`,
    `Summary:  ${alert.summary}`,
    ...Object.entries(alert.details).map(([name, value]) => `${`${name}:`.padEnd(10)}${value}`),
  ];
  return {
    subject,
    text: lines.join("\n"),
    short:
      `${event === "raised" ? `Encore ${alert.severity.toUpperCase()}` : "Encore RESOLVED"} ${alert.rule}: ${alert.summary}`.slice(
        0,
        300,
      ),
    deliveryKey: `alert-${alert.id}-${event}`,
  };
}

interface AlertRow {
  id: bigint;
  rule: string;
  key: string;
  severity: AlertSeverity;
  summary: string;
  details: Record<string, string>;
  raised_at: Date;
  resolved_at: Date | null;
}

function toAlert(row: AlertRow): StoredAlert {
  return {
    id: row.id,
    rule: row.rule,
    key: row.key,
    severity: row.severity,
    summary: row.summary,
    details: row.details,
    raisedAt: row.raised_at,
    resolvedAt: row.resolved_at ?? undefined,
  };
}
