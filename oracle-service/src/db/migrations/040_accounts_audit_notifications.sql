-- Accounts, the hash-chained audit log and the notification queue: the base the fiat rails, notifications,
-- monitoring and GDPR features share (owned by src/accounts/, src/audit/, src/notifications/).

-- Fans, artists, labels and operators. Personal data (email, phone, name) lives only in this table (and in
-- tables that reference accounts by id), never on-chain and never in the audit log. Erasure (DELETE /v1/me)
-- nulls the personal columns and sets erased_at; `public_id` stays as the pseudonymous id ledgers refer to.
CREATE TABLE accounts (
  id                bigserial PRIMARY KEY,
  -- Pseudonymous id used in the audit log, ledgers and logs: "acct_" + 20 random hex characters.
  public_id         text NOT NULL UNIQUE,
  kind              text NOT NULL CHECK (kind IN ('fan', 'artist', 'label', 'operator')),
  -- The account's own wallet (lower-case 0x address); NULL for a fan without a wallet.
  wallet            text UNIQUE,
  -- For a fan without a wallet: the platform-held address their card investments are made for (lower-case).
  custodial_address text UNIQUE,
  email             text,
  phone             text,
  display_name      text,
  -- One of en, fr, ko, es, pt: the language of the account's notifications.
  locale            text NOT NULL DEFAULT 'en' CHECK (locale IN ('en', 'fr', 'ko', 'es', 'pt')),
  -- ISO 3166-1 alpha-2 country of residence, when known.
  country           text CHECK (country ~ '^[A-Z]{2}$'),
  created_at        timestamptz NOT NULL DEFAULT now(),
  erased_at         timestamptz
);

-- Append-only audit log: every privileged action, money movement and configuration change. Each row commits to
-- the previous one (hash = sha256(prev_hash || canonical entry)); `audit_head` keeps the last seq and hash so a
-- deleted tail is detected too. Rows hold pseudonymous ids only, so erasing an account never touches them.
CREATE TABLE audit_log (
  seq        bigint PRIMARY KEY CHECK (seq > 0),
  at         timestamptz NOT NULL,
  -- Who did it: "operator:0x…", "account:acct_…", "system:keeper", "webhook:stripe", "cli:…".
  actor      text NOT NULL,
  -- What, dotted: "payment.investment_queued", "config.api_key_created", "account.erased", …
  action     text NOT NULL,
  -- What it applies to, e.g. "campaign:3", "account:acct_…"; '' when none.
  subject    text NOT NULL,
  -- Details (never personal data); amounts as decimal strings.
  data       jsonb NOT NULL,
  prev_hash  text NOT NULL,
  hash       text NOT NULL UNIQUE
);

CREATE TABLE audit_head (
  singleton  boolean PRIMARY KEY DEFAULT true CHECK (singleton),
  seq        bigint NOT NULL,
  hash       text NOT NULL
);

-- Notifications to send, enqueued in the same DB transaction as the event that causes them (a delivery worker
-- sends them per channel and the account's preferences). `dedupe_key` makes an event notify once.
CREATE TABLE notifications (
  id          bigserial PRIMARY KEY,
  dedupe_key  text NOT NULL UNIQUE,
  account_id  bigint NOT NULL REFERENCES accounts (id),
  kind        text NOT NULL CHECK (kind IN (
                'investment_confirmed', 'campaign_succeeded', 'campaign_failed', 'refund_available',
                'revenue_received', 'payout_sent', 'due_date_reminder', 'overdue_notice')),
  -- Template values (campaign id, amounts as decimal strings, dates as ISO strings, …).
  data        jsonb NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX notifications_account ON notifications (account_id, id);
