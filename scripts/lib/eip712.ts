/**
 * The EIP-712 data the Encore contracts verify, in one place for scripts, bench and tests: revenue reports
 * (`RevenueOracle.REPORT_TYPEHASH`) and the country codes of `ComplianceRegistry`.
 */
import {
  hexlify,
  toUtf8Bytes,
  type BigNumberish,
  type BytesLike,
  type TypedDataDomain,
  type TypedDataField,
} from "ethers";

/** EIP-712 types of a revenue report, as `RevenueOracle.REPORT_TYPEHASH` defines them. */
export const REPORT_TYPES: Record<string, TypedDataField[]> = {
  Report: [
    { name: "campaignId", type: "uint256" },
    { name: "periodStart", type: "uint64" },
    { name: "periodEnd", type: "uint64" },
    { name: "grossRevenue", type: "uint256" },
    { name: "statementRoot", type: "bytes32" },
    { name: "sequence", type: "uint64" },
  ],
};

/** A revenue report (`IRevenueOracle.Report`). */
export interface RevenueReport {
  campaignId: BigNumberish;
  periodStart: BigNumberish;
  periodEnd: BigNumberish;
  grossRevenue: BigNumberish;
  statementRoot: BytesLike;
  sequence: BigNumberish;
}

/** Anything that signs typed data and has an address (an ethers `Wallet` or `HDNodeWallet`). */
export interface TypedDataSigner {
  address: string;
  signTypedData(
    domain: TypedDataDomain,
    types: Record<string, TypedDataField[]>,
    value: Record<string, unknown>,
  ): Promise<string>;
}

/** The oracle's EIP-712 domain: bound to one chain and one deployment. */
export function reportDomain(chainId: bigint, oracle: string): TypedDataDomain {
  return { name: "Encore RevenueOracle", version: "1", chainId, verifyingContract: oracle };
}

/**
 * Signs `report` with every signer and returns the signatures sorted by signer address (the order `submitReport`
 * requires; it also rejects duplicates).
 */
export async function signReport(
  report: RevenueReport,
  signers: readonly TypedDataSigner[],
  domain: TypedDataDomain,
): Promise<string[]> {
  const sorted = [...signers].sort((a, b) => (BigInt(a.address) < BigInt(b.address) ? -1 : 1));
  return Promise.all(sorted.map((signer) => signer.signTypedData(domain, REPORT_TYPES, { ...report })));
}

/**
 * ISO 3166-1 alpha-2 code (e.g. `US`) as the `bytes2` `ComplianceRegistry` stores.
 *
 * @throws When `code` is not two upper-case letters.
 */
export function countryCode(code: string): string {
  if (!/^[A-Z]{2}$/.test(code)) throw new Error(`country code "${code}" is not two upper-case letters (ISO 3166-1)`);
  return hexlify(toUtf8Bytes(code));
}
