-- Catalog and revenue reports (owned by src/catalog/ and src/reports/). Addresses are checksummed 0x strings,
-- hashes and signatures 0x-prefixed lower-case hex; uint256 values are numeric(78, 0).

-- ISRC → campaign claims, each signed by the campaign's artist (EIP-712 `CatalogEntry`, domain "Encore Catalog").
CREATE TABLE catalog_entries (
  id            bigserial PRIMARY KEY,
  -- Canonical 12-character ISRC (no hyphens, upper case).
  isrc          text NOT NULL CHECK (isrc ~ '^[A-Z]{2}[A-Z0-9]{3}[0-9]{7}$'),
  campaign_id   bigint NOT NULL,
  -- Share of the track's revenue that belongs to the campaign, in basis points.
  share_bps     integer NOT NULL CHECK (share_bps BETWEEN 1 AND 10000),
  -- The campaign's artist, who signed the entry.
  artist        text NOT NULL,
  nonce         numeric(78, 0) NOT NULL,
  deadline      bigint NOT NULL,
  signature     text NOT NULL,
  -- EIP-712 digest of the entry: the same signed entry is stored at most once.
  digest        text NOT NULL UNIQUE,
  registered_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (isrc, campaign_id),
  -- A nonce serves one entry of an artist (no replay of an old signature under a new entry).
  UNIQUE (artist, nonce)
);
CREATE INDEX catalog_entries_campaign ON catalog_entries (campaign_id);

-- Revenue reports this service built (docs/reports.md): the EIP-712 `Report` fields and its digest.
CREATE TABLE reports (
  id                bigserial PRIMARY KEY,
  campaign_id       bigint NOT NULL,
  -- Unix seconds (UTC), as the oracle's uint64: [period_start, period_end).
  period_start      bigint NOT NULL,
  period_end        bigint NOT NULL,
  gross_revenue     numeric(78, 0) NOT NULL,
  statement_root    text NOT NULL,
  sequence          bigint NOT NULL,
  digest            text NOT NULL UNIQUE,
  leaf_count        bigint NOT NULL,
  -- Block number when the report was built: submission events are looked for from there on.
  built_block       bigint NOT NULL,
  -- built → signed (this operator signed) → queued (submission in the outbox) → submitted (seen on chain);
  -- disputed when the chain says the report was voided.
  status            text NOT NULL CHECK (status IN ('built', 'signed', 'queued', 'submitted', 'disputed')),
  -- The oracle's report id and status (IRevenueOracle.ReportStatus name) once seen on chain.
  onchain_report_id bigint,
  onchain_status    text,
  created_at        timestamptz NOT NULL DEFAULT now(),
  updated_at        timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX reports_campaign ON reports (campaign_id, period_start);

-- The Merkle leaves of a report, in value order (leaf_index = StandardMerkleTree value index).
CREATE TABLE report_leaves (
  report_id       bigint NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
  leaf_index      integer NOT NULL,
  -- 0x + the statement's content_hash (sha256 of its files).
  statement_hash  text NOT NULL,
  line_no         integer NOT NULL,
  isrc            text NOT NULL,
  amount_units    numeric(78, 0) NOT NULL,
  share_bps       integer NOT NULL,
  campaign_amount numeric(78, 0) NOT NULL,
  PRIMARY KEY (report_id, leaf_index)
);

-- Operator signatures of report digests, this operator's and its peers' (each verified before it is stored).
CREATE TABLE report_signatures (
  digest      text NOT NULL REFERENCES reports (digest) ON DELETE CASCADE,
  signer      text NOT NULL,
  signature   text NOT NULL,
  received_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (digest, signer)
);
