-- Notification delivery, preferences, Web Push subscriptions and operator alerts (owned by src/notifications/ and
-- src/alerts/, see docs/notifications.md).

-- Set once the delivery worker has turned a queued notification into its per-channel deliveries.
ALTER TABLE notifications ADD COLUMN planned_at timestamptz;
CREATE INDEX notifications_unplanned ON notifications (id) WHERE planned_at IS NULL;

-- One row per notification and channel target ('email', 'sms', 'push:<subscription id>'). Status: pending (to
-- send at next_attempt_at), sending (claimed at claimed_at: a worker is sending it; a claim older than the lease is
-- taken again, so a crash mid-send retries), sent (never sent again), failed (gave up: last_error says why),
-- skipped (nothing to send to any more, e.g. the account was erased; last_error says why).
CREATE TABLE notification_deliveries (
  id              bigserial PRIMARY KEY,
  notification_id bigint NOT NULL REFERENCES notifications (id),
  channel         text NOT NULL CHECK (channel IN ('email', 'sms', 'push')),
  target          text NOT NULL,
  status          text NOT NULL DEFAULT 'pending'
                  CHECK (status IN ('pending', 'sending', 'sent', 'failed', 'skipped')),
  attempts        integer NOT NULL DEFAULT 0,
  next_attempt_at timestamptz NOT NULL DEFAULT now(),
  claimed_at      timestamptz,
  sent_at         timestamptz,
  last_error      text,
  UNIQUE (notification_id, target)
);
CREATE INDEX notification_deliveries_due ON notification_deliveries (next_attempt_at)
  WHERE status IN ('pending', 'sending');

-- An account's explicit choices, per kind and channel; a missing row means the default (docs/notifications.md).
CREATE TABLE notification_preferences (
  account_id bigint NOT NULL REFERENCES accounts (id),
  kind       text NOT NULL,
  channel    text NOT NULL CHECK (channel IN ('email', 'sms', 'push')),
  enabled    boolean NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (account_id, kind, channel)
);

-- Web Push subscriptions (a browser's PushSubscription): one account may have several (one per browser).
CREATE TABLE push_subscriptions (
  id         bigserial PRIMARY KEY,
  account_id bigint NOT NULL REFERENCES accounts (id),
  endpoint   text NOT NULL UNIQUE,
  p256dh     text NOT NULL,
  auth       text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX push_subscriptions_account ON push_subscriptions (account_id);

-- Operator alerts: one row per occurrence of a problem (rule + key) from raised_at until resolved_at. At most one
-- open row per rule and key, so a problem found again and again is raised once.
CREATE TABLE alerts (
  id          bigserial PRIMARY KEY,
  rule        text NOT NULL,
  key         text NOT NULL,
  severity    text NOT NULL CHECK (severity IN ('critical', 'warning')),
  summary     text NOT NULL,
  details     jsonb NOT NULL DEFAULT '{}',
  raised_at   timestamptz NOT NULL DEFAULT now(),
  resolved_at timestamptz
);
CREATE UNIQUE INDEX alerts_open ON alerts (rule, key) WHERE resolved_at IS NULL;

-- Notices sent about an alert, one row per event ('raised' or 'resolved'), channel and recipient, written after
-- the send succeeded: a notice that failed (or was cut by a crash) is sent again at the next round.
CREATE TABLE alert_notices (
  alert_id  bigint NOT NULL REFERENCES alerts (id),
  event     text NOT NULL CHECK (event IN ('raised', 'resolved')),
  channel   text NOT NULL CHECK (channel IN ('email', 'sms')),
  recipient text NOT NULL,
  sent_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (alert_id, event, channel, recipient)
);

-- The last keeper-indexed block whose events were turned into notifications (src/notifications/chainNotices.ts);
-- moved in the same transaction as the notifications it enqueued.
CREATE TABLE notification_chain_cursor (
  singleton    boolean PRIMARY KEY DEFAULT true CHECK (singleton),
  block_number bigint NOT NULL
);
