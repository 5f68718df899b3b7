/**
 * Starting a card (Stripe Checkout) or crypto (Coinbase Commerce) investment. The fan is identified by their wallet
 * (shares go to it) or, without a wallet, by email: a fan account is found or created and the treasury holds the
 * shares for them (custodial position, see docs/payments.md). The investment is simulated before the payer is sent
 * to pay, so an investment that cannot happen is refused up front rather than charged and refunded.
 */
import { getAddress, type Address } from "viem";

import { createAccount, getAccount, type Account } from "../accounts/accounts.ts";
import { appendAudit } from "../audit/auditLog.ts";
import type { Queryable } from "../db/database.ts";
import { minorToTokenUnits } from "./amounts.ts";
import type { PaymentsContext } from "./paymentsContext.ts";
import { insertPayment, setProviderRef, type Payment } from "./paymentStore.ts";
import { PaymentsRequestError } from "./payouts.ts";
import { ensureAllowance, readCampaign, simulateInvestment } from "./treasury.ts";

/** A checkout request. */
export interface CheckoutRequest {
  provider: "stripe" | "coinbase";
  campaignId: bigint;
  amountMinor: bigint;
  /** The fan's wallet (shares go there), or … */
  wallet?: Address;
  /** … the email of a fan without a wallet (custodial). */
  email?: string;
}

/** A started checkout. */
export interface CheckoutResult {
  payment: Payment;
  url: string;
}

/**
 * Creates the payment and the provider's checkout.
 *
 * @throws {PaymentsRequestError} 503 rail off, 404 unknown campaign, 409 campaign not funding, 422 the simulated
 *   investment reverts or a custodial investment is asked for a campaign with an on-chain compliance registry.
 */
export async function startCheckout(context: PaymentsContext, request: CheckoutRequest): Promise<CheckoutResult> {
  const rail = context.rails[request.provider];
  if (rail === undefined) throw new PaymentsRequestError(503, `the ${request.provider} rail is not configured`);
  const campaign = await readCampaign(context.chain, request.campaignId);
  if (campaign === undefined) throw new PaymentsRequestError(404, `campaignId ${request.campaignId} does not exist`);
  if (campaign.state !== "Funding") {
    throw new PaymentsRequestError(409, `campaignId ${request.campaignId} is ${campaign.state}, not Funding`);
  }
  const custodial = request.wallet === undefined;
  if (custodial && campaign.compliance !== "0x0000000000000000000000000000000000000000") {
    throw new PaymentsRequestError(
      422,
      `campaignId ${request.campaignId} checks each investor on-chain (compliance registry): connect a wallet to invest`,
    );
  }
  const beneficiary = request.wallet ?? context.chain.account.address;
  const tokenAmount = minorToTokenUnits(request.amountMinor, context.tokenDecimals);
  const check = await simulateInvestment(context.chain, request.campaignId, beneficiary, tokenAmount);
  if (!check.ok && check.allowance !== true) {
    throw new PaymentsRequestError(422, `amountMinor: this investment would be refused (${check.reason})`);
  }

  const payment = await context.db.transaction(async (tx) => {
    // The treasury's one-time approval of the hub, queued now so it is mined long before the payment completes.
    await ensureAllowance(tx, context.chain, campaign.token, tokenAmount);
    const account = await fanAccount(tx, request);
    if (custodial && campaign.maxPerInvestor > 0n) {
      const [held] = await tx.query<{ total: string | null }>(
        `SELECT sum(token_amount)::text AS total FROM payments WHERE account_id = $1 AND campaign_id = $2 AND custodial
         AND state IN ('created', 'investing', 'invested')`,
        [account.id.toString(), request.campaignId.toString()],
      );
      if (BigInt(held?.total ?? "0") + tokenAmount > campaign.maxPerInvestor) {
        throw new PaymentsRequestError(422, `amountMinor: above the campaign's per-investor maximum`);
      }
    }
    const created = await insertPayment(tx, {
      provider: request.provider,
      accountId: account.id,
      campaignId: request.campaignId,
      beneficiary,
      custodial,
      amountMinor: request.amountMinor,
      currency: context.payments.currency,
      tokenAmount,
    });
    await appendAudit(tx, {
      actor: `account:${account.publicId}`,
      action: "payment.checkout_created",
      subject: `payment:${created.publicId}`,
      data: {
        provider: request.provider,
        campaignId: request.campaignId.toString(),
        amountMinor: request.amountMinor.toString(),
        custodial,
      },
    });
    return created;
  });
  const base = context.payments.publicUrl;
  const created = await rail.createPayment({
    paymentId: payment.publicId,
    amountMinor: request.amountMinor,
    currency: context.payments.currency,
    description: `Investment in Encore campaign ${request.campaignId}`,
    // The dApp's campaign route (a hash route) with the payment in the query string, which its page reads back.
    successUrl: `${base}/?payment=${payment.publicId}#/campaign/${request.campaignId}`,
    cancelUrl: `${base}/?payment=${payment.publicId}&cancelled=1#/campaign/${request.campaignId}`,
    email: request.email,
  });
  await setProviderRef(context.db, payment.id, created.providerRef);
  return { payment: { ...payment, providerRef: created.providerRef }, url: created.url };
}

/** The fan's account: by wallet, else a wallet-less fan by email; created when there is none. */
async function fanAccount(tx: Queryable, request: CheckoutRequest): Promise<Account> {
  if (request.wallet !== undefined) {
    const [row] = await tx.query<{ id: bigint }>("SELECT id FROM accounts WHERE wallet = $1", [
      request.wallet.toLowerCase(),
    ]);
    if (row !== undefined) return accountById(tx, row.id);
    return createAccount(tx, { kind: "fan", wallet: getAddress(request.wallet), email: request.email });
  }
  const email = (request.email ?? "").trim().toLowerCase();
  const [row] = await tx.query<{ id: bigint }>(
    `SELECT id FROM accounts WHERE kind = 'fan' AND lower(email) = $1 AND wallet IS NULL AND erased_at IS NULL
     ORDER BY id LIMIT 1`,
    [email],
  );
  if (row !== undefined) return accountById(tx, row.id);
  return createAccount(tx, { kind: "fan", email });
}

async function accountById(tx: Queryable, id: bigint): Promise<Account> {
  const account = await getAccount(tx, id);
  if (account === undefined) throw new Error(`account ${id} vanished`);
  return account;
}
