/**
 * The EIP-712 `Report` the RevenueOracle verifies (`REPORT_TYPEHASH`, domain "Encore RevenueOracle" version "1"
 * bound to the chain and the oracle's address): the service's one definition, mirroring scripts/lib/eip712.ts.
 */
import { hashTypedData, type Address, type Hex } from "viem";

/** EIP-712 types of a revenue report, as `RevenueOracle.REPORT_TYPEHASH` defines them. */
export const REPORT_TYPES = {
  Report: [
    { name: "campaignId", type: "uint256" },
    { name: "periodStart", type: "uint64" },
    { name: "periodEnd", type: "uint64" },
    { name: "grossRevenue", type: "uint256" },
    { name: "statementRoot", type: "bytes32" },
    { name: "sequence", type: "uint64" },
  ],
} as const;

/** A revenue report (`IRevenueOracle.Report`). */
export interface ReportMessage {
  campaignId: bigint;
  periodStart: bigint;
  periodEnd: bigint;
  grossRevenue: bigint;
  statementRoot: Hex;
  sequence: bigint;
}

/** The oracle's EIP-712 domain on chain `chainId`. */
export function reportDomain(chainId: number, oracle: Address) {
  return { name: "Encore RevenueOracle", version: "1", chainId, verifyingContract: oracle } as const;
}

/** Everything viem's typed-data functions take for `report`. */
export function reportTypedData(chainId: number, oracle: Address, report: ReportMessage) {
  return {
    domain: reportDomain(chainId, oracle),
    types: REPORT_TYPES,
    primaryType: "Report" as const,
    message: report,
  };
}

/** The digest operators sign for `report` (equals `RevenueOracle.hashReport(report)`). */
export function reportDigest(chainId: number, oracle: Address, report: ReportMessage): Hex {
  return hashTypedData(reportTypedData(chainId, oracle, report));
}
