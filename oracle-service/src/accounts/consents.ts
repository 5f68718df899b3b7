/**
 * Consent records: every grant or withdrawal is a new row (the table refuses updates), with the purpose, the
 * version of the text shown and where it was given. The current state of a purpose is its latest row. Each record
 * appends an `account.consent_changed` audit entry in the same transaction.
 */
import type { Database, Queryable } from "../db/database.ts";
import { appendAudit } from "../audit/auditLog.ts";
import { RequestError } from "../reports/requestError.ts";
import type { Account } from "./accounts.ts";

/** What a consent can be for. */
export const CONSENT_PURPOSES = [
  "terms",
  "privacy",
  "marketing_email",
  "marketing_sms",
  "push_notifications",
  "analytics",
] as const;
/** One of {@link CONSENT_PURPOSES}. */
export type ConsentPurpose = (typeof CONSENT_PURPOSES)[number];

/** Where a consent was given. */
export const CONSENT_SOURCES = ["web", "app", "api", "import", "support"] as const;
/** One of {@link CONSENT_SOURCES}. */
export type ConsentSource = (typeof CONSENT_SOURCES)[number];

/** A consent to record. */
export interface ConsentInput {
  purpose: ConsentPurpose;
  granted: boolean;
  /** Version of the text the person saw (1–100 characters). */
  textVersion: string;
  source: ConsentSource;
}

/** A stored consent record. */
export interface ConsentRecord extends ConsentInput {
  id: bigint;
  at: Date;
}

/**
 * Records a grant or withdrawal for `account`, with its audit entry.
 *
 * @throws {RequestError} 400 when the purpose, source or text version is invalid (the message names the field).
 */
export async function recordConsent(db: Database, account: Account, input: ConsentInput): Promise<ConsentRecord> {
  if (!(CONSENT_PURPOSES as readonly string[]).includes(input.purpose)) {
    throw new RequestError(
      400,
      "InvalidConsent",
      `purpose: "${input.purpose}" is not one of ${CONSENT_PURPOSES.join(", ")}`,
    );
  }
  if (!(CONSENT_SOURCES as readonly string[]).includes(input.source)) {
    throw new RequestError(
      400,
      "InvalidConsent",
      `source: "${input.source}" is not one of ${CONSENT_SOURCES.join(", ")}`,
    );
  }
  const textVersion = input.textVersion.trim();
  if (textVersion.length < 1 || textVersion.length > 100) {
    throw new RequestError(400, "InvalidConsent", "textVersion: must be 1 to 100 characters");
  }
  return db.transaction(async (tx) => {
    const [row] = await tx.query<ConsentRow>(
      `INSERT INTO consents (account_id, purpose, granted, text_version, source) VALUES ($1, $2, $3, $4, $5)
       RETURNING *`,
      [account.id.toString(), input.purpose, input.granted, textVersion, input.source],
    );
    await appendAudit(tx, {
      actor: `account:${account.publicId}`,
      action: "account.consent_changed",
      subject: `account:${account.publicId}`,
      data: { purpose: input.purpose, granted: input.granted, textVersion, source: input.source },
    });
    return toRecord(row);
  });
}

/** Every consent record of an account, oldest first (the full history). */
export async function consentHistory(db: Queryable, accountId: bigint): Promise<ConsentRecord[]> {
  const rows = await db.query<ConsentRow>("SELECT * FROM consents WHERE account_id = $1 ORDER BY id", [
    accountId.toString(),
  ]);
  return rows.map(toRecord);
}

/** The current state of each purpose the account ever answered (its latest record). */
export async function currentConsents(db: Queryable, accountId: bigint): Promise<ConsentRecord[]> {
  const rows = await db.query<ConsentRow>(
    "SELECT DISTINCT ON (purpose) * FROM consents WHERE account_id = $1 ORDER BY purpose, id DESC",
    [accountId.toString()],
  );
  return rows.map(toRecord);
}

/** Whether the account's latest answer for `purpose` is a grant. */
export async function hasConsent(db: Queryable, accountId: bigint, purpose: ConsentPurpose): Promise<boolean> {
  const [row] = await db.query<{ granted: boolean }>(
    "SELECT granted FROM consents WHERE account_id = $1 AND purpose = $2 ORDER BY id DESC LIMIT 1",
    [accountId.toString(), purpose],
  );
  return row?.granted === true;
}

interface ConsentRow {
  id: bigint;
  account_id: bigint;
  purpose: ConsentPurpose;
  granted: boolean;
  text_version: string;
  at: Date;
  source: ConsentSource;
}

function toRecord(row: ConsentRow): ConsentRecord {
  return {
    id: row.id,
    purpose: row.purpose,
    granted: row.granted,
    textVersion: row.text_version,
    source: row.source,
    at: row.at,
  };
}
