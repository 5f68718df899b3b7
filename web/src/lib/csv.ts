/**
 * CSV exports of the portfolio (RFC 4180: comma-separated, CRLF line ends, fields with a comma, quote or line
 * break quoted and inner quotes doubled). Amounts are exact decimals in token units (never floats), dates ISO 8601
 * UTC, so a spreadsheet or an accountant's tool reads them without locale surprises.
 */
import { formatUnits } from "viem";

import type { ActivityEntry, StatementLine } from "../data/CampaignData.ts";

/** One CSV field, quoted when needed. */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** A CSV document from a header and rows. */
export function toCsv(header: readonly string[], rows: readonly (readonly string[])[]): string {
  return [header, ...rows].map((row) => row.map(csvField).join(",")).join("\r\n") + "\r\n";
}

/** The statement as CSV: one line per campaign (gross → to holders → yours → paid). */
export function statementCsv(
  lines: readonly StatementLine[],
  titles: ReadonlyMap<bigint, string>,
  decimals: number,
  symbol: string,
): string {
  const amount = (value: bigint) => formatUnits(value, decimals);
  return toCsv(
    [
      "campaign_id",
      "campaign",
      `gross_reported_${symbol}`,
      `to_holders_${symbol}`,
      `accrued_${symbol}`,
      `paid_${symbol}`,
      `claimable_${symbol}`,
    ],
    lines.map((line) => [
      line.campaignId.toString(),
      titles.get(line.campaignId) ?? "",
      amount(line.grossReported),
      amount(line.toHolders),
      amount(line.accrued),
      amount(line.paid),
      amount(line.claimable),
    ]),
  );
}

/** The history as CSV, newest first. */
export function historyCsv(entries: readonly ActivityEntry[], decimals: number, symbol: string): string {
  return toCsv(
    ["date_utc", "campaign_id", "event", `amount_${symbol}`, "block", "transaction"],
    entries.map((entry) => [
      new Date(entry.timestamp * 1000).toISOString(),
      entry.campaignId.toString(),
      entry.kind,
      formatUnits(entry.amount, decimals),
      entry.blockNumber.toString(),
      entry.transactionHash,
    ]),
  );
}
