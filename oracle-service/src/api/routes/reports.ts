/**
 * Report routes. Operator routes (API key): build, sign, submit. Peer route (the signature is the authority):
 * `POST /reports/:digest/signatures`. Public reads: a report, its signatures, its lines and each line's Merkle
 * proof, a campaign's reports.
 */
import Type, { type Static } from "typebox";
import type { Hex } from "viem";

import { buildReport } from "../../reports/buildReport.ts";
import { LEAF_ENCODING, leafOf, readLeaves, type Leaf } from "../../reports/leaves.ts";
import { parseTime } from "../../reports/period.ts";
import { findReportByDigest, getReport, listCampaignReports, type StoredReport } from "../../reports/reportStore.ts";
import { RequestError } from "../../reports/requestError.ts";
import { acceptSignature, listSignatures } from "../../reports/signatures.ts";
import { pushSignature, signReport } from "../../reports/signReport.ts";
import { submitReport } from "../../reports/submitReport.ts";
import { leafProof } from "../../reports/treeCache.ts";
import { requireApiKey } from "../auth.ts";
import type { App, ServiceContext } from "../context.ts";
import { memoize } from "../readCache.ts";
import { AddressString, Bytes32String, ErrorBody, HexString, UintString } from "../schemas.ts";

/** A campaign or report id (the oracle stores them in 48 bits; at most 15 digits). */
export const IdString = Type.String({ pattern: "^[0-9]{1,15}$", description: "id, decimal string" });

/** A time as operators type it: unix seconds, `YYYY-MM-DD` (UTC) or an ISO date-time with zone. */
const TimeString = Type.String({ minLength: 1, maxLength: 40, description: "unix seconds, YYYY-MM-DD or ISO 8601" });

/** A stored report (response). */
export const ReportView = Type.Object({
  id: UintString,
  campaignId: UintString,
  periodStart: UintString,
  periodEnd: UintString,
  grossRevenue: UintString,
  statementRoot: Bytes32String,
  sequence: UintString,
  digest: Bytes32String,
  leafCount: UintString,
  leafEncoding: Type.Array(Type.String()),
  status: Type.Union([
    Type.Literal("built"),
    Type.Literal("signed"),
    Type.Literal("queued"),
    Type.Literal("submitted"),
    Type.Literal("disputed"),
  ]),
  onchainReportId: Type.Union([UintString, Type.Null()]),
  onchainStatus: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String({ format: "date-time" }),
  updatedAt: Type.String({ format: "date-time" }),
});

/** An operator signature (request body and response item). */
export const SignatureBody = Type.Object(
  { signer: AddressString, signature: Type.String({ pattern: "^0x[0-9a-fA-F]{130}$" }) },
  { additionalProperties: false },
);

/** A report leaf with named fields (response). */
const LeafView = Type.Object({
  statementHash: Bytes32String,
  lineNo: Type.Integer(),
  isrc: Type.String(),
  amountUnits: UintString,
  shareBps: Type.Integer(),
  campaignAmount: UintString,
});

const ReportParams = Type.Object({ reportId: IdString });
const DigestParams = Type.Object({ digest: Bytes32String });

/** The JSON view of a report. */
export function reportView(report: StoredReport): Static<typeof ReportView> {
  return {
    id: report.id.toString(),
    campaignId: report.campaignId.toString(),
    periodStart: report.periodStart.toString(),
    periodEnd: report.periodEnd.toString(),
    grossRevenue: report.grossRevenue.toString(),
    statementRoot: report.statementRoot,
    sequence: report.sequence.toString(),
    digest: report.digest,
    leafCount: report.leafCount.toString(),
    leafEncoding: LEAF_ENCODING,
    status: report.status,
    onchainReportId: report.onchainReportId?.toString() ?? null,
    onchainStatus: report.onchainStatus,
    createdAt: report.createdAt.toISOString(),
    updatedAt: report.updatedAt.toISOString(),
  };
}

function leafView(leaf: Leaf): Static<typeof LeafView> {
  return { ...leaf, amountUnits: leaf.amountUnits.toString(), campaignAmount: leaf.campaignAmount.toString() };
}

/** Registers the report routes. */
export function reportRoutes(app: App, context: ServiceContext): void {
  const recentReport = memoize(context.config.readCacheMs, (id: bigint) => getReport(context.db, id));
  const operator = { preHandler: requireApiKey(context.db), security: [{ apiKey: [] }] };
  const { preHandler } = operator;

  app.post(
    "/reports",
    {
      preHandler,
      schema: {
        tags: ["reports"],
        summary: "Build the report of a campaign over [periodStart, periodEnd) from the imported statements",
        security: operator.security,
        body: Type.Object(
          { campaignId: IdString, periodStart: TimeString, periodEnd: TimeString },
          { additionalProperties: false },
        ),
        response: {
          200: ReportView,
          201: ReportView,
          400: ErrorBody,
          401: ErrorBody,
          404: ErrorBody,
          409: ErrorBody,
          422: ErrorBody,
        },
      },
    },
    async (request, reply) => {
      const { report, created, treeMs } = await buildReport(context, {
        campaignId: BigInt(request.body.campaignId),
        periodStart: parseTime(request.body.periodStart, "periodStart"),
        periodEnd: parseTime(request.body.periodEnd, "periodEnd"),
      });
      request.log.info({ reportId: String(report.id), leaves: String(report.leafCount), treeMs }, "report built");
      return reply.code(created ? 201 : 200).send(reportView(report));
    },
  );

  app.post(
    "/reports/:reportId/sign",
    {
      preHandler,
      schema: {
        tags: ["reports"],
        summary: "Sign a report this service built with the operator key and send the signature to the peers",
        security: operator.security,
        params: ReportParams,
        response: {
          200: Type.Object({ report: ReportView, signer: AddressString, signature: HexString }),
          400: ErrorBody,
          401: ErrorBody,
          404: ErrorBody,
          409: ErrorBody,
        },
      },
    },
    async (request) => {
      const { report, signature } = await signReport(context, BigInt(request.params.reportId));
      void pushSignature(context, report.digest, signature, { logger: request.log });
      return { report: reportView(report), ...signature };
    },
  );

  app.post(
    "/reports/:reportId/submit",
    {
      preHandler,
      schema: {
        tags: ["reports"],
        summary: "Queue the on-chain submission once the threshold of operator signatures is held",
        security: operator.security,
        params: ReportParams,
        response: {
          200: Type.Object({
            state: Type.Union([Type.Literal("queued"), Type.Literal("waiting"), Type.Literal("submitted")]),
            threshold: Type.Integer(),
            signatures: Type.Integer(),
            missing: Type.Integer(),
            outboxId: Type.Optional(UintString),
            report: ReportView,
          }),
          400: ErrorBody,
          401: ErrorBody,
          404: ErrorBody,
          409: ErrorBody,
        },
      },
    },
    async (request) => {
      const result = await submitReport(context, BigInt(request.params.reportId));
      return { ...result, outboxId: result.outboxId?.toString(), report: reportView(result.report) };
    },
  );

  app.post(
    "/reports/:digest/signatures",
    {
      schema: {
        tags: ["reports"],
        summary: "A peer operator's signature of a report digest (verified before it is stored)",
        params: DigestParams,
        body: SignatureBody,
        response: {
          200: Type.Object({ signer: AddressString, signature: HexString, created: Type.Boolean() }),
          201: Type.Object({ signer: AddressString, signature: HexString, created: Type.Boolean() }),
          400: ErrorBody,
          403: ErrorBody,
          404: ErrorBody,
        },
      },
    },
    async (request, reply) => {
      const stored = await acceptSignature(context, request.params.digest.toLowerCase() as Hex, {
        signer: request.body.signer as Hex,
        signature: request.body.signature as Hex,
      });
      return reply.code(stored.created ? 201 : 200).send(stored);
    },
  );

  app.get(
    "/reports/:digest/signatures",
    {
      schema: {
        tags: ["reports"],
        summary: "The operator signatures this service holds for a report digest, sorted by signer",
        params: DigestParams,
        response: {
          200: Type.Object({ digest: Bytes32String, signatures: Type.Array(SignatureBody) }),
          400: ErrorBody,
          404: ErrorBody,
        },
      },
    },
    async (request) => {
      const digest = request.params.digest.toLowerCase() as Hex;
      if ((await findReportByDigest(context.db, digest)) === undefined) {
        throw new RequestError(404, "UnknownReport", `no report with digest ${digest} here`);
      }
      return { digest, signatures: await listSignatures(context.db, digest) };
    },
  );

  app.get(
    "/reports/:reportId",
    {
      config: { readCache: true },
      schema: {
        tags: ["reports"],
        summary: "A report",
        params: ReportParams,
        response: { 200: ReportView, 400: ErrorBody, 404: ErrorBody },
      },
    },
    async (request) => reportView(await getReport(context.db, BigInt(request.params.reportId))),
  );

  app.get(
    "/campaigns/:campaignId/reports",
    {
      config: { readCache: true },
      schema: {
        tags: ["reports"],
        summary: "A campaign's reports, newest period first",
        params: Type.Object({ campaignId: IdString }),
        response: { 200: Type.Object({ campaignId: UintString, reports: Type.Array(ReportView) }), 400: ErrorBody },
      },
    },
    async (request) => {
      const reports = await listCampaignReports(context.db, BigInt(request.params.campaignId));
      return { campaignId: request.params.campaignId, reports: reports.map(reportView) };
    },
  );

  app.get(
    "/reports/:reportId/lines",
    {
      config: { readCache: true },
      schema: {
        tags: ["reports"],
        summary: "A page of a report's leaves (statement lines), by leaf index",
        params: ReportParams,
        querystring: Type.Object({
          from: Type.Optional(Type.Integer({ minimum: 0, default: 0 })),
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1_000, default: 100 })),
        }),
        response: {
          200: Type.Object({ reportId: UintString, from: Type.Integer(), leaves: Type.Array(LeafView) }),
          400: ErrorBody,
          404: ErrorBody,
        },
      },
    },
    async (request) => {
      const report = await getReport(context.db, BigInt(request.params.reportId));
      const from = request.query.from ?? 0;
      const leaves = await readLeaves(context.db, report.id, from, request.query.limit ?? 100);
      return { reportId: report.id.toString(), from, leaves: leaves.map((values) => leafView(leafOf(values))) };
    },
  );

  app.get(
    "/reports/:reportId/lines/:leafIndex/proof",
    {
      config: { readCache: true },
      schema: {
        tags: ["reports"],
        summary: "A statement line of a report with its Merkle proof against the report's statementRoot",
        params: Type.Object({ reportId: IdString, leafIndex: Type.String({ pattern: "^[0-9]{1,9}$" }) }),
        response: {
          200: Type.Object({
            reportId: UintString,
            digest: Bytes32String,
            onchainReportId: Type.Union([UintString, Type.Null()]),
            root: Bytes32String,
            leafIndex: Type.Integer(),
            leaf: LeafView,
            leafEncoding: Type.Array(Type.String()),
            values: Type.Array(Type.String(), { description: "the leaf as StandardMerkleTree.verify takes it" }),
            proof: Type.Array(Bytes32String),
          }),
          400: ErrorBody,
          404: ErrorBody,
        },
      },
    },
    async (request) => {
      // Every proof of a report's lines needs the report: one read per report per cache period, not per proof.
      const report = await recentReport(BigInt(request.params.reportId));
      const proof = await leafProof(context.db, report, Number(request.params.leafIndex));
      return {
        reportId: report.id.toString(),
        digest: report.digest,
        onchainReportId: report.onchainReportId?.toString() ?? null,
        root: report.statementRoot,
        leafIndex: proof.leafIndex,
        leaf: leafView(proof.leaf),
        leafEncoding: LEAF_ENCODING,
        values: proof.values,
        proof: proof.proof,
      };
    },
  );
}
