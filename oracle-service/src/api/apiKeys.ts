/**
 * Operator API keys, hashed at rest: a key is `enc_` + 32 random bytes (base64url), shown once at creation; the
 * database keeps its sha256 only, so a database leak reveals no usable key.
 */
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";

import { appendAudit } from "../audit/auditLog.ts";
import type { Database, Queryable } from "../db/database.ts";

/** sha256 (hex) of a key. */
export function hashApiKey(key: string): string {
  return createHash("sha256").update(key).digest("hex");
}

/**
 * Creates a key named `name`, with a `config.api_key_created` audit entry in the same transaction.
 *
 * @param actor - Audit actor (default "cli:apikey").
 * @returns The key (show it once; it cannot be recovered).
 * @throws When a key with that name exists.
 */
export async function createApiKey(db: Database, name: string, actor = "cli:apikey"): Promise<string> {
  const key = `enc_${randomBytes(32).toString("base64url")}`;
  await db.transaction(async (tx) => {
    await tx.query("INSERT INTO api_keys (name, key_hash) VALUES ($1, $2)", [name, hashApiKey(key)]);
    await appendAudit(tx, { actor, action: "config.api_key_created", subject: `apikey:${name}` });
  });
  return key;
}

/**
 * Revokes the key named `name` (with a `config.api_key_revoked` audit entry); returns whether one was active.
 *
 * @param actor - Audit actor (default "cli:apikey").
 */
export async function revokeApiKey(db: Database, name: string, actor = "cli:apikey"): Promise<boolean> {
  return db.transaction(async (tx) => {
    const rows = await tx.query(
      "UPDATE api_keys SET revoked_at = now() WHERE name = $1 AND revoked_at IS NULL RETURNING id",
      [name],
    );
    if (rows.length > 0) await appendAudit(tx, { actor, action: "config.api_key_revoked", subject: `apikey:${name}` });
    return rows.length > 0;
  });
}

/**
 * The name of the active key matching `key`, or undefined.
 */
export async function findApiKey(db: Queryable, key: string): Promise<string | undefined> {
  const hash = hashApiKey(key);
  const [row] = await db.query<{ name: string; key_hash: string }>(
    "SELECT name, key_hash FROM api_keys WHERE key_hash = $1 AND revoked_at IS NULL",
    [hash],
  );
  // Constant-time comparison of the hashes (the lookup already matched; this guards against collation surprises).
  if (row === undefined || !timingSafeEqual(Buffer.from(row.key_hash), Buffer.from(hash))) return undefined;
  return row.name;
}
