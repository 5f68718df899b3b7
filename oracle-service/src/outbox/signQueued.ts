/**
 * queued → signed: simulate the call, estimate gas and fees, take a nonce, sign, write the signed transaction
 * ahead (committed), and only then broadcast it. A call that reverts in simulation fails the entry for good with
 * its decoded error.
 */
import type { Address, Hex } from "viem";

import { simulateCall } from "../chain/actions/simulateCall.ts";
import { broadcastAttempt, insertAttempt, signAttempt, type SignedAttempt } from "./attempts.ts";
import { cappedFees } from "./fees.ts";
import { allocateNonce } from "./nonces.ts";
import type { OutboxRow } from "./outboxStore.ts";
import type { OutboxStep } from "./stepContext.ts";
import { markFailed } from "./transitions.ts";

/** Gas limit = estimate × 120 %: state can change a little between estimate and inclusion. */
const GAS_MARGIN_PERCENT = 120n;

/** Signs and sends one queued entry. */
export async function signQueued(step: OutboxStep, row: OutboxRow): Promise<void> {
  const client = step.chain.publicClient;
  const call = { to: row.to_address as Address, data: row.data as Hex, value: BigInt(row.value) };
  const simulation = await simulateCall(client, { from: step.sender, ...call });
  if (simulation.status === "reverted") {
    if (await markFailed(step.db, row.id, "queued", simulation.errorName, `would revert: ${simulation.message}`)) {
      step.log("outbox: entry fails in simulation", { key: row.key, error: simulation.message });
    }
    return;
  }
  const estimate = await client.estimateGas({ account: step.sender, ...call });
  const gas = (estimate * GAS_MARGIN_PERCENT) / 100n;
  const fees = cappedFees(await client.estimateFeesPerGas(), step.maxFeePerGas);
  await step.ensureNonceReconciled();

  const attempt = await step.db.transaction(async (tx): Promise<SignedAttempt | undefined> => {
    const [current] = await tx.query<{ status: string }>(
      "SELECT status FROM outbox_transactions WHERE id = $1 FOR UPDATE",
      [row.id],
    );
    if (current?.status !== "queued") return undefined;
    const nonce = await allocateNonce(tx, step.sender);
    const signed = await signAttempt(step.chain, { ...call, gas, nonce, fees });
    await insertAttempt(tx, row.id, signed);
    await tx.query(
      `UPDATE outbox_transactions SET status = 'signed', sender = $2, nonce = $3, gas_limit = $4, unmined_checks = 0,
         updated_at = now() WHERE id = $1`,
      [row.id, step.sender.toLowerCase(), nonce, gas.toString()],
    );
    return signed;
  });
  if (attempt === undefined) return;
  step.crashPoints.pass("after-sign");
  step.log("outbox: signed", { key: row.key, nonce: attempt.nonce, txHash: attempt.txHash });
  await broadcastAttempt(step.db, step.chain, attempt);
  step.crashPoints.pass("after-broadcast");
}
