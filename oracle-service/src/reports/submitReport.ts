/**
 * Submission: once the stored signatures of a report reach the oracle's threshold (counting only signers that are
 * operators now), `submitReport(report, signatures sorted by signer)` is simulated and, when it would succeed,
 * queued in the durable outbox under the key `submitReport:<digest>` (so asking twice queues one transaction).
 */
import { encodeFunctionData, type Hex } from "viem";

import type { ServiceContext } from "../api/context.ts";
import { simulateCall } from "../chain/actions/simulateCall.ts";
import { abis } from "../chain/contracts.ts";
import { enqueueTransaction } from "../outbox/outbox.ts";
import { isOperator, readThreshold } from "./chainReads.ts";
import { reportMessage, updateReportStatus, type StoredReport } from "./reportStore.ts";
import { RequestError } from "./requestError.ts";
import { listSignatures, type OperatorSignature } from "./signatures.ts";
import { syncReportStatus } from "./syncStatus.ts";

/** What {@link submitReport} did. */
export interface SubmitReportReturnType {
  /** `queued`: in the outbox now or before; `waiting`: not enough signatures; `submitted`: already on chain. */
  state: "queued" | "waiting" | "submitted";
  report: StoredReport;
  threshold: number;
  /** Valid signatures held (signers that are operators now). */
  signatures: number;
  /** Signatures still needed (0 unless waiting). */
  missing: number;
  /** Outbox entry id, when queued. */
  outboxId?: bigint;
}

/** The outbox idempotency key of report `digest`'s submission. */
export function submissionKey(digest: Hex): string {
  return `submitReport:${digest}`;
}

/** The signatures of `report` whose signers are operators now, sorted by signer. */
export async function validSignatures(context: ServiceContext, report: StoredReport): Promise<OperatorSignature[]> {
  const all = await listSignatures(context.db, report.digest);
  const operator = await Promise.all(all.map((signature) => isOperator(context, signature.signer)));
  return all.filter((_, index) => operator[index]);
}

/** Calldata of `submitReport(report, signatures)`; the signatures must already be sorted by signer. */
export function encodeSubmitReport(report: StoredReport, signatures: readonly OperatorSignature[]): Hex {
  return encodeFunctionData({
    abi: abis.RevenueOracle,
    functionName: "submitReport",
    args: [reportMessage(report), signatures.map((signature) => signature.signature)],
  });
}

/**
 * Queues report `reportId`'s submission when the threshold is reached.
 *
 * @throws {RequestError} 404 unknown report; 409 when the oracle would refuse the submission now (e.g. the previous
 *   report awaits settlement), naming its error.
 */
export async function submitReport(context: ServiceContext, reportId: bigint): Promise<SubmitReportReturnType> {
  const { chain, db } = context;
  const report = await syncReportStatus(context, reportId);
  const threshold = await readThreshold(context);
  const signatures = await validSignatures(context, report);
  const base = { report, threshold, signatures: signatures.length, missing: 0 };
  if (report.status === "submitted" || report.status === "disputed") return { ...base, state: "submitted" };
  // Queued before: the outbox entry is keyed by the digest and carries the signatures chosen then.
  if (report.status === "queued") return { ...base, state: "queued" };
  if (signatures.length < threshold) return { ...base, state: "waiting", missing: threshold - signatures.length };

  const data = encodeSubmitReport(report, signatures.slice(0, threshold));
  const to = chain.deployment.RevenueOracle;
  const simulation = await simulateCall(chain.publicClient, { from: chain.account.address, to, data });
  if (simulation.status === "reverted") {
    throw new RequestError(409, "SubmissionWouldRevert", `the oracle would refuse the report: ${simulation.message}`);
  }
  const label = `submitReport campaign ${report.campaignId} sequence ${report.sequence}`;
  return db.transaction(async (tx) => {
    // The report row first, the outbox entry (and its audit entry, which takes the audit lock) last.
    const queued = await updateReportStatus(tx, report.id, { status: "queued" });
    const entry = await enqueueTransaction(tx, { key: submissionKey(report.digest), to, data, label });
    return { ...base, report: queued, state: "queued" as const, outboxId: entry.id };
  });
}
