/**
 * This operator's signature of a report it built, and the exchange of signatures with peers: pushing ours to every
 * peer (`POST /reports/:digest/signatures`, retried with backoff) and pulling theirs (`GET`, each verified before
 * it is stored). Only stored reports are signed, and only after their digest is recomputed from the stored fields:
 * nothing else can be put in front of the operator key.
 */
import type { Hex } from "viem";

import type { ServiceContext } from "../api/context.ts";
import { appendAudit } from "../audit/auditLog.ts";
import { isOperator } from "./chainReads.ts";
import { getFromPeer, postToPeers, type PeerLogger, type PeerOutcome, type PostToPeersOptions } from "./peers.ts";
import { reportDigest, reportTypedData } from "./reportTypedData.ts";
import { getReport, reportMessage, updateReportStatus, type StoredReport } from "./reportStore.ts";
import { RequestError } from "./requestError.ts";
import { acceptSignature, listSignatures, storeSignature, type OperatorSignature } from "./signatures.ts";

/** A signed report. */
export interface SignReportReturnType {
  report: StoredReport;
  signature: OperatorSignature;
}

/**
 * Signs stored report `reportId` with this operator's key and stores the signature (signing again returns the
 * stored one).
 *
 * @throws {RequestError} 404 unknown report; 409 when this service's account is not an operator.
 */
export async function signReport(context: ServiceContext, reportId: bigint): Promise<SignReportReturnType> {
  const { chain, db } = context;
  let report = await getReport(db, reportId);
  const message = reportMessage(report);
  const digest = reportDigest(chain.chain.id, chain.deployment.RevenueOracle, message);
  if (digest !== report.digest) {
    throw new Error(`report ${reportId}: stored digest ${report.digest} does not match its fields (${digest})`);
  }
  const signer = chain.account.address;
  const existing = (await listSignatures(db, digest)).find((signature) => signature.signer === signer);
  if (existing !== undefined) return { report, signature: existing };
  if (!(await isOperator(context, signer))) {
    throw new RequestError(409, "NotOperator", `this service's account ${signer} is not a registered operator`);
  }
  const signature = await chain.walletClient.signTypedData({
    account: chain.account,
    ...reportTypedData(chain.chain.id, chain.deployment.RevenueOracle, message),
  });
  report = await db.transaction(async (tx) => {
    await storeSignature(tx, digest, { signer, signature });
    const signed = report.status === "built" ? await updateReportStatus(tx, report.id, { status: "signed" }) : report;
    // Last in the transaction: it then never waits for another lock while holding the audit log's.
    await appendAudit(tx, {
      actor: `operator:${signer}`,
      action: "report.signed",
      subject: `campaign:${report.campaignId}`,
      data: { report: report.id.toString(), digest },
    });
    return signed;
  });
  return { report, signature: { signer, signature } };
}

/** Sends `signature` of `digest` to every peer; a peer that has not built the report yet (404) is retried. */
export async function pushSignature(
  context: ServiceContext,
  digest: Hex,
  signature: OperatorSignature,
  options: Omit<PostToPeersOptions, "retryStatuses"> = {},
): Promise<PeerOutcome[]> {
  return postToPeers(context.config.peers, `/reports/${digest}/signatures`, signature, {
    ...options,
    retryStatuses: [404, 409],
  });
}

/**
 * Fetches the peers' signatures of `digest` and stores each valid one (invalid ones are logged and dropped).
 *
 * @returns How many new signatures were stored.
 */
export async function pullSignatures(context: ServiceContext, digest: Hex, logger?: PeerLogger): Promise<number> {
  let added = 0;
  for (const peer of context.config.peers) {
    const body = (await getFromPeer(peer, `/reports/${digest}/signatures`, { logger })) as
      | { signatures?: { signer?: unknown; signature?: unknown }[] }
      | undefined;
    for (const item of body?.signatures ?? []) {
      if (typeof item.signer !== "string" || typeof item.signature !== "string") continue;
      try {
        const stored = await acceptSignature(context, digest, {
          signer: item.signer as Hex,
          signature: item.signature as Hex,
        });
        if (stored.created) added++;
      } catch (error) {
        logger?.warn({ peer, digest, error: (error as Error).message }, "peer sent a signature that was refused");
      }
    }
  }
  return added;
}
