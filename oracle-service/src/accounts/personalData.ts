/**
 * GDPR export and erasure, generic over every table that holds data about an account. Each area registers a
 * {@link PersonalDataSource} — what it holds about an account (`export`) and how to erase it (`erase`) — in
 * {@link PERSONAL_DATA_SOURCES}; `GET /v1/me/export` and `DELETE /v1/me` then cover it with no other change. The
 * payments branch adds its provider ids (Stripe customer / connected account, PayPal email), the notifications
 * branch its preferences and deliveries: one object and one list entry each.
 *
 * Erasure runs in one transaction: every source's `erase`, then the account's personal columns (email, phone,
 * display name, country, wallet) are nulled and `erased_at` set, and an `account.erased` audit entry naming only the
 * pseudonymous id is appended. Ledgers and the audit log keep referring to the account by that id, and the audit
 * chain still verifies (no entry is touched).
 */
import type { Database, Queryable } from "../db/database.ts";
import { appendAudit, type AuditValue } from "../audit/auditLog.ts";
import { RequestError } from "../reports/requestError.ts";
import { getAccount, type Account } from "./accounts.ts";
import { consentHistory } from "./consents.ts";
import { accountLinks } from "./labels.ts";
import { paymentsPersonalData } from "../payments/personalData.ts";

/** JSON-serialisable export data (dates as ISO strings, bigints as decimal strings). */
export type ExportValue = string | number | boolean | null | ExportValue[] | { [key: string]: ExportValue };

/** A table (or group of tables) holding data about accounts. */
export interface PersonalDataSource {
  /** Key of this source in the export, e.g. "consents", "payment_provider_ids". */
  name: string;
  /** What it holds about the account, as JSON (secrets such as token hashes left out). */
  export(tx: Queryable, account: Account): Promise<ExportValue>;
  /**
   * Removes or pseudonymises what it holds about the account, inside the erasure transaction. Data the law requires
   * to keep (accounting records) stays, referring to the account id only; say so in docs/gdpr.md.
   */
  erase(tx: Queryable, account: Account): Promise<void>;
}

/** Consent history: exported in full; kept on erasure (no personal data; proof of consent), see docs/gdpr.md. */
export const consentsSource: PersonalDataSource = {
  name: "consents",
  async export(tx, account) {
    return (await consentHistory(tx, account.id)).map((record) => ({
      purpose: record.purpose,
      granted: record.granted,
      textVersion: record.textVersion,
      source: record.source,
      at: record.at.toISOString(),
    }));
  },
  erase: () => Promise.resolve(),
};

/** Sign-in sessions: metadata exported (never the token hash); deleted on erasure (which also signs out). */
export const sessionsSource: PersonalDataSource = {
  name: "sessions",
  async export(tx, account) {
    const rows = await tx.query<{ address: string; created_at: Date; expires_at: Date; revoked_at: Date | null }>(
      "SELECT address, created_at, expires_at, revoked_at FROM sessions WHERE account_id = $1 ORDER BY created_at",
      [account.id.toString()],
    );
    return rows.map((row) => ({
      address: row.address,
      createdAt: row.created_at.toISOString(),
      expiresAt: row.expires_at.toISOString(),
      revokedAt: row.revoked_at?.toISOString() ?? null,
    }));
  },
  async erase(tx, account) {
    await tx.query("DELETE FROM sessions WHERE account_id = $1", [account.id.toString()]);
  },
};

/** Queued notifications: exported; their template values blanked on erasure (rows stay for de-duplication). */
export const notificationsSource: PersonalDataSource = {
  name: "notifications",
  async export(tx, account) {
    const rows = await tx.query<{ kind: string; data: { [key: string]: ExportValue }; created_at: Date }>(
      "SELECT kind, data, created_at FROM notifications WHERE account_id = $1 ORDER BY id",
      [account.id.toString()],
    );
    return rows.map((row) => ({ kind: row.kind, data: row.data, createdAt: row.created_at.toISOString() }));
  },
  async erase(tx, account) {
    await tx.query("UPDATE notifications SET data = '{}'::jsonb WHERE account_id = $1", [account.id.toString()]);
  },
};

/** Label ↔ artist links: exported; ended on erasure (the rows, ids only, stay as history). */
export const labelLinksSource: PersonalDataSource = {
  name: "labelLinks",
  async export(tx, account) {
    if (account.kind !== "label" && account.kind !== "artist") return [];
    return (await accountLinks(tx, account)).map((link) => ({
      label: link.label.id,
      artist: link.artist.id,
      status: link.status,
      requestedAt: link.requestedAt.toISOString(),
      approvedAt: link.approvedAt?.toISOString() ?? null,
      revokedAt: link.revokedAt?.toISOString() ?? null,
    }));
  },
  async erase(tx, account) {
    await tx.query(
      `UPDATE label_artists SET status = 'revoked', revoked_at = now()
       WHERE (label_account_id = $1 OR artist_account_id = $1) AND status <> 'revoked'`,
      [account.id.toString()],
    );
  },
};

/** Every source export and erasure cover; other areas append theirs. */
export const PERSONAL_DATA_SOURCES: PersonalDataSource[] = [
  consentsSource,
  sessionsSource,
  notificationsSource,
  labelLinksSource,
  paymentsPersonalData,
];

/** The export document (`GET /v1/me/export`). */
export interface AccountExport {
  exportedAt: string;
  account: { [key: string]: ExportValue };
  /** Audit entries whose actor or subject is this account. */
  audit: { seq: string; at: string; actor: string; action: string; subject: string; data: AuditValue }[];
  /** One key per {@link PersonalDataSource}. */
  data: { [source: string]: ExportValue };
}

/**
 * Everything held about `account`, as JSON.
 *
 * @throws {RequestError} 409 when the account was erased.
 */
export async function exportAccountData(
  db: Database,
  account: Account,
  sources: readonly PersonalDataSource[] = PERSONAL_DATA_SOURCES,
): Promise<AccountExport> {
  return db.transaction(async (tx) => {
    const current = await getAccount(tx, account.id);
    if (current === undefined || current.erasedAt !== undefined) {
      throw new RequestError(409, "AccountErased", "account: this account was erased; nothing is held to export");
    }
    const ref = `account:${current.publicId}`;
    const audit = await tx.query<{
      seq: bigint;
      at: Date;
      actor: string;
      action: string;
      subject: string;
      data: AuditValue;
    }>("SELECT seq, at, actor, action, subject, data FROM audit_log WHERE actor = $1 OR subject = $1 ORDER BY seq", [
      ref,
    ]);
    const data: { [source: string]: ExportValue } = {};
    for (const source of sources) data[source.name] = await source.export(tx, current);
    return {
      exportedAt: new Date().toISOString(),
      account: {
        id: current.publicId,
        kind: current.kind,
        wallet: current.wallet ?? null,
        custodialAddress: current.custodialAddress ?? null,
        email: current.email ?? null,
        phone: current.phone ?? null,
        displayName: current.displayName ?? null,
        locale: current.locale,
        country: current.country ?? null,
        createdAt: current.createdAt.toISOString(),
      },
      audit: audit.map((row) => ({
        seq: row.seq.toString(),
        at: row.at.toISOString(),
        actor: row.actor,
        action: row.action,
        subject: row.subject,
        data: row.data,
      })),
      data,
    };
  });
}

/**
 * Erases `account`'s personal data in one transaction (see the module comment).
 *
 * @param actor - Audit actor (default: the account itself).
 * @throws {RequestError} 409 when the account was already erased.
 */
export async function eraseAccount(
  db: Database,
  account: Account,
  options: { actor?: string; sources?: readonly PersonalDataSource[] } = {},
): Promise<void> {
  const sources = options.sources ?? PERSONAL_DATA_SOURCES;
  await db.transaction(async (tx) => {
    const [locked] = await tx.query<{ erased_at: Date | null }>(
      "SELECT erased_at FROM accounts WHERE id = $1 FOR UPDATE",
      [account.id.toString()],
    );
    if (locked === undefined || locked.erased_at !== null) {
      throw new RequestError(409, "AccountErased", "account: this account was already erased");
    }
    for (const source of sources) await source.erase(tx, account);
    await tx.query(
      `UPDATE accounts SET email = NULL, phone = NULL, display_name = NULL, country = NULL, wallet = NULL,
         erased_at = now() WHERE id = $1`,
      [account.id.toString()],
    );
    await appendAudit(tx, {
      actor: options.actor ?? `account:${account.publicId}`,
      action: "account.erased",
      subject: `account:${account.publicId}`,
      data: { sources: sources.map((source) => source.name) },
    });
  });
}
