/**
 * Signed attempts: signing locally with the operator's account, writing them ahead of the broadcast, and
 * broadcasting (again) without treating "the node already has it" as an error.
 */
import { keccak256, type Hex } from "viem";

import type { ChainContext } from "../chain/client.ts";
import type { Queryable } from "../db/database.ts";
import type { Eip1559Fees } from "./fees.ts";

/** What is signed for one attempt. */
export interface AttemptPlan {
  to: Hex;
  data: Hex;
  value: bigint;
  gas: bigint;
  nonce: bigint;
  fees: Eip1559Fees;
}

/** A signed attempt as stored in `outbox_attempts`. */
export interface SignedAttempt {
  txHash: Hex;
  nonce: bigint;
  fees: Eip1559Fees;
  raw: Hex;
}

/** Node answers meaning "this exact transaction (or its nonce) is already taken care of". */
const ALREADY_HANDLED =
  /already known|known transaction|already imported|already exists|nonce too low|nonce has already been used/i;

/**
 * Signs an EIP-1559 transaction with the chain context's local account. No RPC call: the chain id, nonce, gas and
 * fees are all given.
 *
 * @throws When the account cannot sign transactions locally (a JSON-RPC account).
 */
export async function signAttempt(chain: ChainContext, plan: AttemptPlan): Promise<SignedAttempt> {
  const { account } = chain;
  if (account.signTransaction === undefined) throw new Error("outbox: the operator account cannot sign locally");
  const raw = await account.signTransaction({
    chainId: chain.chain.id,
    type: "eip1559",
    to: plan.to,
    data: plan.data,
    value: plan.value,
    gas: plan.gas,
    nonce: Number(plan.nonce),
    maxFeePerGas: plan.fees.maxFeePerGas,
    maxPriorityFeePerGas: plan.fees.maxPriorityFeePerGas,
  });
  return { txHash: keccak256(raw), nonce: plan.nonce, fees: plan.fees, raw };
}

/** Writes a signed attempt ahead of its broadcast. */
export async function insertAttempt(tx: Queryable, entryId: bigint, attempt: SignedAttempt): Promise<void> {
  await tx.query(
    `INSERT INTO outbox_attempts (tx_hash, entry_id, nonce, max_fee_per_gas, max_priority_fee_per_gas, raw_transaction)
     VALUES ($1, $2, $3, $4, $5, $6)`,
    [
      attempt.txHash,
      entryId,
      attempt.nonce,
      attempt.fees.maxFeePerGas.toString(),
      attempt.fees.maxPriorityFeePerGas.toString(),
      attempt.raw,
    ],
  );
}

/** The attempts of entry `entryId` signed with `nonce`, oldest first. */
export async function attemptsOf(db: Queryable, entryId: bigint, nonce: bigint): Promise<SignedAttempt[]> {
  const rows = await db.query<{
    tx_hash: Hex;
    nonce: bigint;
    max_fee_per_gas: string;
    max_priority_fee_per_gas: string;
    raw_transaction: Hex;
  }>(
    `SELECT tx_hash, nonce, max_fee_per_gas, max_priority_fee_per_gas, raw_transaction FROM outbox_attempts
     WHERE entry_id = $1 AND nonce = $2 ORDER BY signed_at, max_fee_per_gas`,
    [entryId, nonce],
  );
  return rows.map((row) => ({
    txHash: row.tx_hash,
    nonce: row.nonce,
    fees: { maxFeePerGas: BigInt(row.max_fee_per_gas), maxPriorityFeePerGas: BigInt(row.max_priority_fee_per_gas) },
    raw: row.raw_transaction,
  }));
}

/**
 * Sends a signed attempt to the node. Sending the same bytes twice is harmless (same hash): a node that already
 * has the transaction, or whose account nonce moved past it, is not an error here — tracking sorts out which
 * transaction took the nonce.
 *
 * @throws Any other node or network error.
 */
export async function broadcastAttempt(db: Queryable, chain: ChainContext, attempt: SignedAttempt): Promise<void> {
  try {
    await chain.publicClient.sendRawTransaction({ serializedTransaction: attempt.raw });
  } catch (error) {
    if (!ALREADY_HANDLED.test(errorText(error))) throw error;
  }
  await db.query("UPDATE outbox_attempts SET broadcast_at = coalesce(broadcast_at, now()) WHERE tx_hash = $1", [
    attempt.txHash,
  ]);
}

function errorText(error: unknown): string {
  const parts: string[] = [];
  let cause: unknown = error;
  while (cause instanceof Error) {
    parts.push(cause.message, (cause as { details?: string }).details ?? "");
    cause = cause.cause;
  }
  return parts.join(" ");
}
