/**
 * ISRC registration: the artist signs a `CatalogEntry` (EIP-712) with the wallet and the dApp posts it to the
 * oracle service, which checks the signer is the campaign's artist on chain.
 */
import type { Address } from "viem";
import type { Config } from "wagmi";
import { signTypedData } from "wagmi/actions";

import { catalogTypedData, postCatalogEntry, type CatalogEntryView } from "../data/catalogService.ts";

/** What the artist waits for: the wallet's signature, then the service's answer. */
export type CatalogPhase = "signing" | "sending";

/** Seconds the signed claim stays valid (the service checks it against its own clock). */
const CLAIM_LIFETIME = 3_600n;

/** What {@link registerIsrc} needs. */
export interface RegisterIsrcParameters {
  serviceUrl: string;
  chainId: number;
  hub: Address;
  account: Address;
  /** Canonical ISRC. */
  isrc: string;
  campaignId: bigint;
  shareBps: number;
  onPhase: (phase: CatalogPhase) => void;
}

/** A random 128-bit nonce: the service accepts each (artist, nonce) pair once. */
function randomNonce(): bigint {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return BigInt(`0x${Array.from(bytes, (byte) => byte.toString(16).padStart(2, "0")).join("")}`);
}

/**
 * Signs the claim and registers it.
 *
 * @returns The entry the service stored.
 * @throws The wallet's rejection, or the service's `ServiceRefusal` / `ServiceUnreachable`.
 */
export async function registerIsrc(config: Config, p: RegisterIsrcParameters): Promise<CatalogEntryView> {
  const deadline = BigInt(Math.floor(Date.now() / 1000)) + CLAIM_LIFETIME;
  const claim = { isrc: p.isrc, campaignId: p.campaignId, shareBps: p.shareBps, nonce: randomNonce(), deadline };
  p.onPhase("signing");
  const signature = await signTypedData(config, {
    account: p.account,
    ...catalogTypedData(p.chainId, p.hub, claim),
  });
  p.onPhase("sending");
  return postCatalogEntry(p.serviceUrl, claim, signature);
}
