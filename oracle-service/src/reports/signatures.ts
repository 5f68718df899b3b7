/**
 * Operator signatures of report digests: this operator's own and those its peers send. A signature is stored only
 * after it is checked: well-formed (65 bytes, v 27/28, low s — what the oracle's ECDSA accepts), recovering to the
 * claimed signer, that signer a registered operator on chain, and the digest one of the reports this service built
 * itself (so a peer can never make this service hold a signature over something it did not compute).
 */
import { getAddress, hexToBigInt, isAddressEqual, recoverAddress, size, slice, type Address, type Hex } from "viem";

import type { ServiceContext } from "../api/context.ts";
import type { Queryable } from "../db/database.ts";
import { isOperator } from "./chainReads.ts";
import { findReportByDigest } from "./reportStore.ts";
import { RequestError } from "./requestError.ts";

/** A signer and its 65-byte signature. */
export interface OperatorSignature {
  signer: Address;
  signature: Hex;
}

/** Half the secp256k1 order: a valid `s` is at most this (EIP-2). */
const HALF_ORDER = 0x7fffffffffffffffffffffffffffffff5d576e7357a4501ddfe92f46681b20a0n;

/**
 * Checks that `signature` is a 65-byte, low-s, v 27/28 signature of `digest` and returns its signer.
 *
 * @throws {RequestError} 400 when it is malformed or does not recover.
 */
export async function recoverSigner(digest: Hex, signature: Hex): Promise<Address> {
  if (!/^0x[0-9a-fA-F]{130}$/.test(signature) || size(signature) !== 65) {
    throw new RequestError(400, "InvalidSignature", "a signature is 65 bytes (r, s, v) in hex");
  }
  const v = Number(hexToBigInt(slice(signature, 64, 65)));
  const s = hexToBigInt(slice(signature, 32, 64));
  if ((v !== 27 && v !== 28) || s > HALF_ORDER || s === 0n) {
    throw new RequestError(400, "InvalidSignature", "the signature's v must be 27 or 28 and its s in the lower half");
  }
  try {
    return await recoverAddress({ hash: digest, signature });
  } catch {
    throw new RequestError(400, "InvalidSignature", "the signature does not recover to an address");
  }
}

/** Stores a verified signature; returns whether it is new. */
export async function storeSignature(db: Queryable, digest: Hex, signature: OperatorSignature): Promise<boolean> {
  const rows = await db.query(
    `INSERT INTO report_signatures (digest, signer, signature) VALUES ($1, $2, $3)
     ON CONFLICT (digest, signer) DO NOTHING RETURNING signer`,
    [digest.toLowerCase(), getAddress(signature.signer), signature.signature.toLowerCase()],
  );
  return rows.length > 0;
}

/**
 * Verifies a peer's signature of report `digest` and stores it (idempotent).
 *
 * @returns The signature and whether it was new.
 * @throws {RequestError} 404 when this service has not built that report (yet: the peer retries), 400 for a bad
 *   signature or one that does not recover to `signer`, 403 when the signer is not an operator.
 */
export async function acceptSignature(
  context: ServiceContext,
  digest: Hex,
  claimed: OperatorSignature,
): Promise<OperatorSignature & { created: boolean }> {
  const report = await findReportByDigest(context.db, digest);
  if (report === undefined) {
    throw new RequestError(404, "UnknownReport", `this operator has not built report ${digest} (yet); retry later`);
  }
  const signer = await recoverSigner(report.digest, claimed.signature);
  if (!isAddressEqual(signer, claimed.signer)) {
    throw new RequestError(400, "InvalidSignature", `the signature recovers to ${signer}, not ${claimed.signer}`);
  }
  if (!(await isOperator(context, signer))) {
    throw new RequestError(403, "NotOperator", `${signer} is not a registered oracle operator`);
  }
  const created = await storeSignature(context.db, report.digest, { signer, signature: claimed.signature });
  return { signer, signature: claimed.signature.toLowerCase() as Hex, created };
}

/** The stored signatures of `digest`, sorted by signer address (the order `submitReport` wants). */
export async function listSignatures(db: Queryable, digest: Hex): Promise<OperatorSignature[]> {
  const rows = await db.query<{ signer: string; signature: string }>(
    "SELECT signer, signature FROM report_signatures WHERE digest = $1",
    [digest.toLowerCase()],
  );
  return rows
    .map((row) => ({ signer: getAddress(row.signer), signature: row.signature as Hex }))
    .sort((a, b) => (hexToBigInt(a.signer) < hexToBigInt(b.signer) ? -1 : 1));
}
