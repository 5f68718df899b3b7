/**
 * Report periods: parsing the times operators type, the rule that says which statements fall into a period, and
 * the oracle's own checks (mirrored from `RevenueOracle._checkReport`) so a report that would revert is not built.
 *
 * Times are unix seconds (UTC), as the oracle's `uint64` fields; a period is `[periodStart, periodEnd)`.
 */
import { RequestError } from "./requestError.ts";
import type { OracleCampaign, SettlementTerms } from "./chainReads.ts";

const DAY = 86_400n;

/**
 * Unix seconds from `text`: digits are unix seconds; `YYYY-MM-DD` is that day's midnight UTC; an ISO 8601 date-time
 * must carry its zone (`Z` or `±hh:mm`).
 *
 * @throws {RequestError} 400 when `text` is none of these.
 */
export function parseTime(text: string, name = "time"): bigint {
  const value = text.trim();
  if (/^[0-9]{1,12}$/.test(value)) return BigInt(value);
  const dateOnly = /^\d{4}-\d{2}-\d{2}$/.test(value);
  const dateTime = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(value);
  const ms = dateOnly ? Date.parse(`${value}T00:00:00Z`) : dateTime ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(ms)) {
    throw new RequestError(
      400,
      "InvalidTime",
      `${name} "${text}" is not a date (YYYY-MM-DD, UTC), a date-time with its zone, or unix seconds`,
    );
  }
  return BigInt(Math.floor(ms / 1000));
}

/** `YYYY-MM-DD` of the UTC day containing unix second `seconds`. */
export function utcDate(seconds: bigint): string {
  return new Date(Number(seconds) * 1000).toISOString().slice(0, 10);
}

/**
 * Which statement dates a period covers. A statement (usage dates `period_start`..`period_end`, inclusive) belongs
 * to the report iff its whole usage — from `period_start` 00:00 UTC to the end of `period_end` — lies inside
 * `[periodStart, periodEnd)`. So periods that do not overlap never share a statement.
 *
 * @returns The earliest allowed `period_start` and the first date `period_end` must be before (both `YYYY-MM-DD`).
 */
export function statementDateRange(periodStart: bigint, periodEnd: bigint): { fromDate: string; beforeDate: string } {
  const firstDay = (periodStart + DAY - 1n) / DAY; // first midnight at or after periodStart
  const endDay = periodEnd / DAY; // last midnight at or before periodEnd: usage must end before it
  return { fromDate: utcDate(firstDay * DAY), beforeDate: utcDate(endDay * DAY) };
}

/** What {@link checkReportPeriod} compares. */
export interface PeriodCheck {
  campaignId: bigint;
  periodStart: bigint;
  periodEnd: bigint;
  terms: SettlementTerms;
  oracle: OracleCampaign;
  /** The chain's latest block time. */
  now: bigint;
}

/**
 * The oracle's rules for a new report's period, in its order: the campaign succeeded; no report awaits settlement;
 * the period is non-empty and over; it lies in the share window; it starts at or after the latest reported period.
 *
 * @throws {RequestError} 409 for chain state (not succeeded, report pending, overlap), 422 for a bad period.
 */
export function checkReportPeriod(check: PeriodCheck): void {
  const { campaignId, periodStart, periodEnd, terms, oracle, now } = check;
  if (!terms.succeeded) {
    throw new RequestError(409, "CampaignNotSucceeded", `campaign ${campaignId} has not succeeded: no share window`);
  }
  if (oracle.pendingReport !== 0n) {
    throw new RequestError(
      409,
      "PreviousReportOpen",
      `report #${oracle.pendingReport} of campaign ${campaignId} awaits settlement; build the next one after it`,
    );
  }
  if (periodStart >= periodEnd) {
    throw new RequestError(422, "InvalidPeriod", `the period is empty: start ${periodStart} >= end ${periodEnd}`);
  }
  if (periodEnd > now) {
    throw new RequestError(422, "PeriodNotOver", `the period ends at ${periodEnd}, after the chain's time ${now}`);
  }
  if (periodStart < terms.activatedAt || periodEnd > terms.shareEnd) {
    throw new RequestError(
      422,
      "OutsideShareWindow",
      `the period [${periodStart}, ${periodEnd}) is not inside campaign ${campaignId}'s share window ` +
        `[${terms.activatedAt}, ${terms.shareEnd}]`,
    );
  }
  if (periodStart < oracle.lastPeriodEnd) {
    throw new RequestError(
      409,
      "PeriodOverlaps",
      `the period starts at ${periodStart}, before the end of the campaign's latest report (${oracle.lastPeriodEnd})`,
    );
  }
}
