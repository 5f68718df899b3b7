/**
 * Catalog routes: `POST /catalog` registers an artist-signed ISRC → campaign claim (public: the signature is the
 * authority) and forwards it to the peers; `GET /catalog/:isrc` and `GET /campaigns/:campaignId/catalog` read.
 */
import Type, { type Static } from "typebox";

import { catalogByCampaign, catalogByIsrc, pushCatalogEntry, registerCatalogEntry } from "../../catalog/catalog.ts";
import type { CatalogEntry } from "../../catalog/catalog.ts";
import { normalizeIsrc } from "../../catalog/isrc.ts";
import type { App, ServiceContext } from "../context.ts";
import { AddressString, Bytes32String, ErrorBody, HexString, UintString } from "../schemas.ts";
import { IdString } from "./reports.ts";

/** A signed catalog claim (request body). */
export const CatalogEntryBody = Type.Object(
  {
    isrc: Type.String({ pattern: "^[A-Z]{2}[A-Z0-9]{3}[0-9]{7}$", description: "canonical 12-character ISRC" }),
    campaignId: IdString,
    shareBps: Type.Integer({ minimum: 1, maximum: 10_000, description: "share of the track's revenue, bps" }),
    nonce: UintString,
    deadline: UintString,
    signature: Type.String({ pattern: "^0x[0-9a-fA-F]{130}$", description: "artist's EIP-712 signature" }),
  },
  { additionalProperties: false },
);

/** A stored catalog entry (response). */
export const CatalogEntryView = Type.Object({
  id: UintString,
  isrc: Type.String(),
  campaignId: UintString,
  shareBps: Type.Integer(),
  artist: AddressString,
  nonce: UintString,
  deadline: UintString,
  signature: HexString,
  digest: Bytes32String,
  registeredAt: Type.String({ format: "date-time" }),
});

/** The JSON view of an entry. */
export function catalogEntryView(entry: CatalogEntry): Static<typeof CatalogEntryView> {
  return {
    id: entry.id.toString(),
    isrc: entry.isrc,
    campaignId: entry.campaignId.toString(),
    shareBps: entry.shareBps,
    artist: entry.artist,
    nonce: entry.nonce.toString(),
    deadline: entry.deadline.toString(),
    signature: entry.signature,
    digest: entry.digest,
    registeredAt: entry.registeredAt.toISOString(),
  };
}

/** Registers the catalog routes. */
export function catalogRoutes(app: App, context: ServiceContext): void {
  app.post(
    "/catalog",
    {
      // Open to pages on any origin (api/cors.ts): the entry's only authority is the artist's EIP-712 signature in
      // the body (bound to the chain and hub, nonce used once, deadline); no cookie or API key is involved, so a page
      // elsewhere can do nothing a script relaying the same signed body could not already do.
      config: { crossOrigin: true },
      schema: {
        tags: ["catalog"],
        summary: "Register an ISRC → campaign claim signed by the campaign's artist",
        body: CatalogEntryBody,
        response: {
          201: CatalogEntryView,
          400: ErrorBody,
          403: ErrorBody,
          404: ErrorBody,
          409: ErrorBody,
          422: ErrorBody,
        },
      },
    },
    async (request, reply) => {
      const body = request.body;
      const entry = await registerCatalogEntry(context, {
        isrc: body.isrc,
        campaignId: BigInt(body.campaignId),
        shareBps: body.shareBps,
        nonce: BigInt(body.nonce),
        deadline: BigInt(body.deadline),
        signature: body.signature as `0x${string}`,
      });
      // Peers verify the same signature themselves; failures are logged by the push.
      void pushCatalogEntry(context, entry, request.log);
      return reply.code(201).send(catalogEntryView(entry));
    },
  );

  app.get(
    "/catalog/:isrc",
    {
      config: { readCache: true },
      schema: {
        tags: ["catalog"],
        summary: "Campaigns that own a share of an ISRC",
        params: Type.Object({ isrc: Type.String({ maxLength: 20 }) }),
        response: {
          200: Type.Object({
            isrc: Type.String(),
            totalShareBps: Type.Integer(),
            entries: Type.Array(CatalogEntryView),
          }),
          400: ErrorBody,
        },
      },
    },
    async (request) => {
      const isrc = normalizeIsrc(request.params.isrc);
      const entries = await catalogByIsrc(context.db, isrc);
      return {
        isrc,
        totalShareBps: entries.reduce((sum, entry) => sum + entry.shareBps, 0),
        entries: entries.map(catalogEntryView),
      };
    },
  );

  app.get(
    "/campaigns/:campaignId/catalog",
    {
      config: { readCache: true },
      schema: {
        tags: ["catalog"],
        summary: "A campaign's tracks and shares",
        params: Type.Object({ campaignId: IdString }),
        response: {
          200: Type.Object({ campaignId: UintString, entries: Type.Array(CatalogEntryView) }),
          400: ErrorBody,
        },
      },
    },
    async (request) => {
      const campaignId = BigInt(request.params.campaignId);
      const entries = await catalogByCampaign(context.db, campaignId);
      return { campaignId: campaignId.toString(), entries: entries.map(catalogEntryView) };
    },
  );
}
