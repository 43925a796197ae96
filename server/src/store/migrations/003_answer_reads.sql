-- Reads of individual check-in answers (DESIGN §7): one row per viewer, seller, period and day,
-- counting the reads, instead of one audit row per card view.
CREATE TABLE answer_reads (
  tenant_id text NOT NULL REFERENCES tenants ON DELETE CASCADE,
  day date NOT NULL,
  actor_user_id text NOT NULL,
  seller_id text NOT NULL,
  period_key text NOT NULL,
  reads integer NOT NULL CHECK (reads > 0),
  first_at timestamptz NOT NULL,
  last_at timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, day, actor_user_id, seller_id, period_key)
);
