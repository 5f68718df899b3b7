-- Revenue statements and their lines (owned by src/statements/). Amounts are exact decimals (numeric), never floats.

-- One row per imported statement: a DSR report (one or more files, "1of2", "2of2"…) or one distributor CSV file.
CREATE TABLE statements (
  id                 bigserial PRIMARY KEY,
  -- sha256 (hex) of the files' bytes in part order: the same files twice are one statement.
  content_hash       text NOT NULL UNIQUE,
  format             text NOT NULL CHECK (format IN ('dsr', 'csv')),
  -- From the DSR file name / HEAD record (NULL when the source does not say).
  sender             text,
  recipient          text,
  service            text,
  territory          text,
  -- DSR MessageId and profile (e.g. BasicAudioProfile); NULL for CSV statements.
  message_id         text,
  profile            text,
  -- Usage period covered, inclusive dates.
  period_start       date NOT NULL,
  period_end         date NOT NULL,
  -- ISO 4217 currency of every amount of the statement.
  currency           text NOT NULL,
  -- Settlement-token units per 1 unit of `currency` (exact decimal), where the rate came from, and the token's
  -- decimals: amount_units = floor(amount × fx_rate × 10^token_decimals).
  fx_rate            numeric NOT NULL CHECK (fx_rate > 0),
  fx_source          text NOT NULL,
  token_decimals     integer NOT NULL CHECK (token_decimals BETWEEN 0 AND 36),
  -- File names in part order.
  file_names         jsonb NOT NULL,
  line_count         bigint NOT NULL,
  gross_amount       numeric NOT NULL,
  -- Sum of the lines' amount_units (each line is floored separately, so this can be below floor(gross × rate)).
  total_amount_units numeric(78, 0) NOT NULL DEFAULT 0,
  imported_at        timestamptz NOT NULL DEFAULT now()
);

-- One row per revenue line (DSR sales/line-item record, or CSV row).
--
-- Bulk-loaded with COPY, so it carries only the one index its readers need: the primary key, which serves every
-- reader (they select one statement's lines in line_no order, page by page, and join catalog_entries by ISRC from
-- there). Deliberately absent, because each costs a per-row check or B-tree insert on the load (measured: primary key
-- alone ~2.5× the rows/s of primary key + foreign key + isrc index):
-- - a foreign key to statements: the importer writes a statement and its lines in one transaction (a failed import
--   stores neither), and statements are never deleted, so a line cannot lose its statement;
-- - an index on isrc: no reader looks lines up by ISRC across statements;
-- - a unique (statement_id, source_key): the importer detects duplicate lines itself (docs/statements.md).
CREATE TABLE statement_lines (
  statement_id bigint NOT NULL,
  -- 1-based position of the line in the statement (across its files).
  line_no      integer NOT NULL,
  -- Where it came from, for error messages and audits.
  file_name    text NOT NULL,
  file_line    integer NOT NULL,
  isrc         text NOT NULL,
  -- e.g. OnDemandStream, PermanentDownload, AdSupportedStream (DSR use type), or the CSV's own label.
  usage_type   text,
  territory    text,
  quantity     bigint NOT NULL,
  -- Revenue of the line in the statement currency (exact).
  amount       numeric NOT NULL,
  -- The same in settlement-token units after FX (rounded down).
  amount_units numeric(78, 0) NOT NULL,
  -- The line's identity within its statement: DSR SalesTransactionId (LI01: LineItemId); CSV transaction id column,
  -- else isrc|usage type|territory|period start|period end. Two lines of one statement never share it.
  source_key   text,
  PRIMARY KEY (statement_id, line_no)
);
