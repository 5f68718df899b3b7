-- Statement import details (owned by src/statements/): the DSR message identity, per-line identity for duplicate
-- detection, and the statement's total in settlement-token units.

-- DSR MessageId and profile (e.g. BasicAudioProfile); NULL for CSV statements.
ALTER TABLE statements ADD COLUMN message_id text;
ALTER TABLE statements ADD COLUMN profile text;
-- Sum of the lines' amount_units (each line is floored separately, so this can be below floor(gross × rate)).
ALTER TABLE statements ADD COLUMN amount_units numeric(78, 0) NOT NULL DEFAULT 0;

-- The line's identity within its statement: DSR SalesTransactionId (LI01: LineItemId); CSV transaction id column,
-- else isrc|usage type|territory|period start|period end. Two lines of one statement never share it.
ALTER TABLE statement_lines ADD COLUMN source_key text;
