/** Reading and checking the cells of individual DSR records: HEAD, resources (AS01/AS02) and revenue records. */
import type { Decimal } from "../decimal.ts";
import { parseAmount, parseIsoDate, parseIsrc, parseQuantity, parseTerritory } from "../fieldValues.ts";
import { errorAt, quote, type FieldLocation } from "../statementError.ts";
import type { DsrBlock, DsrSummary, PendingRevenue } from "./dsrBlock.ts";
import { cellText, cellValues } from "./dsrCells.ts";
import type { DsrFileName } from "./dsrFileName.ts";
import { PROFILES, type RecordLayout } from "./dsrRecords.ts";

/** One record row with its layout and location. */
export interface RecordRow {
  readonly cells: readonly string[];
  readonly layout: RecordLayout;
  readonly file: string;
  readonly line: number;
}

/** What Encore keeps of a HEAD record. */
export interface DsrHead {
  readonly profile: string;
  readonly messageId: string;
  readonly fileNumber: number;
  readonly numberOfFiles: number;
  readonly usageStartDate: string;
  readonly usageEndDate: string;
  readonly file: string;
}

/** The raw cell of logical `field`, or `""` when the layout has no such column. */
function rawCell(row: RecordRow, field: string): string {
  const index = row.layout.index.get(field);
  return index === undefined ? "" : row.cells[index];
}

/** Location of logical `field` in `row`, named as the file's column. */
function locate(row: RecordRow, field: string): FieldLocation {
  const index = row.layout.index.get(field);
  return { file: row.file, line: row.line, field: index === undefined ? field : row.layout.cells[index] };
}

function requiredText(row: RecordRow, field: string, what: string): string {
  const text = cellText(rawCell(row, field));
  if (text === "") throw errorAt(locate(row, field), `is empty; expected ${what}`);
  return text;
}

function count(row: RecordRow, field: string): number {
  const text = rawCell(row, field);
  if (!/^\d{1,6}$/.test(text))
    throw errorAt(locate(row, field), `${quote(text)} is not a count; expected a whole number`);
  return Number(text);
}

/**
 * Reads a HEAD record of a file named `name`.
 *
 * @param firstHead - The HEAD of the report's first file, which this one must agree with; `undefined` for part 1.
 */
export function readHead(row: RecordRow, name: DsrFileName, firstHead: DsrHead | undefined): DsrHead {
  const profile = cellText(rawCell(row, "Profile"));
  if (!PROFILES.has(profile)) {
    throw errorAt(
      locate(row, "Profile"),
      `${quote(profile)} is not a profile Encore reads; expected one of ${[...PROFILES.keys()].join(", ")}`,
    );
  }
  const head: DsrHead = {
    profile,
    messageId: requiredText(row, "MessageId", "the message identifier"),
    fileNumber: count(row, "FileNumber"),
    numberOfFiles: count(row, "NumberOfFiles"),
    usageStartDate: parseIsoDate(rawCell(row, "UsageStartDate"), locate(row, "UsageStartDate")),
    usageEndDate: parseIsoDate(rawCell(row, "UsageEndDate"), locate(row, "UsageEndDate"), true),
    file: row.file,
  };
  if (head.fileNumber !== name.part) {
    throw errorAt(
      locate(row, "FileNumber"),
      `says ${head.fileNumber} but the file name says part ${name.part}of${name.parts}`,
    );
  }
  if (head.numberOfFiles !== name.parts) {
    throw errorAt(
      locate(row, "NumberOfFiles"),
      `says ${head.numberOfFiles} but the file name says ${name.part}of${name.parts}`,
    );
  }
  if (head.usageEndDate < head.usageStartDate) {
    throw errorAt(locate(row, "UsageEndDate"), `${head.usageEndDate} is before UsageStartDate ${head.usageStartDate}`);
  }
  if (firstHead !== undefined) {
    for (const field of ["MessageId", "Profile", "UsageStartDate", "UsageEndDate"] as const) {
      const key = (
        {
          MessageId: "messageId",
          Profile: "profile",
          UsageStartDate: "usageStartDate",
          UsageEndDate: "usageEndDate",
        } as const
      )[field];
      if (head[key] !== firstHead[key]) {
        throw errorAt(
          locate(row, field),
          `${quote(head[key])} differs from ${quote(firstHead[key])} in ${firstHead.file}; expected every part to belong to the same report`,
        );
      }
    }
  }
  return head;
}

/** Reads a resource record (AS01/AS02) into its block. The first ISRC of a multi-value cell is the recording's. */
export function readResource(row: RecordRow, block: DsrBlock): void {
  const reference = requiredText(row, "ResourceReference", "the block-specific resource reference");
  const isrcs = cellValues(rawCell(row, "ISRC"));
  const isrc = isrcs.length === 0 || isrcs[0] === "" ? null : parseIsrc(isrcs[0], locate(row, "ISRC"));
  block.addResource(
    { reference, line: row.line, isrc, dspResourceId: cellText(rawCell(row, "DspResourceId")) },
    locate(row, "ResourceReference").field,
  );
}

/**
 * Reads a revenue record (SU01/SU02/SU03/LI01).
 *
 * @param summaries - The report's summary records by id.
 * @param useCurrency - Checks a currency code against the report's one currency.
 */
export function readRevenue(
  row: RecordRow,
  summaries: ReadonlyMap<string, DsrSummary>,
  useCurrency: (code: string, at: FieldLocation) => string,
): PendingRevenue {
  const type = row.layout.definition.type;
  const sourceKey = requiredText(
    row,
    type === "LI01" ? "LineItemId" : "SalesTransactionId",
    "the transaction identifier",
  );
  const summaryId = cellText(rawCell(row, "SummaryRecordId"));
  const summary = summaries.get(summaryId);
  if (summary === undefined) {
    throw errorAt(
      locate(row, "SummaryRecordId"),
      `${quote(summaryId)} names no summary record (SYnn) before this line; expected the id of an earlier SY record`,
    );
  }
  const royaltyBearing = rawCell(row, "IsRoyaltyBearing");
  if (row.layout.index.has("IsRoyaltyBearing") && royaltyBearing !== "true" && royaltyBearing !== "false") {
    throw errorAt(locate(row, "IsRoyaltyBearing"), `${quote(royaltyBearing)} is not a boolean; expected true or false`);
  }
  const quantity = parseQuantity(rawCell(row, "Usages"), locate(row, "Usages"));
  const amount: Decimal = parseAmount(rawCell(row, "NetRevenue"), locate(row, "NetRevenue"));
  let usageType = summary.useType;
  let territory = summary.territory;
  if (type === "LI01") {
    useCurrency(rawCell(row, "Currency"), locate(row, "Currency"));
    usageType = cellText(rawCell(row, "UseType")) || cellText(rawCell(row, "CommercialModel")) || usageType;
    const ownTerritory = rawCell(row, "Territory");
    if (ownTerritory !== "") territory = parseTerritory(ownTerritory, locate(row, "Territory"));
  }
  return {
    file: row.file,
    line: row.line,
    summary,
    sourceKey,
    target: revenueTarget(row, type),
    usageType,
    territory,
    quantity,
    amount,
  };
}

function revenueTarget(row: RecordRow, type: string): PendingRevenue["target"] {
  if (type === "SU03") {
    const value = requiredText(row, "DspResourceId", "the DSP resource id of the used resource");
    return { by: "dspResourceId", value, field: locate(row, "DspResourceId").field };
  }
  const resource = cellText(rawCell(row, "TransactedResourceReference"));
  if (resource !== "")
    return { by: "resource", value: resource, field: locate(row, "TransactedResourceReference").field };
  const release = cellText(rawCell(row, "TransactedReleaseReference"));
  if (release !== "") return { by: "release", value: release, field: locate(row, "TransactedReleaseReference").field };
  throw errorAt(
    locate(row, "TransactedResourceReference"),
    "is empty and so is TransactedReleaseReference; expected the resource (or release) the revenue is for",
  );
}
