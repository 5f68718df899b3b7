/**
 * Building a revenue report: the campaign's catalog lines of the period (leaves.ts), their Merkle tree, the
 * oracle's `Report` (gross revenue = Σ campaignAmount, statementRoot = the tree's root, sequence = the campaign's
 * last on-chain sequence + 1) and its EIP-712 digest, stored with its leaves. The same statements and catalog give
 * every operator the same digest. A report the oracle would refuse is not built.
 */
import type { ServiceContext } from "../api/context.ts";
import { appendAudit } from "../audit/auditLog.ts";
import { chainNow, readOracleCampaign, readSettlementTerms } from "./chainReads.ts";
import { collectLeaves, storeLeaves } from "./leaves.ts";
import { checkReportPeriod } from "./period.ts";
import { reportDigest, type ReportMessage } from "./reportTypedData.ts";
import { findReportByDigest, REPORT_COLUMNS, toReport, type StoredReport } from "./reportStore.ts";
import { RequestError } from "./requestError.ts";
import { buildTree, cacheTree } from "./treeCache.ts";

/** What to build. */
export interface BuildReportParameters {
  campaignId: bigint;
  /** Unix seconds (UTC), inclusive. */
  periodStart: bigint;
  /** Unix seconds (UTC), exclusive. */
  periodEnd: bigint;
}

/** The built (or already stored) report. */
export interface BuildReportReturnType {
  report: StoredReport;
  /** False when an identical report (same digest) was stored before. */
  created: boolean;
  /** Time spent on the Merkle tree (ms). */
  treeMs: number;
}

/** Largest amount due the oracle accepts (uint96). */
const MAX_AMOUNT_DUE = 2n ** 96n - 1n;

/**
 * Builds and stores the report of `campaignId` over `[periodStart, periodEnd)`.
 *
 * @throws {RequestError} 404 unknown campaign; 409/422 when the oracle would refuse the period (see period.ts);
 *   422 when the campaign has no catalog lines in the period or the amount due would overflow the oracle.
 */
export async function buildReport(
  context: ServiceContext,
  parameters: BuildReportParameters,
): Promise<BuildReportReturnType> {
  const { campaignId, periodStart, periodEnd } = parameters;
  const { chain, db } = context;
  const [terms, oracle, now, block] = await Promise.all([
    readSettlementTerms(context, campaignId),
    readOracleCampaign(context, campaignId),
    chainNow(context),
    chain.publicClient.getBlockNumber(),
  ]);
  checkReportPeriod({ campaignId, periodStart, periodEnd, terms, oracle, now });

  const leaves = await collectLeaves(db, campaignId, periodStart, periodEnd);
  if (leaves.length === 0) {
    throw new RequestError(
      422,
      "NoLines",
      `no imported statement line of campaign ${campaignId}'s catalog falls in [${periodStart}, ${periodEnd})`,
    );
  }
  const started = performance.now();
  const tree = buildTree(leaves);
  const treeMs = performance.now() - started;
  const grossRevenue = leaves.reduce((sum, leaf) => sum + BigInt(leaf[5]), 0n);
  const amountDue = (grossRevenue * BigInt(terms.revenueShareBps)) / 10_000n;
  if (amountDue > MAX_AMOUNT_DUE) {
    throw new RequestError(422, "AmountTooLarge", `amount due ${amountDue} exceeds the oracle's limit (2**96 - 1)`);
  }
  const message: ReportMessage = {
    campaignId,
    periodStart,
    periodEnd,
    grossRevenue,
    statementRoot: tree.root,
    sequence: oracle.lastSequence + 1n,
  };
  const digest = reportDigest(chain.chain.id, chain.deployment.RevenueOracle, message);
  cacheTree(digest, tree, leaves);

  const existing = await findReportByDigest(db, digest);
  if (existing !== undefined) return { report: existing, created: false, treeMs };
  const report = await db.transaction(async (tx) => {
    const [row] = await tx.query<Parameters<typeof toReport>[0]>(
      `INSERT INTO reports (campaign_id, period_start, period_end, gross_revenue, statement_root, sequence, digest,
         leaf_count, built_block, status)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'built')
       ON CONFLICT (digest) DO NOTHING RETURNING ${REPORT_COLUMNS}`,
      [
        campaignId.toString(),
        periodStart.toString(),
        periodEnd.toString(),
        grossRevenue.toString(),
        message.statementRoot,
        message.sequence.toString(),
        digest,
        leaves.length,
        block.toString(),
      ],
    );
    if (row === undefined) return undefined; // built concurrently by another request
    const stored = toReport(row);
    await storeLeaves(tx, stored.id, leaves);
    await appendAudit(tx, {
      actor: `operator:${context.chain.account.address}`,
      action: "report.built",
      subject: `campaign:${campaignId}`,
      data: {
        report: stored.id.toString(),
        digest,
        sequence: message.sequence.toString(),
        grossRevenue: grossRevenue.toString(),
      },
    });
    return stored;
  });
  if (report === undefined) {
    const concurrent = await findReportByDigest(db, digest);
    if (concurrent === undefined) throw new Error(`report ${digest} vanished while being built`);
    return { report: concurrent, created: false, treeMs };
  }
  return { report, created: true, treeMs };
}
