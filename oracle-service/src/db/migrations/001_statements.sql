-- Revenue statements and their lines (owned by src/statements/). Amounts are exact decimals (numeric), never floats.

-- One row per imported statement: a DSR report (one or more files, "1of2", "2of2"…) or one distributor CSV file.
CREATE TABLE statements (
  id             bigserial PRIMARY KEY,
  -- sha256 (hex) of the files' bytes in part order: the same files twice are one statement.
  content_hash   text NOT NULL UNIQUE,
  format         text NOT NULL CHECK (format IN ('dsr', 'csv')),
  -- From the DSR file name / HEAD record (NULL when the source does not say).
  sender         text,
  recipient      text,
  service        text,
  territory      text,
  -- Usage period covered, inclusive dates.
  period_start   date NOT NULL,
  period_end     date NOT NULL,
  -- ISO 4217 currency of every amount of the statement.
  currency       text NOT NULL,
  -- Settlement-token units per 1 unit of `currency` (exact decimal), where the rate came from, and the token's
  -- decimals: amount_units = floor(amount × fx_rate × 10^token_decimals).
  fx_rate        numeric NOT NULL CHECK (fx_rate > 0),
  fx_source      text NOT NULL,
  token_decimals integer NOT NULL CHECK (token_decimals BETWEEN 0 AND 36),
  -- File names in part order.
  file_names     jsonb NOT NULL,
  line_count     bigint NOT NULL,
  gross_amount   numeric NOT NULL,
  imported_at    timestamptz NOT NULL DEFAULT now()
);

-- One row per revenue line (DSR sales/line-item record, or CSV row).
CREATE TABLE statement_lines (
  statement_id bigint NOT NULL REFERENCES statements (id) ON DELETE CASCADE,
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
  PRIMARY KEY (statement_id, line_no)
);
CREATE INDEX statement_lines_isrc ON statement_lines (isrc);
