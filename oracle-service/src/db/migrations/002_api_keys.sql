-- Operator API keys. Only a sha256 of each key is stored; the key itself is shown once, when it is created.
CREATE TABLE api_keys (
  id         bigserial PRIMARY KEY,
  name       text NOT NULL UNIQUE,
  key_hash   text NOT NULL UNIQUE,
  created_at timestamptz NOT NULL DEFAULT now(),
  revoked_at timestamptz
);
