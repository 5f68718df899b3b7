/**
 * The oracle service's catalog (oracle-service/src/api/routes/catalog.ts), seen from the dApp: read a campaign's
 * ISRC entries (`GET /campaigns/:id/catalog`) and register one the artist signed (`POST /catalog`). The EIP-712 typed
 * data is the service's own module (`CatalogEntry`, domain "Encore Catalog" v1 bound to the chain and the hub), so
 * what the wallet signs is what the service verifies; the signature is the only authority, so the request carries
 * no credential.
 */
import type { Address, Hex } from "viem";

import type { CatalogEntryMessage } from "../../../oracle-service/src/catalog/catalogTypedData.ts";

export { catalogTypedData } from "../../../oracle-service/src/catalog/catalogTypedData.ts";

/** A claim as the artist signs it (the service's own type). */
export type CatalogClaim = CatalogEntryMessage;

/** An entry the service stores, as its JSON gives it. */
export interface CatalogEntryView {
  id: string;
  isrc: string;
  campaignId: string;
  shareBps: number;
  artist: Address;
  registeredAt: string;
}

/** The service answered with a refusal (4xx/5xx): its short code (e.g. `IsrcClaimed`) and message. */
export class ServiceRefusal extends Error {
  /** The service's machine-readable reason. */
  readonly code: string;
  /** HTTP status. */
  readonly status: number;

  constructor(status: number, code: string, message: string) {
    super(message);
    this.name = "ServiceRefusal";
    this.status = status;
    this.code = code;
  }
}

/** The service could not be reached at all (down, wrong URL, CORS refused). */
export class ServiceUnreachable extends Error {
  constructor(url: string, cause: unknown) {
    super(`the oracle service at ${url} cannot be reached`, { cause });
    this.name = "ServiceUnreachable";
  }
}

async function call<T>(url: string, init?: RequestInit): Promise<T> {
  let response: Response;
  try {
    response = await fetch(url, init);
  } catch (error) {
    throw new ServiceUnreachable(url, error);
  }
  const body = (await response.json().catch(() => ({}))) as { error?: string; message?: string };
  if (!response.ok) {
    throw new ServiceRefusal(response.status, body.error ?? String(response.status), body.message ?? "");
  }
  return body as T;
}

/** The catalog entries of each campaign, by campaign id (one request per campaign). */
export async function readCampaignCatalogs(
  serviceUrl: string,
  campaignIds: readonly bigint[],
): Promise<Map<bigint, CatalogEntryView[]>> {
  const answers = await Promise.all(
    campaignIds.map((id) => call<{ entries: CatalogEntryView[] }>(`${serviceUrl}/campaigns/${id}/catalog`)),
  );
  return new Map(campaignIds.map((id, index) => [id, answers[index].entries] as const));
}

/**
 * Posts a signed claim.
 *
 * @returns The stored entry.
 * @throws {ServiceRefusal} When the service refuses it; {@link ServiceUnreachable} when it does not answer.
 */
export function postCatalogEntry(serviceUrl: string, claim: CatalogClaim, signature: Hex): Promise<CatalogEntryView> {
  return call<CatalogEntryView>(`${serviceUrl}/catalog`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      isrc: claim.isrc,
      campaignId: claim.campaignId.toString(),
      shareBps: claim.shareBps,
      nonce: claim.nonce.toString(),
      deadline: claim.deadline.toString(),
      signature,
    }),
  });
}
