/**
 * Payment routes. Public: `GET /v1/payments/options` (which ways to pay are enabled), `POST /v1/payments/checkout`
 * (start a card or crypto investment; callable from the dApp's origin: `crossOrigin`) and
 * `GET /v1/payments/:paymentId`. Operator (API key, until fans and artists sign in): Connect onboarding, revenue
 * payouts of wallet-less fans and artist cash-outs — they move money to a destination named in the request — and
 * `GET /v1/payments/attention` (attention.ts).
 */
import Type from "typebox";
import { getAddress, type Hex } from "viem";

import { createAccount, getAccountByPublicId } from "../accounts/accounts.ts";
import { requireApiKey } from "../api/auth.ts";
import type { App, ServiceContext } from "../api/context.ts";
import { AddressString, Bytes32String, ErrorBody, UintString } from "../api/schemas.ts";
import { attentionRoute } from "./attention.ts";
import { startCheckout } from "./checkout.ts";
import { paymentsContext } from "./paymentsContext.ts";
import { getPayment } from "./paymentStore.ts";
import { payCashout, payRevenue, PaymentsRequestError, revenueBalance, type Payout } from "./payouts.ts";
import type { StripeRail } from "./stripeRail.ts";
import { readCampaign, transfersToTreasury } from "./treasury.ts";

const CheckoutBody = Type.Object(
  {
    provider: Type.Optional(Type.Union([Type.Literal("stripe"), Type.Literal("coinbase")], { default: "stripe" })),
    campaignId: Type.String({ pattern: "^[1-9][0-9]{0,30}$", description: "campaign id" }),
    amountMinor: Type.String({ pattern: "^[1-9][0-9]{0,11}$", description: "amount in minor units (cents)" }),
    wallet: Type.Optional(AddressString),
    email: Type.Optional(Type.String({ format: "email", maxLength: 254 })),
  },
  { additionalProperties: false },
);

const PaymentView = Type.Object({
  paymentId: Type.String(),
  provider: Type.String(),
  campaignId: UintString,
  amountMinor: UintString,
  currency: Type.String(),
  tokenAmount: UintString,
  custodial: Type.Boolean(),
  state: Type.String(),
  reason: Type.Optional(Type.String()),
  url: Type.Optional(Type.String()),
});

const PayoutView = Type.Object({
  payoutId: Type.String(),
  provider: Type.String(),
  status: Type.String(),
  amountMinor: UintString,
  currency: Type.String(),
  tokenAmount: UintString,
  error: Type.Optional(Type.String()),
});

const STATUS_NAMES: Record<number, string> = {
  404: "Not Found",
  409: "Conflict",
  422: "Unprocessable Entity",
  503: "Service Unavailable",
};

const ERRORS = { 400: ErrorBody, 401: ErrorBody, 404: ErrorBody, 409: ErrorBody, 422: ErrorBody, 503: ErrorBody };

function payoutView(payout: Payout) {
  return {
    payoutId: payout.idempotencyKey,
    provider: payout.provider,
    status: payout.status,
    amountMinor: payout.amountMinor.toString(),
    currency: payout.currency,
    tokenAmount: payout.tokenAmount.toString(),
    ...(payout.error === undefined ? {} : { error: payout.error }),
  };
}

/** Registers the payment routes. */
export function paymentRoutes(app: App, context: ServiceContext): void {
  const payments = paymentsContext(context, (message, data) => app.log.info(data ?? {}, message));
  const operator = requireApiKey(context.db);
  attentionRoute(app, context);
  const refuse = (error: unknown) => {
    if (error instanceof PaymentsRequestError) {
      return Object.assign(error, { statusCode: error.status, code: STATUS_NAMES[error.status] ?? "Bad Request" });
    }
    return error;
  };

  app.get(
    "/v1/payments/options",
    {
      schema: {
        tags: ["payments"],
        summary: "The enabled ways to pay (checkout providers) and the fiat currency of card payments",
        response: {
          200: Type.Object({
            providers: Type.Array(Type.Union([Type.Literal("stripe"), Type.Literal("coinbase")])),
            currency: Type.String(),
          }),
        },
      },
    },
    () =>
      Promise.resolve({
        providers: (["stripe", "coinbase"] as const).filter((provider) => payments.rails[provider] !== undefined),
        currency: payments.payments.currency,
      }),
  );

  app.post(
    "/v1/payments/checkout",
    {
      config: { crossOrigin: true },
      schema: {
        tags: ["payments"],
        summary: "Start a card (Stripe Checkout) or crypto (Coinbase Commerce) investment; wallet or email",
        body: CheckoutBody,
        response: { 201: PaymentView, ...ERRORS },
      },
    },
    async (request, reply) => {
      const body = request.body;
      if ((body.wallet === undefined) === (body.email === undefined)) {
        return reply
          .code(400)
          .send({ error: "Bad Request", message: "body/wallet or body/email: give exactly one of them" });
      }
      try {
        const { payment, url } = await startCheckout(payments, {
          provider: body.provider ?? "stripe",
          campaignId: BigInt(body.campaignId),
          amountMinor: BigInt(body.amountMinor),
          wallet: body.wallet === undefined ? undefined : getAddress(body.wallet),
          email: body.email,
        });
        return reply.code(201).send({
          paymentId: payment.publicId,
          provider: payment.provider,
          campaignId: payment.campaignId.toString(),
          amountMinor: payment.amountMinor.toString(),
          currency: payment.currency,
          tokenAmount: payment.tokenAmount.toString(),
          custodial: payment.custodial,
          state: payment.state,
          url,
        });
      } catch (error) {
        throw refuse(error);
      }
    },
  );

  app.get(
    "/v1/payments/:paymentId",
    {
      schema: {
        tags: ["payments"],
        summary: "A payment's state",
        params: Type.Object({ paymentId: Type.String({ pattern: "^pay_[0-9a-f]{20}$" }) }),
        response: { 200: PaymentView, 404: ErrorBody },
      },
    },
    async (request, reply) => {
      const payment = await getPayment(context.db, request.params.paymentId);
      if (payment === undefined) {
        return reply
          .code(404)
          .send({ error: "Not Found", message: `paymentId ${request.params.paymentId} is unknown` });
      }
      return {
        paymentId: payment.publicId,
        provider: payment.provider,
        campaignId: payment.campaignId.toString(),
        amountMinor: payment.amountMinor.toString(),
        currency: payment.currency,
        tokenAmount: payment.tokenAmount.toString(),
        custodial: payment.custodial,
        state: payment.state,
        ...(payment.stateReason === undefined ? {} : { reason: payment.stateReason }),
      };
    },
  );

  app.post(
    "/v1/payouts/connect",
    {
      preHandler: operator,
      schema: {
        tags: ["payments"],
        summary: "Onboard an artist's Stripe Connect account (operator)",
        security: [{ apiKey: [] }],
        body: Type.Object(
          {
            wallet: AddressString,
            email: Type.Optional(Type.String({ format: "email" })),
            country: Type.Optional(Type.String({ pattern: "^[A-Z]{2}$" })),
          },
          { additionalProperties: false },
        ),
        response: {
          201: Type.Object({ accountId: Type.String(), connectAccountId: Type.String(), url: Type.String() }),
          ...ERRORS,
        },
      },
    },
    async (request, reply) => {
      const stripe = payments.rails.stripe as StripeRail | undefined;
      if (stripe === undefined) {
        return reply.code(503).send({ error: "Service Unavailable", message: "the stripe rail is not configured" });
      }
      const wallet = getAddress(request.body.wallet);
      const [row] = await context.db.query<{ public_id: string; id: bigint }>(
        "SELECT public_id, id FROM accounts WHERE wallet = $1",
        [wallet.toLowerCase()],
      );
      const created =
        row === undefined
          ? await createAccount(context.db, {
              kind: "artist",
              wallet,
              email: request.body.email,
              country: request.body.country,
            })
          : undefined;
      const accountId: string = created?.publicId ?? (row as { public_id: string }).public_id;
      const id: bigint = created?.id ?? (row as { id: bigint }).id;
      const [existing] = await context.db.query<{ external_id: string }>(
        "SELECT external_id FROM connected_accounts WHERE account_id = $1 AND provider = 'stripe'",
        [id.toString()],
      );
      const base = payments.payments.publicUrl;
      const link = await stripe.onboardConnect({
        accountKey: accountId,
        email: request.body.email,
        country: request.body.country,
        returnUrl: `${base}/artist/payouts?connected=1`,
        refreshUrl: `${base}/artist/payouts?refresh=1`,
        existingAccountId: existing?.external_id,
      });
      await context.db.query(
        `INSERT INTO connected_accounts (account_id, provider, external_id) VALUES ($1, 'stripe', $2)
         ON CONFLICT (account_id, provider) DO NOTHING`,
        [id.toString(), link.accountId],
      );
      return reply.code(201).send({ accountId, connectAccountId: link.accountId, url: link.url });
    },
  );

  app.post(
    "/v1/payouts/revenue",
    {
      preHandler: operator,
      schema: {
        tags: ["payments"],
        summary: "Pay a wallet-less fan's custodial revenue to Stripe Connect or PayPal (operator)",
        security: [{ apiKey: [] }],
        body: Type.Object(
          {
            accountId: Type.String({ pattern: "^acct_[0-9a-f]{20}$" }),
            provider: Type.Union([Type.Literal("stripe"), Type.Literal("paypal")]),
            destination: Type.String({ minLength: 3, maxLength: 254, description: "acct_… or PayPal email" }),
          },
          { additionalProperties: false },
        ),
        response: { 201: PayoutView, ...ERRORS },
      },
    },
    async (request, reply) => {
      const account = await getAccountByPublicId(context.db, request.body.accountId);
      if (account === undefined) {
        return reply.code(404).send({ error: "Not Found", message: `accountId ${request.body.accountId} is unknown` });
      }
      try {
        const payout = await payRevenue(payments, {
          accountId: account.id,
          accountKey: account.publicId,
          provider: request.body.provider,
          destination: request.body.destination,
        });
        return reply.code(201).send(payoutView(payout));
      } catch (error) {
        throw refuse(error);
      }
    },
  );

  app.get(
    "/v1/payouts/revenue/:accountId",
    {
      preHandler: operator,
      schema: {
        tags: ["payments"],
        summary: "Custodial revenue of a wallet-less fan: attributed, paid, payable (token units)",
        security: [{ apiKey: [] }],
        params: Type.Object({ accountId: Type.String({ pattern: "^acct_[0-9a-f]{20}$" }) }),
        response: { 200: Type.Object({ attributed: UintString, paid: UintString, payable: UintString }), ...ERRORS },
      },
    },
    async (request, reply) => {
      const account = await getAccountByPublicId(context.db, request.params.accountId);
      if (account === undefined) {
        return reply
          .code(404)
          .send({ error: "Not Found", message: `accountId ${request.params.accountId} is unknown` });
      }
      const balance = await revenueBalance(context.db, account.id);
      return {
        attributed: balance.attributed.toString(),
        paid: balance.paid.toString(),
        payable: balance.payable.toString(),
      };
    },
  );

  app.post(
    "/v1/payouts/cashout",
    {
      preHandler: operator,
      schema: {
        tags: ["payments"],
        summary: "Pay an artist's token transfer to the treasury out to their Connect account, once (operator)",
        security: [{ apiKey: [] }],
        body: Type.Object(
          { wallet: AddressString, campaignId: Type.String({ pattern: "^[1-9][0-9]{0,30}$" }), txHash: Bytes32String },
          { additionalProperties: false },
        ),
        response: { 201: Type.Array(PayoutView), ...ERRORS },
      },
    },
    async (request, reply) => {
      const wallet = getAddress(request.body.wallet);
      const [row] = await context.db.query<{ id: bigint; public_id: string; external_id: string | null }>(
        `SELECT a.id, a.public_id, c.external_id FROM accounts a
         LEFT JOIN connected_accounts c ON c.account_id = a.id AND c.provider = 'stripe' WHERE a.wallet = $1`,
        [wallet.toLowerCase()],
      );
      if (row?.external_id == null) {
        return reply.code(409).send({ error: "Conflict", message: "wallet: this artist has no Connect account yet" });
      }
      const campaign = await readCampaign(context.chain, BigInt(request.body.campaignId));
      if (campaign === undefined) {
        return reply
          .code(404)
          .send({ error: "Not Found", message: `campaignId ${request.body.campaignId} is unknown` });
      }
      const transfers = await transfersToTreasury(
        context.chain,
        request.body.txHash as Hex,
        campaign.token,
        wallet,
        context.config.confirmations,
      );
      if (transfers.length === 0) {
        return reply.code(422).send({
          error: "Unprocessable Entity",
          message: "txHash: no confirmed transfer of the campaign's token from this wallet to the treasury",
        });
      }
      try {
        const paid: Payout[] = [];
        for (const transfer of transfers) {
          paid.push(
            await payCashout(payments, {
              accountId: row.id,
              accountKey: row.public_id,
              destination: row.external_id,
              source: `tx:${request.body.txHash.toLowerCase()}:${transfer.logIndex}`,
              tokenAmount: transfer.amount,
            }),
          );
        }
        return reply.code(201).send(paid.map(payoutView));
      } catch (error) {
        throw refuse(error);
      }
    },
  );
}
