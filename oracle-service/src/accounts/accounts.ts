/**
 * Accounts of fans, artists, labels and operators. Personal data (email, phone, display name) is only here and is
 * erased on request (see the GDPR routes); everything else — ledgers, the audit log, logs — refers to an account
 * by its pseudonymous `publicId`.
 */
import { randomBytes } from "node:crypto";
import { getAddress, isAddress, type Address } from "viem";

import { appendAudit } from "../audit/auditLog.ts";
import type { Queryable } from "../db/database.ts";

/** What an account is. */
export type AccountKind = "fan" | "artist" | "label" | "operator";

/** Languages notifications are written in. */
export const LOCALES = ["en", "fr", "ko", "es", "pt"] as const;
/** One of {@link LOCALES}. */
export type Locale = (typeof LOCALES)[number];

/** A stored account. */
export interface Account {
  id: bigint;
  /** Pseudonymous id ("acct_…") used in the audit log and ledgers. */
  publicId: string;
  kind: AccountKind;
  wallet?: Address;
  /** Platform-held address card investments of a wallet-less fan are made for. */
  custodialAddress?: Address;
  email?: string;
  phone?: string;
  displayName?: string;
  locale: Locale;
  country?: string;
  createdAt: Date;
  /** Set once the account's personal data was erased. */
  erasedAt?: Date;
}

/** Fields of a new account. */
export interface NewAccount {
  kind: AccountKind;
  wallet?: Address;
  custodialAddress?: Address;
  email?: string;
  phone?: string;
  displayName?: string;
  locale?: Locale;
  country?: string;
}

/**
 * Creates an account and appends its `account.created` audit entry (pass the caller's transaction).
 *
 * @param actor - Audit actor (default: the new account itself, i.e. a self sign-up).
 * @throws When a wallet or custodial address is not an address or is already used by another account.
 */
export async function createAccount(db: Queryable, account: NewAccount, actor?: string): Promise<Account> {
  for (const [field, value] of [
    ["wallet", account.wallet],
    ["custodialAddress", account.custodialAddress],
  ] as const) {
    if (value !== undefined && !isAddress(value))
      throw new Error(`account: ${field} "${String(value)}" is not an address`);
  }
  const [row] = await db.query<AccountRow>(
    `INSERT INTO accounts (public_id, kind, wallet, custodial_address, email, phone, display_name, locale, country)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING *`,
    [
      `acct_${randomBytes(10).toString("hex")}`,
      account.kind,
      account.wallet?.toLowerCase() ?? null,
      account.custodialAddress?.toLowerCase() ?? null,
      account.email ?? null,
      account.phone ?? null,
      account.displayName ?? null,
      account.locale ?? "en",
      account.country ?? null,
    ],
  );
  const created = toAccount(row);
  await appendAudit(db, {
    actor: actor ?? `account:${created.publicId}`,
    action: "account.created",
    subject: `account:${created.publicId}`,
    data: { kind: created.kind },
  });
  return created;
}

/** The account with this id, or undefined. */
export async function getAccount(db: Queryable, id: bigint): Promise<Account | undefined> {
  const [row] = await db.query<AccountRow>("SELECT * FROM accounts WHERE id = $1", [id.toString()]);
  return row === undefined ? undefined : toAccount(row);
}

/** The account with this pseudonymous id, or undefined. */
export async function getAccountByPublicId(db: Queryable, publicId: string): Promise<Account | undefined> {
  const [row] = await db.query<AccountRow>("SELECT * FROM accounts WHERE public_id = $1", [publicId]);
  return row === undefined ? undefined : toAccount(row);
}

/** The account whose own wallet or custodial address is `address`, or undefined. */
export async function findAccountByAddress(db: Queryable, address: Address): Promise<Account | undefined> {
  const [row] = await db.query<AccountRow>(
    "SELECT * FROM accounts WHERE wallet = $1 OR custodial_address = $1 ORDER BY id LIMIT 1",
    [address.toLowerCase()],
  );
  return row === undefined ? undefined : toAccount(row);
}

interface AccountRow {
  id: bigint;
  public_id: string;
  kind: AccountKind;
  wallet: string | null;
  custodial_address: string | null;
  email: string | null;
  phone: string | null;
  display_name: string | null;
  locale: Locale;
  country: string | null;
  created_at: Date;
  erased_at: Date | null;
}

function toAccount(row: AccountRow): Account {
  return {
    id: row.id,
    publicId: row.public_id,
    kind: row.kind,
    wallet: row.wallet === null ? undefined : getAddress(row.wallet),
    custodialAddress: row.custodial_address === null ? undefined : getAddress(row.custodial_address),
    email: row.email ?? undefined,
    phone: row.phone ?? undefined,
    displayName: row.display_name ?? undefined,
    locale: row.locale,
    country: row.country ?? undefined,
    createdAt: row.created_at,
    erasedAt: row.erased_at ?? undefined,
  };
}
