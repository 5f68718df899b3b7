-- Sign-In with Ethereum (EIP-4361) sessions (owned by src/accounts/session.ts).

-- Nonces handed out for a SIWE message; each signs in at most once and only before it expires.
CREATE TABLE auth_nonces (
  nonce      text PRIMARY KEY,
  expires_at timestamptz NOT NULL,
  used_at    timestamptz
);

-- Signed-in sessions. Only a sha256 of the bearer token is stored; the token is returned once, at sign-in.
CREATE TABLE sessions (
  token_hash text PRIMARY KEY,
  account_id bigint NOT NULL REFERENCES accounts (id),
  -- The wallet that signed the SIWE message (lower-case).
  address    text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  revoked_at timestamptz
);
CREATE INDEX sessions_account ON sessions (account_id);
