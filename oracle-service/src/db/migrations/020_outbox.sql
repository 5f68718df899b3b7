-- Durable transaction outbox (owned by src/outbox/, see docs/outbox-and-keeper.md). Every transaction the service
-- sends goes through here: enqueued in the caller's DB transaction, then signed, written ahead and broadcast by the
-- outbox worker, tracked until it has enough confirmations.

-- One row per requested transaction; `key` makes enqueuing idempotent.
CREATE TABLE outbox_transactions (
  id                   bigserial PRIMARY KEY,
  -- Caller's idempotency key, e.g. keeper:settle:7 or report:<digest>.
  key                  text NOT NULL UNIQUE,
  -- Human-readable description for logs and dashboards.
  label                text NOT NULL,
  -- Call: 0x-prefixed lower-case address, calldata hex, wei value.
  to_address           text NOT NULL,
  data                 text NOT NULL,
  value                numeric(78, 0) NOT NULL DEFAULT 0,
  -- queued: not signed yet; signed: nonce assigned and at least one signed attempt written (broadcast or not);
  -- mined: one attempt has a receipt, waiting for confirmations; confirmed / failed: final.
  status               text NOT NULL DEFAULT 'queued'
                         CHECK (status IN ('queued', 'signed', 'mined', 'confirmed', 'failed')),
  -- Sending account and nonce, set when first signed (cleared again if another transaction took the nonce).
  sender               text,
  nonce                bigint,
  gas_limit            numeric(78, 0),
  -- Worker steps that found the latest attempt still unmined (a replacement with higher fees resets it).
  unmined_checks       integer NOT NULL DEFAULT 0,
  -- Consecutive failed steps (RPC errors) and when the entry may be tried again (exponential backoff).
  failures             integer NOT NULL DEFAULT 0,
  next_attempt_at      timestamptz NOT NULL DEFAULT now(),
  last_error           text,
  -- Decoded custom error (e.g. EncoreHub_NotFunding) of a failed entry.
  error_name           text,
  -- The attempt that was mined, its block and whether it succeeded.
  tx_hash              text,
  block_number         bigint,
  block_hash           text,
  receipt_success      boolean,
  created_at           timestamptz NOT NULL DEFAULT now(),
  updated_at           timestamptz NOT NULL DEFAULT now(),
  finished_at          timestamptz
);
CREATE INDEX outbox_transactions_open ON outbox_transactions (status, next_attempt_at)
  WHERE status IN ('queued', 'signed', 'mined');

-- Every signed transaction of an entry (the first and each fee-bumped replacement), written before it is broadcast,
-- so that after a crash the very same bytes (same hash) are sent again and whichever attempt mines is recognised.
CREATE TABLE outbox_attempts (
  tx_hash                  text PRIMARY KEY,
  entry_id                 bigint NOT NULL REFERENCES outbox_transactions (id),
  nonce                    bigint NOT NULL,
  max_fee_per_gas          numeric(78, 0) NOT NULL,
  max_priority_fee_per_gas numeric(78, 0) NOT NULL,
  raw_transaction          text NOT NULL,
  signed_at                timestamptz NOT NULL DEFAULT now(),
  -- When a node first accepted it (NULL: the worker stopped between writing and broadcasting).
  broadcast_at             timestamptz
);
CREATE INDEX outbox_attempts_entry ON outbox_attempts (entry_id, nonce);

-- Next nonce per sending account, reconciled with the chain's pending transaction count when a worker starts.
CREATE TABLE outbox_nonces (
  sender     text PRIMARY KEY,
  next_nonce bigint NOT NULL
);
