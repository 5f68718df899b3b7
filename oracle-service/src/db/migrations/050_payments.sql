-- Payment rails (owned by src/payments/): card and crypto payments that become on-chain investments, the
-- webhook events already processed (exactly-once), webhook failures (for alerting), the platform's custodial
-- revenue claims, Connect accounts and payouts. Amounts: fiat in minor units (cents, bigint), token amounts as
-- numeric(78,0) in the settlement token's smallest unit.

-- One payment per checkout (Stripe Checkout Session or Coinbase Commerce charge) that should become one
-- `investFor` from the platform treasury. State machine (docs/payments.md):
--   created → investing → invested → (campaign failed, custodial) refund_pending → refunded
--   created → refund_pending → refunded        (the investment could not happen: simulated revert / outbox failed)
--   created → expired | refunded               (never paid | refunded before we saw it paid: out-of-order events)
--   refund_pending → refund_manual             (the rail has no refund API: an operator returns the money)
CREATE TABLE payments (
  id                  bigserial PRIMARY KEY,
  -- Public id ("pay_" + 20 hex characters) carried in the provider's metadata and echoed in its webhooks.
  public_id           text NOT NULL UNIQUE,
  provider            text NOT NULL CHECK (provider IN ('stripe', 'coinbase')),
  -- The provider's payment object (Checkout Session id "cs_…", Commerce charge code); NULL until it exists.
  provider_ref        text,
  -- The captured money (Stripe PaymentIntent "pi_…", Commerce charge code), known once paid; refunds use it.
  provider_payment_id text,
  account_id          bigint NOT NULL REFERENCES accounts (id),
  campaign_id         numeric(78, 0) NOT NULL,
  -- Who receives the shares (lower-case address): the fan's wallet, or the treasury for a custodial investment.
  beneficiary         text NOT NULL,
  -- True when the fan has no wallet: the treasury holds the shares for them (custodial position).
  custodial           boolean NOT NULL,
  amount_minor        bigint NOT NULL CHECK (amount_minor > 0),
  -- Lower-case ISO 4217 code.
  currency            text NOT NULL,
  -- amount_minor converted at the documented 1:1 rule into settlement-token units.
  token_amount        numeric(78, 0) NOT NULL CHECK (token_amount > 0),
  state               text NOT NULL DEFAULT 'created' CHECK (state IN (
                        'created', 'investing', 'invested', 'expired', 'refund_pending', 'refunded', 'refund_manual')),
  -- Why the payment is where it is (a decoded revert, "campaign_failed", a rail error), for operators.
  state_reason        text,
  -- Outbox key of the investFor ("card:invest:<provider ref>"), set once enqueued.
  outbox_key          text,
  -- The provider's refund id, once refunded.
  refund_id           text,
  created_at          timestamptz NOT NULL DEFAULT now(),
  updated_at          timestamptz NOT NULL DEFAULT now(),
  UNIQUE (provider, provider_ref)
);
CREATE INDEX payments_open ON payments (state) WHERE state IN ('investing', 'invested', 'refund_pending');
CREATE INDEX payments_provider_payment ON payments (provider, provider_payment_id);

-- Webhook events already processed: inserted first in the event's transaction (ON CONFLICT DO NOTHING), so a
-- repeated delivery changes nothing.
CREATE TABLE payment_events (
  provider     text NOT NULL,
  -- The provider's event id ("evt_…", Commerce event uuid, PayPal "WH-…").
  event_id     text NOT NULL,
  -- The provider's event type, or the normalized outcome.
  type         text NOT NULL,
  -- The payment it applied to, when any.
  payment_id   bigint REFERENCES payments (id),
  received_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (provider, event_id)
);

-- Webhook deliveries refused (bad or stale signature, unreadable body) or failed while processing: the
-- "webhook failures" alert rule counts recent rows per provider.
CREATE TABLE webhook_errors (
  id        bigserial PRIMARY KEY,
  provider  text NOT NULL,
  -- "verification" (answered 400, nothing stored) or "processing" (answered 500, the provider retries).
  stage     text NOT NULL CHECK (stage IN ('verification', 'processing')),
  message   text NOT NULL,
  at        timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX webhook_errors_recent ON webhook_errors (at);

-- Revenue the treasury claimed on-chain for custodial positions, one row per claim transaction.
CREATE TABLE custodial_claims (
  id           bigserial PRIMARY KEY,
  campaign_id  numeric(78, 0) NOT NULL,
  -- Outbox key of the claim ("custodial:claim:<campaign>:<n>").
  outbox_key   text NOT NULL UNIQUE,
  -- Token units claimed (from the Claimed event of the mined transaction); NULL until confirmed.
  amount       numeric(78, 0),
  -- 'pending' until the outbox entry finished; 'failed' claims (nothing claimable) are kept for the record.
  status       text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'confirmed', 'failed')),
  created_at   timestamptz NOT NULL DEFAULT now()
);

-- Connected payout accounts: Stripe Connect account ids of artists (and fans who chose Connect).
CREATE TABLE connected_accounts (
  account_id   bigint NOT NULL REFERENCES accounts (id),
  provider     text NOT NULL CHECK (provider IN ('stripe')),
  -- The provider's id ("acct_…").
  external_id  text NOT NULL UNIQUE,
  created_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (account_id, provider)
);

-- Fiat payouts. `idempotency_key` is sent to the provider, so a retry after a crash never pays twice;
-- `source` makes each on-chain source of funds paid at most once.
CREATE TABLE payouts (
  id                bigserial PRIMARY KEY,
  -- "payout:<id>" style key sent to the provider (Stripe idempotency key, PayPal sender_batch_id/sender_item_id).
  idempotency_key   text NOT NULL UNIQUE,
  account_id        bigint NOT NULL REFERENCES accounts (id),
  provider          text NOT NULL CHECK (provider IN ('stripe', 'paypal')),
  -- Connect account id or PayPal receiver email (personal data: erased with the account).
  destination       text,
  -- 'revenue': custodial revenue of a wallet-less fan; 'cashout': tokens an artist sent to the treasury.
  kind              text NOT NULL CHECK (kind IN ('revenue', 'cashout')),
  -- For a cash-out: "tx:<hash>:<log index>" of the token transfer to the treasury (paid once); NULL for revenue.
  source            text UNIQUE,
  token_amount      numeric(78, 0) NOT NULL CHECK (token_amount > 0),
  amount_minor      bigint NOT NULL CHECK (amount_minor > 0),
  currency          text NOT NULL,
  -- pending: recorded, not yet accepted by the provider; sent: accepted (PayPal confirms by webhook);
  -- paid: confirmed; failed: refused (error says why; the amount is payable again).
  status            text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'paid', 'failed')),
  provider_payout_id text,
  error             text,
  created_at        timestamptz NOT NULL DEFAULT now(),
  updated_at        timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX payouts_account ON payouts (account_id, kind);
CREATE INDEX payouts_failed ON payouts (updated_at) WHERE status = 'failed';
