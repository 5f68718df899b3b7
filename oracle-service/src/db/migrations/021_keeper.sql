-- Chain follower and keeper (owned by src/keeper/, see docs/outbox-and-keeper.md). Indexed rows keep the block they
-- came from, so a reorganisation rolls back exactly the rows above the fork point; they are written in the same
-- transaction as the cursor, so a crash never skips or double-counts a block range.

-- How far a follower has indexed: the last block (number and hash) whose events are stored.
CREATE TABLE chain_cursors (
  name         text PRIMARY KEY,
  block_number bigint NOT NULL,
  block_hash   text NOT NULL,
  updated_at   timestamptz NOT NULL DEFAULT now()
);

-- Recent cursor positions (the last 256 per follower), to find the fork point after a reorganisation.
CREATE TABLE chain_checkpoints (
  cursor_name  text NOT NULL,
  block_number bigint NOT NULL,
  block_hash   text NOT NULL,
  PRIMARY KEY (cursor_name, block_number)
);

-- EncoreHub.CampaignCreated.
CREATE TABLE keeper_campaigns (
  campaign_id      numeric(78, 0) PRIMARY KEY,
  artist           text NOT NULL,
  funding_deadline bigint NOT NULL,
  block_number     bigint NOT NULL
);

-- EncoreHub.Finalized: success (Active) or not (Failed), what was raised and the fee taken.
CREATE TABLE keeper_finalizations (
  campaign_id  numeric(78, 0) PRIMARY KEY,
  success      boolean NOT NULL,
  raised       numeric(78, 0) NOT NULL,
  fee          numeric(78, 0) NOT NULL,
  block_number bigint NOT NULL
);

-- EncoreHub.FundsReleased: cumulative release after each one.
CREATE TABLE keeper_releases (
  block_number   bigint NOT NULL,
  log_index      integer NOT NULL,
  campaign_id    numeric(78, 0) NOT NULL,
  total_released numeric(78, 0) NOT NULL,
  PRIMARY KEY (block_number, log_index)
);
CREATE INDEX keeper_releases_campaign ON keeper_releases (campaign_id);

-- EncoreHub.Invested: who holds shares of a campaign (the refund batches of a failed one).
CREATE TABLE keeper_investments (
  block_number bigint NOT NULL,
  log_index    integer NOT NULL,
  campaign_id  numeric(78, 0) NOT NULL,
  investor     text NOT NULL,
  amount       numeric(78, 0) NOT NULL,
  PRIMARY KEY (block_number, log_index)
);
CREATE INDEX keeper_investments_campaign ON keeper_investments (campaign_id);

-- EncoreHub.Refunded: investors already paid back.
CREATE TABLE keeper_refunds (
  block_number bigint NOT NULL,
  log_index    integer NOT NULL,
  campaign_id  numeric(78, 0) NOT NULL,
  investor     text NOT NULL,
  amount       numeric(78, 0) NOT NULL,
  PRIMARY KEY (block_number, log_index)
);
CREATE INDEX keeper_refunds_campaign ON keeper_refunds (campaign_id);

-- RevenueOracle report events, with the report's status after each: pending (submitted), disputed, settled, debt,
-- enforced, paid. A report's latest row is its status.
CREATE TABLE keeper_report_events (
  block_number bigint NOT NULL,
  log_index    integer NOT NULL,
  report_id    numeric(78, 0) NOT NULL,
  campaign_id  numeric(78, 0) NOT NULL,
  status       text NOT NULL CHECK (status IN ('pending', 'disputed', 'settled', 'debt', 'enforced', 'paid')),
  PRIMARY KEY (block_number, log_index)
);
CREATE INDEX keeper_report_events_report ON keeper_report_events (report_id, block_number, log_index);

-- Work the keeper enqueued, one row per occurrence: finalize:<campaignId>, settle:<reportId>, enforce:<reportId>,
-- release:<campaignId>:<lastReleasedAt>:<released>, refund:<campaignId>:<batch>. Not rolled back by a
-- reorganisation: the outbox's simulation decides whether the work still applies.
CREATE TABLE keeper_tasks (
  task_key    text PRIMARY KEY,
  -- Outbox entry that carries it (several tasks share one performUpkeep entry).
  outbox_key  text NOT NULL,
  -- Enqueues so far: a task whose entry failed is enqueued again, at most 3 times.
  tries       integer NOT NULL DEFAULT 1,
  enqueued_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX keeper_tasks_outbox ON keeper_tasks (outbox_key);
