/**
 * Operator API keys, hashed at rest: a key is `enc_` + 32 random bytes (base64url), shown once at creation; the
 * database keeps its sha256 only, so a database leak reveals no usable key.
 */
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";

import type { Queryable } from "../db/database.ts";

/** sha256 (hex) of a key. */
export function hashApiKey(key: string): string {
  return createHash("sha256").update(key).digest("hex");
}

/**
 * Creates a key named `name`.
 *
 * @returns The key (show it once; it cannot be recovered).
 * @throws When a key with that name exists.
 */
export async function createApiKey(db: Queryable, name: string): Promise<string> {
  const key = `enc_${randomBytes(32).toString("base64url")}`;
  await db.query("INSERT INTO api_keys (name, key_hash) VALUES ($1, $2)", [name, hashApiKey(key)]);
  return key;
}

/** Revokes the key named `name`; returns whether one was active. */
export async function revokeApiKey(db: Queryable, name: string): Promise<boolean> {
  const rows = await db.query(
    "UPDATE api_keys SET revoked_at = now() WHERE name = $1 AND revoked_at IS NULL RETURNING id",
    [name],
  );
  return rows.length > 0;
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
