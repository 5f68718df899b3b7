-- Consent records and label ↔ artist links (owned by src/accounts/, see docs/gdpr.md).

-- Consent history: one row per grant or withdrawal, never updated. The current consent to a purpose is its latest
-- row. Rows hold the account id only (no personal data), so they are kept after erasure as proof of what was
-- consented to, and deleted by the retention job once the account has been erased for the retention period.
CREATE TABLE consents (
  id           bigserial PRIMARY KEY,
  account_id   bigint NOT NULL REFERENCES accounts (id),
  -- What the consent is for (src/accounts/consents.ts CONSENT_PURPOSES).
  purpose      text NOT NULL CHECK (purpose IN (
                 'terms', 'privacy', 'marketing_email', 'marketing_sms', 'push_notifications', 'analytics')),
  granted      boolean NOT NULL,
  -- Version of the text the person saw, e.g. "2026-01" or a document hash.
  text_version text NOT NULL CHECK (length(text_version) BETWEEN 1 AND 100),
  at           timestamptz NOT NULL DEFAULT now(),
  -- Where it was given: web, app, api, import, support.
  source       text NOT NULL CHECK (source IN ('web', 'app', 'api', 'import', 'support'))
);
CREATE INDEX consents_account ON consents (account_id, purpose, id);

-- Consent history is append-only: no UPDATE ever; DELETE only of an erased account's rows (the retention job).
-- (The migration runner splits statements at line-final semicolons, so none ends a line inside the body.)
CREATE FUNCTION consents_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' THEN RAISE EXCEPTION 'consents are append-only: record a new consent instead'
  ; END IF; IF NOT EXISTS (SELECT 1 FROM accounts WHERE id = OLD.account_id AND erased_at IS NOT NULL) THEN
    RAISE EXCEPTION 'consents of a live account cannot be deleted'
  ; END IF; RETURN OLD
; END
$$;
CREATE TRIGGER consents_append_only BEFORE UPDATE OR DELETE ON consents
  FOR EACH ROW EXECUTE FUNCTION consents_append_only();

-- A label account manages the profiles and campaigns of several artists. The label asks (status 'requested'); the
-- artist, signed in with their own wallet, approves ('active') or either side ends it ('revoked'). Only an active
-- link lets the label act for the artist.
CREATE TABLE label_artists (
  label_account_id  bigint NOT NULL REFERENCES accounts (id),
  artist_account_id bigint NOT NULL REFERENCES accounts (id),
  status            text NOT NULL CHECK (status IN ('requested', 'active', 'revoked')),
  requested_at      timestamptz NOT NULL DEFAULT now(),
  approved_at       timestamptz,
  revoked_at        timestamptz,
  PRIMARY KEY (label_account_id, artist_account_id),
  CHECK (label_account_id <> artist_account_id)
);
CREATE INDEX label_artists_artist ON label_artists (artist_account_id);
