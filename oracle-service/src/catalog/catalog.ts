/**
 * The catalog: which campaign owns which share of an ISRC's revenue. An entry is a `CatalogEntry` the campaign's
 * artist signed (EIP-712, see catalogTypedData.ts): the signature is the authority, so anyone may relay it, and
 * operators forward accepted entries to their peers so every operator builds reports from the same catalog.
 *
 * Rules: the signer is the campaign's artist on chain; the deadline has not passed; an (artist, nonce) pair and a
 * signed entry are used once (no replay); one ISRC belongs to one artist (another artist's claim is refused, naming
 * the holder); an ISRC's shares across campaigns total at most 10,000 bps; an (ISRC, campaign) pair is registered
 * once (entries are immutable, so every report over a period sees the same shares).
 */
import { getAddress, recoverTypedDataAddress, type Address, type Hex } from "viem";

import type { ServiceContext } from "../api/context.ts";
import { appendAudit } from "../audit/auditLog.ts";
import type { Queryable } from "../db/database.ts";
import { readSettlementTerms } from "../reports/chainReads.ts";
import { postToPeers, type PeerLogger, type PeerOutcome } from "../reports/peers.ts";
import { RequestError } from "../reports/requestError.ts";
import { catalogDigest, catalogTypedData, type CatalogEntryMessage } from "./catalogTypedData.ts";
import { ISRC_PATTERN, normalizeIsrc } from "./isrc.ts";

/** A signed claim as submitted (`POST /catalog`). */
export interface SignedCatalogEntry extends CatalogEntryMessage {
  signature: Hex;
}

/** A stored catalog entry. */
export interface CatalogEntry extends SignedCatalogEntry {
  id: bigint;
  artist: Address;
  digest: Hex;
  registeredAt: Date;
}

/** Largest total share of one ISRC (100 %). */
export const MAX_TOTAL_SHARE_BPS = 10_000;

interface EntryRow {
  id: bigint;
  isrc: string;
  campaign_id: bigint;
  share_bps: number;
  artist: string;
  nonce: string;
  deadline: bigint;
  signature: string;
  digest: string;
  registered_at: Date;
}

const COLUMNS = "id, isrc, campaign_id, share_bps, artist, nonce, deadline, signature, digest, registered_at";

/**
 * Verifies `entry` and stores it.
 *
 * @param now - Unix seconds to check the deadline against (default: the wall clock).
 * @returns The stored entry.
 * @throws {RequestError} 400 bad ISRC or share, 404 unknown campaign, 403 not signed by the campaign's artist,
 *   422 deadline passed, 409 replay, duplicate, another artist's ISRC, or shares above 100 %.
 */
export async function registerCatalogEntry(
  context: ServiceContext,
  entry: SignedCatalogEntry,
  now: bigint = BigInt(Math.floor(Date.now() / 1000)),
): Promise<CatalogEntry> {
  if (!ISRC_PATTERN.test(entry.isrc)) {
    const hint = safeNormalize(entry.isrc);
    throw new RequestError(
      400,
      "InvalidIsrc",
      hint === undefined
        ? `"${entry.isrc}" is not an ISRC: expected 2 letters, 3 letters or digits, then 7 digits`
        : `sign the canonical ISRC "${hint}" (12 characters, upper case, no hyphens), not "${entry.isrc}"`,
    );
  }
  if (!Number.isInteger(entry.shareBps) || entry.shareBps < 1 || entry.shareBps > MAX_TOTAL_SHARE_BPS) {
    throw new RequestError(400, "InvalidShare", `shareBps ${entry.shareBps} is not between 1 and 10000`);
  }
  if (entry.deadline < now) {
    throw new RequestError(422, "SignatureExpired", `the signature's deadline ${entry.deadline} has passed (${now})`);
  }
  const { chain } = context;
  const message: CatalogEntryMessage = {
    isrc: entry.isrc,
    campaignId: entry.campaignId,
    shareBps: entry.shareBps,
    nonce: entry.nonce,
    deadline: entry.deadline,
  };
  const terms = await readSettlementTerms(context, entry.campaignId);
  let signer: Address;
  try {
    signer = await recoverTypedDataAddress({
      ...catalogTypedData(chain.chain.id, chain.deployment.EncoreHub, message),
      signature: entry.signature,
    });
  } catch {
    throw new RequestError(400, "InvalidSignature", "the signature is malformed");
  }
  if (signer !== terms.artist) {
    throw new RequestError(
      403,
      "NotCampaignArtist",
      `the entry is signed by ${signer}, but campaign ${entry.campaignId}'s artist is ${terms.artist}`,
    );
  }
  const digest = catalogDigest(chain.chain.id, chain.deployment.EncoreHub, message);
  return context.db.transaction(async (tx) => {
    // One registration at a time: the share and ownership checks below read the rows they protect.
    await tx.query("LOCK TABLE catalog_entries IN SHARE ROW EXCLUSIVE MODE");
    await refuseConflicts(tx, { ...entry, artist: signer, digest });
    const [row] = await tx.query<EntryRow>(
      `INSERT INTO catalog_entries (isrc, campaign_id, share_bps, artist, nonce, deadline, signature, digest)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING ${COLUMNS}`,
      [
        entry.isrc,
        entry.campaignId.toString(),
        entry.shareBps,
        signer,
        entry.nonce.toString(),
        entry.deadline.toString(),
        entry.signature.toLowerCase(),
        digest,
      ],
    );
    await appendAudit(tx, {
      actor: `artist:${signer}`,
      action: "catalog.registered",
      subject: `campaign:${entry.campaignId}`,
      data: { isrc: entry.isrc, shareBps: entry.shareBps, digest },
    });
    return toEntry(row);
  });
}

async function refuseConflicts(
  tx: Queryable,
  entry: SignedCatalogEntry & { artist: Address; digest: Hex },
): Promise<void> {
  const replayed = await tx.query<{ digest: string }>(
    "SELECT digest FROM catalog_entries WHERE digest = $1 OR (artist = $2 AND nonce = $3)",
    [entry.digest, entry.artist, entry.nonce.toString()],
  );
  if (replayed.length > 0) {
    throw new RequestError(
      409,
      "CatalogReplay",
      replayed[0].digest === entry.digest
        ? "this signed entry is already registered"
        : `nonce ${entry.nonce} of ${entry.artist} is already used; sign the entry with a new nonce`,
    );
  }
  const holders = await tx.query<EntryRow>(`SELECT ${COLUMNS} FROM catalog_entries WHERE isrc = $1 ORDER BY id`, [
    entry.isrc,
  ]);
  const other = holders.find((row) => row.artist !== entry.artist);
  if (other !== undefined) {
    throw new RequestError(
      409,
      "IsrcClaimed",
      `ISRC ${entry.isrc} is claimed by artist ${other.artist} (campaign ${other.campaign_id})`,
    );
  }
  if (holders.some((row) => row.campaign_id === entry.campaignId)) {
    throw new RequestError(
      409,
      "AlreadyInCatalog",
      `ISRC ${entry.isrc} is already in campaign ${entry.campaignId}'s catalog (entries cannot be changed)`,
    );
  }
  const total = holders.reduce((sum, row) => sum + row.share_bps, 0);
  if (total + entry.shareBps > MAX_TOTAL_SHARE_BPS) {
    throw new RequestError(
      409,
      "ShareExceeded",
      `ISRC ${entry.isrc} has ${total} bps assigned to campaigns already; ${entry.shareBps} more would pass 10000`,
    );
  }
}

/** The entries of ISRC `isrc` (canonical form), oldest first. */
export async function catalogByIsrc(db: Queryable, isrc: string): Promise<CatalogEntry[]> {
  const rows = await db.query<EntryRow>(`SELECT ${COLUMNS} FROM catalog_entries WHERE isrc = $1 ORDER BY id`, [isrc]);
  return rows.map(toEntry);
}

/** The entries of campaign `campaignId`, by ISRC. */
export async function catalogByCampaign(db: Queryable, campaignId: bigint): Promise<CatalogEntry[]> {
  const rows = await db.query<EntryRow>(`SELECT ${COLUMNS} FROM catalog_entries WHERE campaign_id = $1 ORDER BY isrc`, [
    campaignId.toString(),
  ]);
  return rows.map(toEntry);
}

/** Every entry, by id (the CLI's listing; the catalog is small next to statements). */
export async function listCatalog(db: Queryable, limit = 1_000, afterId = 0n): Promise<CatalogEntry[]> {
  const rows = await db.query<EntryRow>(`SELECT ${COLUMNS} FROM catalog_entries WHERE id > $1 ORDER BY id LIMIT $2`, [
    afterId.toString(),
    limit,
  ]);
  return rows.map(toEntry);
}

/** The entry as the JSON body `POST /catalog` takes (uint values as decimal strings). */
export function catalogEntryBody(entry: SignedCatalogEntry) {
  return {
    isrc: entry.isrc,
    campaignId: entry.campaignId.toString(),
    shareBps: entry.shareBps,
    nonce: entry.nonce.toString(),
    deadline: entry.deadline.toString(),
    signature: entry.signature,
  };
}

/**
 * Forwards an accepted entry to every peer (`POST /catalog`), so all operators report from the same catalog. A
 * peer that already has it answers 409, which counts as done.
 */
export async function pushCatalogEntry(
  context: ServiceContext,
  entry: SignedCatalogEntry,
  logger?: PeerLogger,
): Promise<PeerOutcome[]> {
  const outcomes = await postToPeers(context.config.peers, "/catalog", catalogEntryBody(entry), { logger });
  return outcomes.map((outcome) => (outcome.status === 409 ? { ...outcome, ok: true } : outcome));
}

function toEntry(row: EntryRow): CatalogEntry {
  return {
    id: row.id,
    isrc: row.isrc,
    campaignId: row.campaign_id,
    shareBps: row.share_bps,
    nonce: BigInt(row.nonce),
    deadline: row.deadline,
    signature: row.signature as Hex,
    artist: getAddress(row.artist),
    digest: row.digest as Hex,
    registeredAt: row.registered_at,
  };
}

function safeNormalize(text: string): string | undefined {
  try {
    return normalizeIsrc(text);
  } catch {
    return undefined;
  }
}
