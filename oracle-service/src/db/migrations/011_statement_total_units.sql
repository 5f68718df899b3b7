-- statements.amount_units (010) made an unqualified `amount_units` ambiguous in joins with statement_lines; the
-- statement total is named total_amount_units instead.
ALTER TABLE statements RENAME COLUMN amount_units TO total_amount_units;
