-- Card disputes (chargebacks), owned by src/payments/disputes.ts. A fan's bank may take a card payment back after
-- the investment happened; the shares cannot be taken back on-chain, so the platform records the dispute, tells the
-- operators (attention report, `payment_dispute` alert) and, when the dispute is lost, moves the payment to
-- `charged_back`: its custodial position stops earning revenue for the fan and is never card-refunded again.
ALTER TABLE payments DROP CONSTRAINT payments_state_check;
ALTER TABLE payments ADD CONSTRAINT payments_state_check CHECK (state IN (
  'created', 'investing', 'invested', 'expired', 'refund_pending', 'refunded', 'refund_manual', 'charged_back'));

-- One row per provider dispute; its status only leaves `open` once (an out-of-order "closed" event inserts it closed).
CREATE TABLE payment_disputes (
  provider      text NOT NULL,
  -- The provider's dispute id ("du_…").
  dispute_id    text NOT NULL,
  payment_id    bigint NOT NULL REFERENCES payments (id),
  status        text NOT NULL CHECK (status IN ('open', 'won', 'lost')),
  amount_minor  bigint NOT NULL CHECK (amount_minor > 0),
  currency      text NOT NULL,
  -- The provider's reason code (e.g. "fraudulent", "product_not_received").
  reason        text NOT NULL,
  opened_at     timestamptz NOT NULL DEFAULT now(),
  closed_at     timestamptz,
  PRIMARY KEY (provider, dispute_id)
);
CREATE INDEX payment_disputes_payment ON payment_disputes (payment_id);
CREATE INDEX payment_disputes_open ON payment_disputes (status) WHERE status = 'open';
