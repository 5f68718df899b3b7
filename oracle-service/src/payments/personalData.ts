/**
 * What the payment rails hold about an account, for the GDPR export and erasure (see src/accounts/personalData.ts):
 * payments, their disputes and payouts are accounting records kept after erasure with the account id only; the
 * personal parts —
 * payout destinations (Connect account id or PayPal email) and the connected payout accounts — are removed.
 */
import type { PersonalDataSource } from "../accounts/personalData.ts";

/** Card/crypto payments (with their disputes), payouts and connected payout accounts of an account. */
export const paymentsPersonalData: PersonalDataSource = {
  name: "payments",
  async export(tx, account) {
    const id = account.id.toString();
    const payments = await tx.query<{
      public_id: string;
      provider: string;
      campaign_id: string;
      amount_minor: bigint;
      currency: string;
      token_amount: string;
      state: string;
      created_at: Date;
    }>(
      `SELECT public_id, provider, campaign_id, amount_minor, currency, token_amount, state, created_at
       FROM payments WHERE account_id = $1 ORDER BY id`,
      [id],
    );
    const disputes = await tx.query<{
      public_id: string;
      dispute_id: string;
      status: string;
      reason: string;
      amount_minor: bigint;
      currency: string;
      opened_at: Date;
    }>(
      `SELECT p.public_id, d.dispute_id, d.status, d.reason, d.amount_minor, d.currency, d.opened_at
       FROM payment_disputes d JOIN payments p ON p.id = d.payment_id WHERE p.account_id = $1 ORDER BY d.opened_at`,
      [id],
    );
    const payouts = await tx.query<{
      provider: string;
      destination: string | null;
      kind: string;
      amount_minor: bigint;
      currency: string;
      status: string;
      created_at: Date;
    }>(
      `SELECT provider, destination, kind, amount_minor, currency, status, created_at
       FROM payouts WHERE account_id = $1 ORDER BY id`,
      [id],
    );
    const connected = await tx.query<{ provider: string; external_id: string; created_at: Date }>(
      "SELECT provider, external_id, created_at FROM connected_accounts WHERE account_id = $1 ORDER BY provider",
      [id],
    );
    return {
      payments: payments.map((row) => ({
        id: row.public_id,
        provider: row.provider,
        campaignId: row.campaign_id,
        amountMinor: row.amount_minor.toString(),
        currency: row.currency,
        tokenAmount: row.token_amount,
        state: row.state,
        createdAt: row.created_at.toISOString(),
      })),
      disputes: disputes.map((row) => ({
        paymentId: row.public_id,
        disputeId: row.dispute_id,
        status: row.status,
        reason: row.reason,
        amountMinor: row.amount_minor.toString(),
        currency: row.currency,
        openedAt: row.opened_at.toISOString(),
      })),
      payouts: payouts.map((row) => ({
        provider: row.provider,
        destination: row.destination,
        kind: row.kind,
        amountMinor: row.amount_minor.toString(),
        currency: row.currency,
        status: row.status,
        createdAt: row.created_at.toISOString(),
      })),
      connectedAccounts: connected.map((row) => ({
        provider: row.provider,
        id: row.external_id,
        createdAt: row.created_at.toISOString(),
      })),
    };
  },
  async erase(tx, account) {
    const id = account.id.toString();
    await tx.query("UPDATE payouts SET destination = NULL WHERE account_id = $1", [id]);
    await tx.query("DELETE FROM connected_accounts WHERE account_id = $1", [id]);
  },
};
