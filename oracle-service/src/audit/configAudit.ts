/**
 * Configuration changes in the audit log: each start appends a `config.loaded` entry with the sha256 of the
 * redacted configuration (secrets never enter the log) and whether it differs from the previous start's, so a
 * change of settings between two runs is visible and dated.
 */
import { createHash } from "node:crypto";

import { describeConfig, type Config } from "../config.ts";
import type { Database } from "../db/database.ts";
import { appendAudit, canonicalJson, type AuditEntry, type AuditValue } from "./auditLog.ts";

/** sha256 (hex) of the redacted configuration's canonical JSON. */
export function configHash(config: Config): string {
  const redacted = JSON.parse(JSON.stringify(describeConfig(config))) as AuditValue;
  return createHash("sha256").update(canonicalJson(redacted)).digest("hex");
}

/**
 * Appends the `config.loaded` entry of this start.
 *
 * @param actor - Who started the service, e.g. "operator:0x…".
 */
export async function recordConfigLoaded(db: Database, config: Config, actor: string): Promise<AuditEntry> {
  const hash = configHash(config);
  return db.transaction(async (tx) => {
    const [previous] = await tx.query<{ data: { hash?: string } }>(
      "SELECT data FROM audit_log WHERE action = 'config.loaded' ORDER BY seq DESC LIMIT 1",
    );
    return appendAudit(tx, {
      actor,
      action: "config.loaded",
      data: { hash, changed: previous !== undefined && previous.data.hash !== hash, first: previous === undefined },
    });
  });
}
