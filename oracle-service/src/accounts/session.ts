/**
 * Sign-In with Ethereum (EIP-4361) sessions. A client asks for a nonce, signs a SIWE message naming this
 * service's domain and that nonce, and exchanges message + signature for a bearer token (stored hashed, valid
 * {@link SESSION_TTL_MS}). Signatures are checked with viem's `verifySiweMessage` (EOAs and, through ERC-6492 /
 * ERC-1271, smart accounts). A nonce signs in once; a message for another domain, chain, or past its expiry is
 * refused. The first sign-in of a wallet creates its account (a fan, unless the message asks for an artist or label
 * profile — operator accounts are created by operators only).
 */
import { createHash, randomBytes } from "node:crypto";
import type { FastifyReply, FastifyRequest } from "fastify";
import type { Hex, PublicClient } from "viem";
import { generateSiweNonce, parseSiweMessage, verifySiweMessage } from "viem/siwe";

import type { Database, Queryable } from "../db/database.ts";
import { appendAudit } from "../audit/auditLog.ts";
import { createAccount, findAccountByAddress, getAccount, type Account, type AccountKind } from "./accounts.ts";

/** How long a nonce may be used. */
export const NONCE_TTL_MS = 10 * 60_000;
/** How long a session lasts. */
export const SESSION_TTL_MS = 7 * 24 * 3_600_000;

declare module "fastify" {
  interface FastifyRequest {
    /** The signed-in account, set by {@link requireSession}. */
    account?: Account;
  }
}

/** A sign-in was refused; the message says why (answered as 401). */
export class SignInError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SignInError";
  }
}

/** Issues a fresh nonce for a SIWE message. */
export async function issueNonce(db: Queryable, now: Date = new Date()): Promise<{ nonce: string; expiresAt: Date }> {
  const nonce = generateSiweNonce();
  const expiresAt = new Date(now.getTime() + NONCE_TTL_MS);
  await db.query("INSERT INTO auth_nonces (nonce, expires_at) VALUES ($1, $2)", [nonce, expiresAt]);
  return { nonce, expiresAt };
}

/** What {@link signIn} checks the message against. */
export interface SignInContext {
  db: Database;
  publicClient: PublicClient;
  /** The domain (host[:port]) SIWE messages must name. */
  domain: string;
  chainId: number;
  now?: Date;
}

/**
 * Verifies a signed SIWE message and opens a session.
 *
 * @param profile - Account kind for a wallet signing in for the first time (`fan`, `artist` or `label`).
 * @returns The bearer token (shown once), its expiry and the account.
 * @throws {SignInError} When the message is malformed, for another domain or chain, expired or not yet valid,
 *   its nonce is unknown, used or expired, or the signature does not match.
 */
export async function signIn(
  context: SignInContext,
  input: { message: string; signature: Hex; profile?: Exclude<AccountKind, "operator"> },
): Promise<{ token: string; expiresAt: Date; account: Account }> {
  const now = context.now ?? new Date();
  const fields = parseSiweMessage(input.message);
  if (fields.address === undefined || fields.nonce === undefined || fields.domain === undefined) {
    throw new SignInError("message: not an EIP-4361 sign-in message (address, domain and nonce are required)");
  }
  if (fields.domain !== context.domain) {
    throw new SignInError(`message: domain "${fields.domain}" is not this service ("${context.domain}")`);
  }
  if (fields.chainId !== context.chainId) {
    throw new SignInError(
      `message: chain ID ${String(fields.chainId)} is not this service's chain (${context.chainId})`,
    );
  }
  const valid = await verifySiweMessage(context.publicClient, {
    message: input.message,
    signature: input.signature,
    domain: context.domain,
    time: now,
  });
  if (!valid)
    throw new SignInError("signature: does not match the message, or the message expired or is not yet valid");
  const address = fields.address;
  return context.db.transaction(async (tx) => {
    const used = await tx.query(
      "UPDATE auth_nonces SET used_at = $2 WHERE nonce = $1 AND used_at IS NULL AND expires_at > $2 RETURNING nonce",
      [fields.nonce, now],
    );
    if (used.length === 0) throw new SignInError("message: nonce is unknown, already used or expired");
    const account =
      (await findAccountByAddress(tx, address)) ??
      (await createAccount(tx, { kind: input.profile ?? "fan", wallet: address }));
    if (account.erasedAt !== undefined) throw new SignInError("account: this account was erased");
    const token = randomBytes(32).toString("base64url");
    const expiresAt = new Date(now.getTime() + SESSION_TTL_MS);
    await tx.query("INSERT INTO sessions (token_hash, account_id, address, expires_at) VALUES ($1, $2, $3, $4)", [
      hashToken(token),
      account.id.toString(),
      address.toLowerCase(),
      expiresAt,
    ]);
    await appendAudit(tx, {
      actor: `account:${account.publicId}`,
      action: "auth.signed_in",
      subject: `account:${account.publicId}`,
    });
    return { token, expiresAt, account };
  });
}

/** The account of an active session token, or undefined. */
export async function sessionAccount(
  db: Queryable,
  token: string,
  now: Date = new Date(),
): Promise<Account | undefined> {
  const [row] = await db.query<{ account_id: bigint }>(
    "SELECT account_id FROM sessions WHERE token_hash = $1 AND revoked_at IS NULL AND expires_at > $2",
    [hashToken(token), now],
  );
  if (row === undefined) return undefined;
  const account = await getAccount(db, row.account_id);
  return account?.erasedAt === undefined ? account : undefined;
}

/** Ends a session (sign-out). @returns Whether the token was an active session. */
export async function revokeSession(db: Queryable, token: string): Promise<boolean> {
  const rows = await db.query(
    "UPDATE sessions SET revoked_at = now() WHERE token_hash = $1 AND revoked_at IS NULL RETURNING 1",
    [hashToken(token)],
  );
  return rows.length === 1;
}

/** Ends every session of an account (erasure, sign-out everywhere). */
export async function revokeAccountSessions(db: Queryable, accountId: bigint): Promise<void> {
  await db.query("UPDATE sessions SET revoked_at = now() WHERE account_id = $1 AND revoked_at IS NULL", [
    accountId.toString(),
  ]);
}

/** The bearer token of a request's `Authorization` header, or undefined. */
export function bearerToken(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  const match = typeof header === "string" ? /^Bearer ([A-Za-z0-9_-]{20,})$/.exec(header) : null;
  return match?.[1];
}

/**
 * A Fastify `preHandler` that answers 401 unless the request carries an active session token
 * (`Authorization: Bearer …`), and sets `request.account`. With `kinds`, other account kinds get 403.
 */
export function requireSession(db: Queryable, kinds?: readonly AccountKind[]) {
  return async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    const token = bearerToken(request);
    const account = token === undefined ? undefined : await sessionAccount(db, token);
    if (account === undefined) {
      await reply.code(401).send({
        error: "Unauthorized",
        message: "sign in first: this route needs an active session in Authorization: Bearer <token>",
      });
      return;
    }
    if (kinds !== undefined && !kinds.includes(account.kind)) {
      await reply
        .code(403)
        .send({ error: "Forbidden", message: `this route is for ${kinds.join(" or ")} accounts, not ${account.kind}` });
      return;
    }
    request.account = account;
  };
}

function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}
