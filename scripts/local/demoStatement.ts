/**
 * The demo revenue statement `npm start` feeds the oracle operators: one day of streams and sales of Nova Lights'
 * two demo tracks, as a distributor CSV in the importer's default column mapping (oracle-service/docs/statements.md).
 */
import { writeFileSync } from "node:fs";

/** The demo tracks of campaign 1 (Nova Lights — "Afterglow"), registered in the oracle's catalog. */
export const DEMO_TRACKS = [
  { isrc: "QZNOV2600001", title: "Afterglow" },
  { isrc: "QZNOV2600002", title: "Static Bloom" },
] as const;

/** Rows: ISRC, sale type, country, quantity, net revenue in USD. */
const ROWS: readonly (readonly [string, string, string, number, string])[] = [
  ["QZNOV2600001", "Stream", "US", 412_000, "1648.00"],
  ["QZNOV2600001", "Stream", "FR", 96_500, "386.50"],
  ["QZNOV2600001", "Download", "US", 310, "385.50"],
  ["QZNOV2600002", "Stream", "KR", 120_250, "480.25"],
  ["QZNOV2600002", "Stream", "BR", 75_000, "219.75"],
  ["QZNOV2600002", "Download", "DE", 80, "80.00"],
];

/** Total net revenue of the demo statement, in USD cents. */
export const DEMO_STATEMENT_CENTS = ROWS.reduce((sum, row) => sum + Math.round(Number(row[4]) * 100), 0);

/**
 * Writes the demo statement for usage day `day` (`YYYY-MM-DD`) to `file`.
 */
export function writeDemoStatement(file: string, day: string): void {
  const header = "ISRC,Sale Type,Country,Quantity,Net Revenue,Currency,Period Start,Period End";
  const lines = ROWS.map(([isrc, type, country, quantity, amount]) =>
    [isrc, type, country, quantity, amount, "USD", day, day].join(","),
  );
  writeFileSync(file, `${[header, ...lines].join("\n")}\n`);
}
