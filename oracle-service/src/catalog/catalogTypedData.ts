/**
 * EIP-712 typed data of a catalog claim: the campaign's artist signs `CatalogEntry` with their wallet. The domain is
 * bound to the chain and the hub, so a claim signed for one deployment is worthless on another.
 */
import { hashTypedData, type Address, type Hex } from "viem";

/** EIP-712 domain name of catalog claims. */
export const CATALOG_DOMAIN_NAME = "Encore Catalog";

/** EIP-712 types of a catalog claim. */
export const CATALOG_TYPES = {
  CatalogEntry: [
    { name: "isrc", type: "string" },
    { name: "campaignId", type: "uint256" },
    { name: "shareBps", type: "uint16" },
    { name: "nonce", type: "uint256" },
    { name: "deadline", type: "uint64" },
  ],
} as const;

/** A catalog claim as signed: the ISRC in canonical form, the share in basis points, a unix-seconds deadline. */
export interface CatalogEntryMessage {
  isrc: string;
  campaignId: bigint;
  shareBps: number;
  nonce: bigint;
  deadline: bigint;
}

/** The catalog's EIP-712 domain on chain `chainId` for hub `hub`. */
export function catalogDomain(chainId: number, hub: Address) {
  return { name: CATALOG_DOMAIN_NAME, version: "1", chainId, verifyingContract: hub } as const;
}

/** Everything viem's typed-data functions take for `entry`. */
export function catalogTypedData(chainId: number, hub: Address, entry: CatalogEntryMessage) {
  return {
    domain: catalogDomain(chainId, hub),
    types: CATALOG_TYPES,
    primaryType: "CatalogEntry" as const,
    message: entry,
  };
}

/** EIP-712 digest of `entry`. */
export function catalogDigest(chainId: number, hub: Address, entry: CatalogEntryMessage): Hex {
  return hashTypedData(catalogTypedData(chainId, hub, entry));
}

/** Something that signs typed data with a known address (a viem `LocalAccount`). */
export interface TypedDataAccount {
  address: Address;
  signTypedData(parameters: ReturnType<typeof catalogTypedData>): Promise<Hex>;
}

/** Signs `entry` as the artist `account` (the CLI and tests; the service itself never signs catalog entries). */
export async function signCatalogEntry(
  account: TypedDataAccount,
  chainId: number,
  hub: Address,
  entry: CatalogEntryMessage,
): Promise<Hex> {
  return account.signTypedData(catalogTypedData(chainId, hub, entry));
}
