/**
 * The DSR record types Encore reads, their default cell layout (the DDEX Part 8 cell order for the cells Encore
 * uses), the profiles that may contain them, and layouts built from `#` header rows.
 *
 * A record type is written with or without its version (`SU02` or `SU02.03`); the part before the dot selects the
 * definition. A `#<RecordType>` row (e.g. `#SU02.03\tBlockId\tSummaryRecordId…`) replaces the default layout for
 * rows of that record type in the rest of the file.
 */

/** What a record does in a report. */
export type RecordKind = "head" | "foot" | "summary" | "release" | "resource" | "work" | "revenue";

/** One record type Encore reads. */
export interface RecordDefinition {
  /** Record type without version, e.g. `SU02`. */
  readonly type: string;
  readonly kind: RecordKind;
  /** Default cell names in order, starting with `RecordType`. */
  readonly cells: readonly string[];
  /** Logical fields this record must have a column for (looked up through {@link FIELD_ALIASES}). */
  readonly required: readonly string[];
}

const SUMMARY_CELLS = [
  "RecordType",
  "SummaryRecordId",
  "DistributionChannel",
  "DistributionChannelDPID",
  "CommercialModel",
  "UseType",
  "Territory",
  "ServiceDescription",
  "Usages",
  "Users",
  "Currency",
  "NetRevenue",
];
const SUMMARY_REQUIRED = ["SummaryRecordId", "CommercialModel", "UseType", "Territory", "Currency", "NetRevenue"];

const RESOURCE_CELLS = [
  "RecordType",
  "BlockId",
  "ResourceReference",
  "DspResourceId",
  "ISRC",
  "Title",
  "SubTitle",
  "DisplayArtistName",
  "DisplayArtistPartyId",
  "Duration",
  "ResourceType",
];
const RESOURCE_REQUIRED = ["BlockId", "ResourceReference", "DspResourceId", "ISRC"];

const DEFINITIONS: readonly RecordDefinition[] = [
  {
    type: "HEAD",
    kind: "head",
    cells: [
      "RecordType",
      "MessageVersion",
      "Profile",
      "ProfileVersion",
      "MessageId",
      "MessageCreatedDateTime",
      "FileNumber",
      "NumberOfFiles",
      "UsageStartDate",
      "UsageEndDate",
      "SenderPartyId",
      "SenderName",
      "ServiceDescription",
      "RecipientPartyId",
      "RecipientName",
    ],
    required: ["Profile", "MessageId", "FileNumber", "NumberOfFiles", "UsageStartDate", "UsageEndDate"],
  },
  ...["SY01", "SY02", "SY03", "SY04", "SY05"].map(
    (type): RecordDefinition => ({ type, kind: "summary", cells: SUMMARY_CELLS, required: SUMMARY_REQUIRED }),
  ),
  {
    type: "RE01",
    kind: "release",
    cells: [
      "RecordType",
      "BlockId",
      "ReleaseReference",
      "DspReleaseId",
      "ProprietaryReleaseId",
      "CatalogNumber",
      "ICPN",
      "DisplayArtistName",
      "DisplayArtistPartyId",
      "Title",
      "SubTitle",
      "ReleaseType",
    ],
    required: ["BlockId", "ReleaseReference"],
  },
  { type: "AS01", kind: "resource", cells: RESOURCE_CELLS, required: RESOURCE_REQUIRED },
  {
    type: "AS02",
    kind: "resource",
    cells: [...RESOURCE_CELLS, "ISWC", "ComposerAuthor", "MusicPublisher", "ProprietaryWorkId"],
    required: RESOURCE_REQUIRED,
  },
  {
    type: "MW01",
    kind: "work",
    cells: [
      "RecordType",
      "BlockId",
      "WorkReference",
      "DspWorkId",
      "ISWC",
      "WorkTitle",
      "SubTitle",
      "ComposerAuthor",
      "MusicPublisher",
      "ProprietaryWorkId",
    ],
    required: ["BlockId", "WorkReference"],
  },
  ...["SU01", "SU02"].map(
    (type): RecordDefinition => ({
      type,
      kind: "revenue",
      cells: [
        "RecordType",
        "BlockId",
        "SummaryRecordId",
        "SalesTransactionId",
        "TransactedReleaseReference",
        "TransactedResourceReference",
        "IsRoyaltyBearing",
        "Usages",
        "NetRevenue",
      ],
      required: [
        "BlockId",
        "SummaryRecordId",
        "SalesTransactionId",
        "TransactedReleaseReference",
        "TransactedResourceReference",
        "Usages",
        "NetRevenue",
      ],
    }),
  ),
  {
    type: "SU03",
    kind: "revenue",
    cells: [
      "RecordType",
      "BlockId",
      "SalesTransactionId",
      "SummaryRecordId",
      "DspResourceId",
      "Usages",
      "NetRevenue",
      "ValidityPeriodStart",
      "ValidityPeriodEnd",
      "ContentCategory",
    ],
    required: ["BlockId", "SalesTransactionId", "SummaryRecordId", "DspResourceId", "Usages", "NetRevenue"],
  },
  {
    type: "LI01",
    kind: "revenue",
    cells: [
      "RecordType",
      "BlockId",
      "SummaryRecordId",
      "LineItemId",
      "TransactedReleaseReference",
      "TransactedResourceReference",
      "CommercialModel",
      "UseType",
      "Territory",
      "Usages",
      "Currency",
      "NetRevenue",
    ],
    required: [
      "BlockId",
      "SummaryRecordId",
      "LineItemId",
      "TransactedReleaseReference",
      "TransactedResourceReference",
      "Usages",
      "Currency",
      "NetRevenue",
    ],
  },
  {
    type: "FOOT",
    kind: "foot",
    cells: [
      "RecordType",
      "NumberOfLinesInFile",
      "NumberOfLinesInReport",
      "NumberOfSummaryRecords",
      "NumberOfBlocksInFile",
      "NumberOfBlocksInReport",
    ],
    required: [
      "NumberOfLinesInFile",
      "NumberOfLinesInReport",
      "NumberOfSummaryRecords",
      "NumberOfBlocksInFile",
      "NumberOfBlocksInReport",
    ],
  },
];

/** Record definitions by record type without version. */
export const RECORD_DEFINITIONS: ReadonlyMap<string, RecordDefinition> = new Map(
  DEFINITIONS.map((definition) => [definition.type, definition]),
);

/**
 * Other column names accepted for a logical field in `#` header rows (the DDEX versions renamed some cells).
 * The first name is the one Encore's default layout uses.
 */
export const FIELD_ALIASES: Readonly<Record<string, readonly string[]>> = {
  ISRC: ["ISRC", "ResourceISRC", "ResourceIsrc"],
  TransactedReleaseReference: ["TransactedReleaseReference", "TransactedRelease"],
  TransactedResourceReference: ["TransactedResourceReference", "TransactedResource"],
  Usages: ["Usages", "NumberOfUsages", "NumberOfStreams", "NumberOfConsumerSales", "TotalUsages"],
  NetRevenue: ["NetRevenue", "NetRevenueAmount"],
  Currency: ["Currency", "CurrencyOfReporting"],
  LineItemId: ["LineItemId", "SalesTransactionId"],
  SummaryRecordId: ["SummaryRecordId"],
  BlockId: ["BlockId"],
};

/** The profiles Encore reads and the record types each may contain besides HEAD and FOOT. */
export const PROFILES: ReadonlyMap<string, ReadonlySet<string>> = new Map([
  [
    "BasicAudioProfile",
    new Set(["SY01", "SY02", "SY03", "SY04", "SY05", "RE01", "AS01", "AS02", "MW01", "SU01", "SU02"]),
  ],
  ["UgcProfile", new Set(["SY01", "SY02", "SY03", "SY04", "SY05", "AS01", "AS02", "MW01", "SU03"])],
  [
    "FinancialReportingToRecordCompaniesProfile",
    new Set(["SY01", "SY02", "SY03", "SY04", "SY05", "RE01", "AS01", "AS02", "LI01"]),
  ],
]);

/** Where each logical field sits in a record's rows, and how many cells a row has. */
export interface RecordLayout {
  readonly definition: RecordDefinition;
  /** Cell names in order (from the definition or a `#` row). */
  readonly cells: readonly string[];
  /** Index of each logical field (only fields the row has). */
  readonly index: ReadonlyMap<string, number>;
}

/** The record type without its version: `SU02.03` → `SU02`. */
export function baseRecordType(recordType: string): string {
  const dot = recordType.indexOf(".");
  return dot < 0 ? recordType : recordType.slice(0, dot);
}

/**
 * A layout for `definition` with these cell names.
 *
 * @returns The layout, or the name of the first required logical field no cell provides.
 */
export function buildLayout(
  definition: RecordDefinition,
  cells: readonly string[],
): { layout: RecordLayout } | { missing: string } {
  const index = new Map<string, number>();
  cells.forEach((name, position) => {
    if (!index.has(name)) index.set(name, position);
  });
  for (const [field, aliases] of Object.entries(FIELD_ALIASES)) {
    const position = aliases.map((alias) => index.get(alias)).find((found) => found !== undefined);
    if (position !== undefined) index.set(field, position);
  }
  const missing = definition.required.find((field) => !index.has(field));
  return missing === undefined ? { layout: { definition, cells, index } } : { missing };
}

/** Every record type Encore reads, for error messages. */
export const KNOWN_RECORD_TYPES = DEFINITIONS.map((definition) => definition.type).join(", ");
