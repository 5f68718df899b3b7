/**
 * Following signed entries to the end: find which attempt was mined (any of them: the first or a replacement),
 * wait for confirmations, notice a reorganisation, rebroadcast attempts a node may have lost, replace attempts
 * that stay unmined with higher fees, and give an entry a new nonce when another transaction took its nonce.
 */
import { TransactionReceiptNotFoundError, type Address, type Hex, type TransactionReceipt } from "viem";

import { simulateCall } from "../chain/actions/simulateCall.ts";
import { attemptsOf, broadcastAttempt, insertAttempt, signAttempt, type SignedAttempt } from "./attempts.ts";
import { bumpedFees } from "./fees.ts";
import type { OutboxRow } from "./outboxStore.ts";
import type { OutboxStep } from "./stepContext.ts";
import { countUnminedCheck, markConfirmed, markFailed, markMined, markUnmined, requeue } from "./transitions.ts";

/** One step for an entry in `signed`: mined yet? lost? stuck? nonce taken by someone else? */
export async function trackSigned(step: OutboxStep, row: OutboxRow): Promise<void> {
  const nonce = row.nonce as bigint;
  // Read the settled nonce before the receipts: if the nonce was used at that depth and still none of our
  // attempts has a receipt afterwards, another transaction used it.
  const settledNonce = await step.settledNonce();
  const attempts = await attemptsOf(step.db, row.id, nonce);
  for (const attempt of attempts) {
    const receipt = await receiptOf(step, attempt.txHash);
    if (receipt === undefined) continue;
    const mined = { txHash: attempt.txHash, blockNumber: receipt.blockNumber, blockHash: receipt.blockHash };
    if (await markMined(step.db, row.id, { ...mined, success: receipt.status === "success" })) {
      step.log("outbox: mined", { key: row.key, ...mined });
      step.crashPoints.pass("after-mined");
      await checkMined(step, { ...row, status: "mined", tx_hash: attempt.txHash, block_hash: receipt.blockHash });
    }
    return;
  }
  if (settledNonce > nonce) {
    if (await requeue(step.db, row.id, nonce)) {
      step.markNonceStale();
      step.log("outbox: nonce used by another transaction, signing again", { key: row.key, nonce });
    }
    return;
  }
  const latest = attempts.at(-1);
  if (latest === undefined) throw new Error(`outbox: entry ${row.key} is signed but has no attempt for nonce ${nonce}`);
  if (row.unmined_checks >= step.replaceAfterChecks) {
    await replace(step, row, latest);
    return;
  }
  await broadcastAttempt(step.db, step.chain, latest);
  await countUnminedCheck(step.db, row.id);
}

/** One step for an entry in `mined`: still in the chain? enough confirmations? */
export async function checkMined(step: OutboxStep, row: OutboxRow): Promise<void> {
  const txHash = row.tx_hash as Hex;
  const receipt = await receiptOf(step, txHash);
  if (receipt === undefined || receipt.blockHash !== row.block_hash) {
    await markUnmined(step.db, row.id);
    step.log("outbox: mined transaction left the chain (reorganisation), tracking again", { key: row.key, txHash });
    return;
  }
  if ((await step.head()) - receipt.blockNumber < BigInt(step.confirmations)) return;
  if (receipt.status === "success") {
    if (await markConfirmed(step.db, row.id)) step.log("outbox: confirmed", { key: row.key, txHash });
    return;
  }
  const reason = await revertReason(step, row, receipt);
  if (await markFailed(step.db, row.id, "mined", reason.errorName, reason.message)) {
    step.log("outbox: transaction reverted", { key: row.key, txHash, error: reason.message });
  }
}

/**
 * Signs a replacement with the same nonce and fees ≥ 12.5 % higher, writes it ahead, broadcasts it. When that would
 * offer more than the fee ceiling, keeps the attempt as it is and checks again after as many steps.
 */
async function replace(step: OutboxStep, row: OutboxRow, previous: SignedAttempt): Promise<void> {
  const fees = bumpedFees(previous.fees, await step.chain.publicClient.estimateFeesPerGas(), step.maxFeePerGas);
  if (fees === undefined) {
    await step.db.query("UPDATE outbox_transactions SET unmined_checks = 0, updated_at = now() WHERE id = $1", [
      row.id,
    ]);
    step.log("outbox: unmined, but a replacement would pass the fee ceiling; waiting with the current fees", {
      key: row.key,
      txHash: previous.txHash,
      maxFeePerGas: previous.fees.maxFeePerGas,
      ceiling: step.maxFeePerGas,
    });
    return;
  }
  const replacement = await signAttempt(step.chain, {
    to: row.to_address as Address,
    data: row.data as Hex,
    value: BigInt(row.value),
    gas: BigInt(row.gas_limit as string),
    nonce: previous.nonce,
    fees,
  });
  const written = await step.db.transaction(async (tx) => {
    const [current] = await tx.query<{ status: string; nonce: bigint }>(
      "SELECT status, nonce FROM outbox_transactions WHERE id = $1 FOR UPDATE",
      [row.id],
    );
    if (current?.status !== "signed" || current.nonce !== previous.nonce) return false;
    await insertAttempt(tx, row.id, replacement);
    await tx.query("UPDATE outbox_transactions SET unmined_checks = 0, updated_at = now() WHERE id = $1", [row.id]);
    return true;
  });
  if (!written) return;
  step.crashPoints.pass("after-sign");
  step.log("outbox: replaced unmined transaction with higher fees", {
    key: row.key,
    nonce: previous.nonce,
    txHash: replacement.txHash,
    replaces: previous.txHash,
    maxFeePerGas: fees.maxFeePerGas,
    maxPriorityFeePerGas: fees.maxPriorityFeePerGas,
  });
  await broadcastAttempt(step.db, step.chain, replacement);
  step.crashPoints.pass("after-broadcast");
}

async function receiptOf(step: OutboxStep, txHash: Hex): Promise<TransactionReceipt | undefined> {
  try {
    return await step.chain.publicClient.getTransactionReceipt({ hash: txHash });
  } catch (error) {
    if (error instanceof TransactionReceiptNotFoundError) return undefined;
    throw error;
  }
}

/**
 * Why a mined transaction reverted: out of gas when it used its whole limit, else the call replayed on the state
 * before its block (the best a node without tracing offers).
 */
async function revertReason(
  step: OutboxStep,
  row: OutboxRow,
  receipt: TransactionReceipt,
): Promise<{ errorName: string; message: string }> {
  const where = `reverted in block ${receipt.blockNumber} (${receipt.transactionHash})`;
  if (row.gas_limit !== null && receipt.gasUsed >= BigInt(row.gas_limit)) {
    return { errorName: "OutOfGas", message: `${where}: out of gas` };
  }
  const replay = await simulateCall(step.chain.publicClient, {
    from: step.sender,
    to: row.to_address as Address,
    data: row.data as Hex,
    value: BigInt(row.value),
    blockNumber: receipt.blockNumber - 1n,
  });
  if (replay.status === "reverted") return { errorName: replay.errorName, message: `${where}: ${replay.message}` };
  return { errorName: "unknown", message: `${where}; the reason could not be replayed` };
}
