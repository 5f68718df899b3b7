/**
 * What an alert rule is: a named check evaluated periodically against the service's state. Each finding it returns
 * is an open problem identified by `key`; the alert engine raises an alert when a key first appears (email + SMS
 * to operators), does not repeat it while it stays, and sends a resolved notice when it disappears.
 */
import type { ServiceContext } from "../api/context.ts";

/** How bad a finding is: critical ones also go by SMS. */
export type AlertSeverity = "critical" | "warning";

/** One open problem found by a rule. */
export interface AlertFinding {
  /** Stable identity of the problem within its rule, e.g. "debt:7" or "rpc". */
  key: string;
  severity: AlertSeverity;
  /** One line for the subject and the dashboard, e.g. "Report 7: 640 USDC overdue since 2026-12-01". */
  summary: string;
  /** Extra values for the message body (no personal data). */
  details?: Record<string, string>;
}

/** A named check. */
export interface AlertRule {
  /** Stable id, e.g. "late_payment", "failed_payout", "rpc_unreachable", "webhook_errors", "treasury_low". */
  id: string;
  /** What it watches, for the README and the dashboard. */
  description: string;
  /** The problems open now (an empty list = all clear). Must not throw for a down dependency: report it. */
  evaluate(context: ServiceContext): Promise<AlertFinding[]>;
}
