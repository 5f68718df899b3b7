/**
 * Nonces of the sending account, assigned from a counter in the database (`outbox_nonces`) so that a restarted
 * worker never reuses one it already signed with, and reconciled with the chain so that transactions sent by
 * anything else from the same account are stepped over.
 */
import type { Address, Chain, PublicClient, Transport } from "viem";

import type { Queryable } from "../db/database.ts";

/**
 * Sets the counter to the first nonce nobody has used: the larger of the chain's pending transaction count and one
 * past the highest nonce of this outbox's unfinished (signed or mined) entries. The second term keeps nonces that
 * were written ahead but never reached a node (a crash between signing and broadcasting): those entries are
 * rebroadcast with the nonce they hold.
 *
 * @returns The counter's new value.
 */
export async function reconcileNonce(
  db: Queryable,
  client: PublicClient<Transport, Chain>,
  sender: Address,
): Promise<bigint> {
  const chainPending = BigInt(await client.getTransactionCount({ address: sender, blockTag: "pending" }));
  const [open] = await db.query<{ highest: bigint | null }>(
    "SELECT max(nonce) AS highest FROM outbox_transactions WHERE sender = $1 AND status IN ('signed', 'mined')",
    [sender.toLowerCase()],
  );
  const afterOpen = open.highest === null ? 0n : open.highest + 1n;
  const next = chainPending > afterOpen ? chainPending : afterOpen;
  await db.query(
    `INSERT INTO outbox_nonces (sender, next_nonce) VALUES ($1, $2)
     ON CONFLICT (sender) DO UPDATE SET next_nonce = EXCLUDED.next_nonce`,
    [sender.toLowerCase(), next],
  );
  return next;
}

/**
 * Takes the next nonce of `sender` (row-locked, so concurrent transactions queue up). Call inside the transaction
 * that writes the signed attempt, after {@link reconcileNonce}.
 *
 * @throws When the counter was never reconciled.
 */
export async function allocateNonce(tx: Queryable, sender: Address): Promise<bigint> {
  const [row] = await tx.query<{ nonce: bigint }>(
    "UPDATE outbox_nonces SET next_nonce = next_nonce + 1 WHERE sender = $1 RETURNING next_nonce - 1 AS nonce",
    [sender.toLowerCase()],
  );
  if (row === undefined) throw new Error(`outbox: no nonce counter for ${sender}; reconcile first`);
  return row.nonce;
}
