/**
 * Labels: a label account manages the profiles and campaigns of several artists. The link needs both sides: the
 * label asks for an artist by wallet (`requested`), and the artist — signed in with that wallet, which proves
 * control of it — approves (`active`). Either side can end it (`revoked`); a revoked link can be asked for again.
 * Only an active link lets the label act for the artist ({@link labelManagesArtist}). Every step appends an audit
 * entry (`label.link_requested`, `label.link_approved`, `label.link_revoked`) in the same transaction.
 */
import { getAddress, type Address } from "viem";

import type { Database, Queryable } from "../db/database.ts";
import { appendAudit } from "../audit/auditLog.ts";
import { RequestError } from "../reports/requestError.ts";
import { findAccountByAddress, getAccountByPublicId, type Account } from "./accounts.ts";

/** State of a label ↔ artist link. */
export type LinkStatus = "requested" | "active" | "revoked";

/** A link as either side sees it. */
export interface LabelLink {
  label: { id: string; displayName?: string };
  artist: { id: string; wallet?: Address; displayName?: string };
  status: LinkStatus;
  requestedAt: Date;
  approvedAt?: Date;
  revokedAt?: Date;
}

/**
 * The label asks to manage the artist whose wallet is `artistWallet`.
 *
 * @returns The link (unchanged when it is already requested or active).
 * @throws {RequestError} 403 when `label` is not a label account; 404 when no artist account has that wallet.
 */
export async function requestArtistLink(db: Database, label: Account, artistWallet: Address): Promise<LabelLink> {
  if (label.kind !== "label") throw new RequestError(403, "NotALabel", "only label accounts manage artists");
  return db.transaction(async (tx) => {
    const artist = await findAccountByAddress(tx, artistWallet);
    if (artist === undefined || artist.kind !== "artist" || artist.erasedAt !== undefined) {
      throw new RequestError(404, "UnknownArtist", `artist: no artist account has the wallet ${artistWallet}`);
    }
    const changed = await tx.query(
      `INSERT INTO label_artists (label_account_id, artist_account_id, status) VALUES ($1, $2, 'requested')
       ON CONFLICT (label_account_id, artist_account_id) DO UPDATE
         SET status = 'requested', requested_at = now(), approved_at = NULL, revoked_at = NULL
         WHERE label_artists.status = 'revoked'
       RETURNING 1`,
      [label.id.toString(), artist.id.toString()],
    );
    if (changed.length > 0) {
      await appendAudit(tx, {
        actor: `account:${label.publicId}`,
        action: "label.link_requested",
        subject: `account:${artist.publicId}`,
      });
    }
    return (await links(tx, "l.label_account_id = $1 AND l.artist_account_id = $2", [label.id, artist.id]))[0];
  });
}

/**
 * The artist approves the request of the label `labelPublicId`.
 *
 * @throws {RequestError} 403 when `artist` is not an artist account; 404 when that label asked nothing.
 */
export async function approveLabelLink(db: Database, artist: Account, labelPublicId: string): Promise<LabelLink> {
  if (artist.kind !== "artist") throw new RequestError(403, "NotAnArtist", "only artist accounts approve labels");
  return db.transaction(async (tx) => {
    const label = await getAccountByPublicId(tx, labelPublicId);
    const updated =
      label === undefined
        ? []
        : await tx.query(
            `UPDATE label_artists SET status = 'active', approved_at = now()
             WHERE label_account_id = $1 AND artist_account_id = $2 AND status = 'requested' RETURNING 1`,
            [label.id.toString(), artist.id.toString()],
          );
    const existing =
      label === undefined
        ? []
        : await links(tx, "l.label_account_id = $1 AND l.artist_account_id = $2", [label.id, artist.id]);
    if (label === undefined || existing.length === 0 || existing[0].status === "revoked") {
      throw new RequestError(404, "UnknownLinkRequest", `label: ${labelPublicId} has not asked to manage you`);
    }
    if (updated.length > 0) {
      await appendAudit(tx, {
        actor: `account:${artist.publicId}`,
        action: "label.link_approved",
        subject: `account:${label.publicId}`,
      });
    }
    return existing[0];
  });
}

/**
 * Ends the link between `account` (the label or the artist) and `otherPublicId` (the other side).
 *
 * @throws {RequestError} 404 when there is no requested or active link between them.
 */
export async function revokeLabelLink(db: Database, account: Account, otherPublicId: string): Promise<void> {
  await db.transaction(async (tx) => {
    const other = await getAccountByPublicId(tx, otherPublicId);
    const [labelId, artistId] = account.kind === "label" ? [account.id, other?.id] : [other?.id, account.id];
    const revoked =
      labelId === undefined || artistId === undefined
        ? []
        : await tx.query(
            `UPDATE label_artists SET status = 'revoked', revoked_at = now()
             WHERE label_account_id = $1 AND artist_account_id = $2 AND status <> 'revoked' RETURNING 1`,
            [labelId.toString(), artistId.toString()],
          );
    if (revoked.length === 0) {
      throw new RequestError(404, "UnknownLink", `no requested or active link with ${otherPublicId}`);
    }
    await appendAudit(tx, {
      actor: `account:${account.publicId}`,
      action: "label.link_revoked",
      subject: `account:${otherPublicId}`,
    });
  });
}

/** Links of an account: as a label (its artists) or as an artist (its labels), newest request first. */
export async function accountLinks(db: Queryable, account: Account): Promise<LabelLink[]> {
  return account.kind === "label"
    ? links(db, "l.label_account_id = $1", [account.id])
    : links(db, "l.artist_account_id = $1", [account.id]);
}

/**
 * The artist account `artistPublicId` that `label` manages (an active link), for acting on the artist's behalf.
 *
 * @throws {RequestError} 404 when the label has no active link to that artist.
 */
export async function managedArtist(db: Queryable, label: Account, artistPublicId: string): Promise<Account> {
  const artist = await getAccountByPublicId(db, artistPublicId);
  const active =
    artist === undefined || artist.erasedAt !== undefined
      ? []
      : await db.query(
          "SELECT 1 FROM label_artists WHERE label_account_id = $1 AND artist_account_id = $2 AND status = 'active'",
          [label.id.toString(), artist.id.toString()],
        );
  if (artist === undefined || active.length === 0) {
    throw new RequestError(404, "NotManaged", `artist: you do not manage ${artistPublicId} (no approved link)`);
  }
  return artist;
}

/** Whether label account `labelId` has an active link to the artist with wallet `artistWallet`. */
export async function labelManagesArtist(db: Queryable, labelId: bigint, artistWallet: Address): Promise<boolean> {
  const rows = await db.query(
    `SELECT 1 FROM label_artists l JOIN accounts a ON a.id = l.artist_account_id
     WHERE l.label_account_id = $1 AND a.wallet = $2 AND l.status = 'active' AND a.erased_at IS NULL`,
    [labelId.toString(), artistWallet.toLowerCase()],
  );
  return rows.length > 0;
}

async function links(db: Queryable, where: string, ids: bigint[]): Promise<LabelLink[]> {
  const rows = await db.query<{
    label_public_id: string;
    label_name: string | null;
    artist_public_id: string;
    artist_wallet: string | null;
    artist_name: string | null;
    status: LinkStatus;
    requested_at: Date;
    approved_at: Date | null;
    revoked_at: Date | null;
  }>(
    `SELECT la.public_id AS label_public_id, la.display_name AS label_name, ar.public_id AS artist_public_id,
            ar.wallet AS artist_wallet, ar.display_name AS artist_name, l.status, l.requested_at, l.approved_at,
            l.revoked_at
     FROM label_artists l JOIN accounts la ON la.id = l.label_account_id JOIN accounts ar ON ar.id = l.artist_account_id
     WHERE ${where} ORDER BY l.requested_at DESC`,
    ids.map((id) => id.toString()),
  );
  return rows.map((row) => ({
    label: { id: row.label_public_id, displayName: row.label_name ?? undefined },
    artist: {
      id: row.artist_public_id,
      wallet: row.artist_wallet === null ? undefined : getAddress(row.artist_wallet),
      displayName: row.artist_name ?? undefined,
    },
    status: row.status,
    requestedAt: row.requested_at,
    approvedAt: row.approved_at ?? undefined,
    revokedAt: row.revoked_at ?? undefined,
  }));
}
